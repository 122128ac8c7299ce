"""Writes of case handling: one function per business action.

Each is keyword-only and atomic; it checks that the actor may see the case and holds a role the
rules allow, moves ``Case.status`` only through ``check_transition``, writes the audit
event, and broadcasts queue changes on commit.
"""

from mediation.services.accused import case_accused_confirm, case_accused_record_at_filing
from mediation.services.assist import assist_finding_add
from mediation.services.consultation import consultation_action_done, weekly_consultation_record
from mediation.services.delegation import delegation_grant, delegation_revoke
from mediation.services.escalation import case_escalation_store, case_leader_led_apply
from mediation.services.handling import (
    case_close,
    case_first_contact_record,
    case_follow_up_record,
    case_note_add,
    case_reopen,
    case_site_visit_record,
)
from mediation.services.objections import case_object, case_reassign, objection_deadline, objection_decide
from mediation.services.ownership import case_conference_record, ownership_duty_record, proactive_appointment_record
from mediation.services.petitioners import petitioner_id_reveal
from mediation.services.proxy import case_proxy_assign, proxy_help_record
from mediation.services.queue import case_assign, case_pick, case_release, case_take_back
from mediation.services.reinvestigation import (
    reinvestigation_report_file,
    reinvestigation_report_return,
    reinvestigation_report_sign,
)
from mediation.services.reply import (
    case_completion_sign,
    case_reply_deliver,
    case_reply_draft,
    case_reply_return,
    case_reply_submit,
)
from mediation.services.routing import (
    case_route_propose,
    case_route_propose_at_filing,
    case_routing_confirm,
    case_routing_set_facts,
    case_sign_assignment,
    default_kind,
)
from mediation.services.supervision import supervision_order_answer, supervision_order_issue
from mediation.services.tokens import api_token_issue, api_token_revoke, api_token_user
from mediation.services.warning_slips import warning_slip_issue, warning_slips_raise, warning_slips_sweep

__all__ = [
    "api_token_issue",
    "api_token_revoke",
    "api_token_user",
    "assist_finding_add",
    "case_accused_confirm",
    "case_accused_record_at_filing",
    "case_assign",
    "case_close",
    "case_completion_sign",
    "case_conference_record",
    "case_escalation_store",
    "case_first_contact_record",
    "case_follow_up_record",
    "case_leader_led_apply",
    "case_note_add",
    "case_object",
    "case_pick",
    "case_proxy_assign",
    "case_reassign",
    "case_release",
    "case_reopen",
    "case_reply_deliver",
    "case_reply_draft",
    "case_reply_return",
    "case_reply_submit",
    "case_route_propose",
    "case_route_propose_at_filing",
    "case_routing_confirm",
    "case_routing_set_facts",
    "case_sign_assignment",
    "case_site_visit_record",
    "case_take_back",
    "consultation_action_done",
    "default_kind",
    "delegation_grant",
    "delegation_revoke",
    "objection_deadline",
    "objection_decide",
    "ownership_duty_record",
    "petitioner_id_reveal",
    "proactive_appointment_record",
    "proxy_help_record",
    "reinvestigation_report_file",
    "reinvestigation_report_return",
    "reinvestigation_report_sign",
    "supervision_order_answer",
    "supervision_order_issue",
    "warning_slip_issue",
    "warning_slips_raise",
    "warning_slips_sweep",
    "weekly_consultation_record",
]
