from django.urls import path

from intake.views import desk, kiosk, legal, printing, proxy, public

app_name = "intake"

urlpatterns = [
    path("file/done/<str:token>/", public.online_done, name="online-done"),
    path("file/done/<str:token>/acknowledgement.pdf", printing.online_acknowledgement, name="online-ack"),
    path("track/", public.track, name="track"),
    path("proxy/", public.proxy_list, name="proxy-list"),
    path("kiosk/", kiosk.start, name="kiosk"),
    path("kiosk/file/", kiosk.file_case, name="kiosk-file"),
    path("kiosk/slip/<str:token>/", kiosk.slip, name="kiosk-slip"),
    path("kiosk/track/", kiosk.track, name="kiosk-track"),
    path("kiosk/enroll/<str:key>/", kiosk.enroll, name="kiosk-enroll"),
    path("staff/desk/", desk.register, name="desk"),
    path("staff/desk/earlier/", desk.earlier, name="desk-earlier"),
    path("staff/desk/cases/<str:code>/", desk.case_detail, name="desk-case"),
    path("staff/desk/cases/<str:code>/links/<int:link_id>/", desk.link_decide, name="desk-link"),
    path("staff/desk/cases/<str:code>/acknowledgement.pdf", printing.desk_acknowledgement, name="desk-ack"),
    path("staff/desk/cases/<str:code>/ticket.pdf", printing.desk_ticket, name="desk-ticket"),
    path("staff/desk/receipts/<str:token>/acknowledgement.pdf", printing.receipt_acknowledgement, name="receipt-ack"),
    path("staff/desk/receipts/<str:token>/ticket.pdf", printing.receipt_ticket, name="receipt-ticket"),
    path("staff/legal/consultations/", legal.walk_in, name="legal-walk-in"),
    # 代办 (issue 17): the agent files for a resident, prints the receipt, records a document carried.
    path("staff/proxy/file/", proxy.file_for_resident, name="proxy-file"),
    path("staff/proxy/cases/<str:code>/filed/", proxy.filed, name="proxy-filed"),
    path("staff/proxy/cases/<str:code>/acknowledgement.pdf", proxy.acknowledgement, name="proxy-ack"),
    path("staff/cases/<str:code>/proxy/documents/", proxy.document_record, name="proxy-document"),
    path("staff/cases/<str:code>/files/<int:attachment_id>/", desk.attachment_download, name="attachment"),
]
