"""Staff routes of people's mediation (included at the site root, under the case's own path)."""

from django.urls import path

from peoples_mediation import views

app_name = "peoples_mediation"

_CASE = "staff/cases/<str:code>/mediation"

urlpatterns = [
    path(f"{_CASE}/parties/", views.party_add, name="party-add"),
    path(f"{_CASE}/mediators/", views.mediator_choose, name="mediator-choose"),
    path(f"{_CASE}/consent/", views.consent, name="consent"),
    path(f"{_CASE}/sessions/", views.session_schedule, name="session-schedule"),
    path(f"{_CASE}/sessions/record/", views.session_record, name="session-record"),
    path(f"{_CASE}/sessions/<int:number>/notice/<int:party>.pdf", views.session_notice, name="session-notice"),
    path(f"{_CASE}/agreement/", views.agreement_record, name="agreement-record"),
    path(f"{_CASE}/agreement.pdf", views.agreement_document, name="agreement-pdf"),
    path(f"{_CASE}/failure/", views.failure_record, name="failure-record"),
    path(f"{_CASE}/performance/", views.performance_record, name="performance-record"),
    path(f"{_CASE}/judicial-confirmation/", views.confirmation_record, name="confirmation-record"),
    path(f"{_CASE}/judicial-confirmation.pdf", views.confirmation_application, name="confirmation-pdf"),
]
