from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("file-a-case/", views.file_entry, name="file"),
]
