"""Staff pages of case handling (included at the site root)."""

from django.urls import path

from mediation.views import accused, cases, clocks, escalation, handling, legal, printing, queues

app_name = "mediation"

urlpatterns = [
    path("staff/queues/", queues.queue_index, name="queues"),
    path("staff/queues/<slug:unit>/", queues.queue_detail, name="queue"),
    path("staff/inbox/", queues.inbox, name="inbox"),
    path("staff/assisting/", queues.assisting, name="assisting"),
    path("staff/delegations/", queues.delegations, name="delegations"),
    path("staff/delegations/<int:pk>/revoke/", queues.delegation_revoke, name="delegation-revoke"),
    path("staff/discipline/intake/", accused.accused_intake, name="accused-intake"),
    path("staff/cases/<str:code>/", cases.case_detail, name="case"),
    path("staff/cases/<str:code>/petitioner/reveal/", cases.petitioner_reveal, name="petitioner-reveal"),
    path("staff/cases/<str:code>/accused/", accused.accused_form, name="accused"),
    path("staff/cases/<str:code>/accused/confirm/", accused.accused_confirm, name="accused-confirm"),
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
    # Handling, the written reply, follow-up (issue 5).
    path("staff/cases/<str:code>/first-contact/", handling.first_contact, name="first-contact"),
    path("staff/cases/<str:code>/site-visit/", handling.site_visit, name="site-visit"),
    path("staff/cases/<str:code>/notes/", handling.note_add, name="note-add"),
    path("staff/cases/<str:code>/reply/", handling.reply_draft, name="reply-draft"),
    path("staff/cases/<str:code>/reply/submit/", handling.reply_submit, name="reply-submit"),
    path("staff/cases/<str:code>/reply/return/", handling.reply_return, name="reply-return"),
    path("staff/cases/<str:code>/reply/sign/", handling.completion_sign, name="completion-sign"),
    path("staff/cases/<str:code>/reply/deliver/", handling.reply_deliver, name="reply-deliver"),
    path("staff/cases/<str:code>/reply.pdf", handling.reply_letter, name="reply-pdf"),
    path("staff/cases/<str:code>/follow-up/", handling.follow_up, name="follow-up"),
    path("staff/cases/<str:code>/reopen/", handling.reopen, name="reopen"),
    path("staff/cases/<str:code>/close/", handling.close, name="close"),
    path("staff/cases/<str:code>/history/", handling.case_history, name="history"),
    path("track/reply/<str:token>/", handling.public_reply_letter, name="public-reply-pdf"),
    path("track/reopen/", handling.public_reopen, name="public-reopen"),
    # Escalated cases (issue 5).
    path("staff/cases/<str:code>/warning-slip/", escalation.warning_slip, name="warning-slip"),
    path("staff/cases/<str:code>/warning-slip.pdf", printing.warning_slip_pdf_view, name="warning-slip-pdf"),
    path("staff/cases/<str:code>/assignment-sheet.pdf", printing.assignment_sheet, name="assignment-sheet"),
    path("staff/cases/<str:code>/warning-slip/issue/", escalation.warning_slip_issue, name="warning-slip-issue"),
    path("staff/cases/<str:code>/reinvestigation/", escalation.reinvestigation_file, name="reinvestigation-file"),
    path("staff/cases/<str:code>/reinvestigation/sign/", escalation.reinvestigation_sign, name="reinvestigation-sign"),
    path(
        "staff/cases/<str:code>/reinvestigation/return/",
        escalation.reinvestigation_return,
        name="reinvestigation-return",
    ),
    path("staff/cases/<str:code>/duties/", escalation.ownership_duty, name="ownership-duty"),
    path("staff/cases/<str:code>/conference/", escalation.case_conference, name="case-conference"),
    # Deadlines: extensions (issue 5).
    path("staff/cases/<str:code>/extension/", clocks.extension_request, name="extension-request"),
    path("staff/cases/<str:code>/extension/decide/", clocks.extension_decision, name="extension-decide"),
    # The legal-aid decision within 7 days (issue 14).
    path("staff/cases/<str:code>/legal-aid/decide/", clocks.legal_aid_decision, name="legal-aid-decide"),
    path("staff/cases/<str:code>/legal-aid/lawyer/", legal.legal_aid_lawyer, name="legal-aid-lawyer"),
    path("staff/cases/<str:code>/legal-aid/documents/", legal.legal_aid_documents, name="legal-aid-documents"),
    path(
        "staff/cases/<str:code>/legal-aid/decision.pdf",
        printing.legal_aid_decision_view,
        name="legal-aid-decision-pdf",
    ),
    # The legal consultation at the window (issue 16).
    path("staff/cases/<str:code>/consultation/", legal.consultation_record, name="legal-consultation"),
    path("staff/cases/<str:code>/consultation/held/", legal.consultation_held, name="legal-consultation-held"),
]
