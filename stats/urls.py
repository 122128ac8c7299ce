from django.urls import path

from stats import score_views, views

app_name = "stats"

urlpatterns = [
    path("staff/stats/", views.period_page, name="period"),
    path("staff/stats/cases/", views.period_cases, name="cases"),
    path("staff/stats/scores/", score_views.scores_home, name="scores"),
    path("staff/stats/scores/schemes/<int:pk>/new-version/", score_views.scheme_version, name="scheme-version"),
    path("staff/stats/scores/<str:code>/", score_views.score_period, name="score-period"),
    path("staff/stats/scores/<str:code>/compute/", score_views.score_compute, name="score-compute"),
    path("staff/stats/scores/<str:code>/publish/", score_views.score_publish, name="score-publish"),
    path("staff/stats/scores/<str:code>/export/", score_views.score_export, name="score-export"),
    path("staff/stats/scores/<str:code>/<str:kind>/<str:subject>/", score_views.score_subject, name="score-subject"),
    path(
        "staff/stats/scores/<str:code>/<str:kind>/<str:subject>/adjust/", score_views.score_adjust, name="score-adjust"
    ),
]
