"""Staff pages of case handling (included at the site root)."""

from django.urls import path

from mediation.views import cases, clocks, queues

app_name = "mediation"

urlpatterns = [
    path("staff/queues/", queues.queue_index, name="queues"),
    path("staff/queues/<slug:unit>/", queues.queue_detail, name="queue"),
    path("staff/inbox/", queues.inbox, name="inbox"),
    path("staff/assisting/", queues.assisting, name="assisting"),
    path("staff/delegations/", queues.delegations, name="delegations"),
    path("staff/delegations/<int:pk>/revoke/", queues.delegation_revoke, name="delegation-revoke"),
    path("staff/cases/<str:code>/", cases.case_detail, name="case"),
    path("staff/cases/<str:code>/routing/facts/", cases.routing_facts, name="routing-facts"),
    path("staff/cases/<str:code>/routing/confirm/", cases.routing_confirm, name="routing-confirm"),
    path("staff/cases/<str:code>/sign/", cases.sign, name="sign"),
    path("staff/cases/<str:code>/pick/", cases.pick, name="pick"),
    path("staff/cases/<str:code>/release/", cases.release, name="release"),
    path("staff/cases/<str:code>/assign/", cases.assign, name="assign"),
    path("staff/cases/<str:code>/take-back/", cases.take_back, name="take-back"),
    path("staff/cases/<str:code>/object/", cases.object_to, name="object"),
    path("staff/cases/<str:code>/objection/", cases.objection_decide, name="objection-decide"),
    path("staff/cases/<str:code>/reassign/", cases.reassign, name="reassign"),
    path("staff/cases/<str:code>/findings/", cases.finding_add, name="finding-add"),
    path("staff/cases/<str:code>/extension/", clocks.extension_request, name="extension-request"),
    path("staff/cases/<str:code>/extension/decide/", clocks.extension_decision, name="extension-decide"),
]
