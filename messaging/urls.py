from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("staff/messages/sms/<int:pk>/resend/", views.sms_resend, name="sms-resend"),
    path("staff/messages/preferences/", views.preferences, name="preferences"),
    path("messaging/receipts/<str:token>/", views.receipts, name="receipts"),
]
