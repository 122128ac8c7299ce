"""Pages of the lobby and the live staff screens (include at ``lobby/``)."""

from django.urls import path

from lobby.views import alerts, display, escalation, live, windows

app_name = "lobby"

urlpatterns = [
    path("", live.index, name="home"),
    path("display/<str:token>/", display.display, name="display"),
    path("display/<str:token>/snapshot/", display.display_snapshot, name="display-snapshot"),
    path("windows/", windows.window_list, name="windows"),
    path("windows/<slug:code>/", windows.window_detail, name="window"),
    path("windows/<slug:code>/call-next/", windows.call_next, name="call-next"),
    path("windows/<slug:code>/tickets/<int:pk>/recall/", windows.recall, name="recall"),
    path("windows/<slug:code>/tickets/<int:pk>/skip/", windows.skip, name="skip"),
    path("windows/<slug:code>/tickets/<int:pk>/finish/", windows.finish, name="finish"),
    path("windows/<slug:code>/tickets/<int:pk>/transfer/", windows.transfer, name="transfer"),
    path("queues/<slug:unit>/", live.queue, name="queue"),
    path("queues/<slug:unit>/snapshot/", live.queue_snapshot, name="queue-snapshot"),
    path("center/", live.center, name="center"),
    path("center/snapshot/", live.center_snapshot, name="center-snapshot"),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", alerts.acknowledge, name="alert-acknowledge"),
    path("cases/<str:code>/escalation/", escalation.escalation_record, name="escalation-record"),
]
