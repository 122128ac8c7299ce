"""The one registry of case event kinds: each kind's code, its label, and whether the public may see it.

It lives in ``intake`` because ``intake`` owns the case record (``Case`` and ``CaseEvent``) and the
public tracking page, and every other app that writes or shows events (case handling, the lobby,
the API) already depends on ``intake``, never the other way round. A registry in ``mediation``
would make the tracking page import case handling just to read a word.

- ``code`` is the stored ``CaseEvent.kind`` (English, from the glossary; never changes).
- ``label`` is what staff read in a case's history (through gettext; Chinese in the catalog).
- ``public`` says the kind may be shown on the tracking page (/track/): only these kinds are ever
  written with ``public=True``, and ``public_label`` is how the petitioner reads them.

``tests/intake/test_event_registry.py`` reads the source and fails on any kind written anywhere
that is not registered here, and on any label without its Chinese translation.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventKind:
    code: str
    label: Promise
    public: bool = False
    public_label: Promise | None = None


_KINDS = (
    # intake and routing (issues 3 and 4)
    EventKind("filed", _("Case filed"), public=True, public_label=_("The center received your case.")),
    EventKind("repeat_link_confirmed", _("Link to an earlier case confirmed")),
    EventKind("repeat_link_undone", _("Link to an earlier case undone")),
    EventKind("routing_proposed", _("Routing proposed by the rulebook")),
    EventKind("routing_facts_changed", _("Case kind or line office changed")),
    EventKind("routing_confirmed", _("Routing confirmed as proposed")),
    EventKind("routing_overridden", _("Routing changed from the proposal")),
    EventKind("routing_changed", _("Confirmed routing changed")),
    EventKind("assignment_signed", _("Assignment signed")),
    EventKind("picked", _("Picked from the queue")),
    EventKind("released", _("Released to the queue")),
    EventKind("assigned_to_member", _("Given to a member")),
    EventKind("taken_back", _("Taken back")),
    EventKind("objected", _("Objection raised")),
    EventKind("objection_decided", _("Objection decided")),
    EventKind("reassigned", _("Reassigned")),
    EventKind("assist_finding_added", _("Finding of an assisting unit")),
    # handling (issue 5)
    EventKind("first_contact", _("First phone call with the petitioner")),
    EventKind("site_visit", _("On-site verification")),
    EventKind("note_added", _("Handling note")),
    EventKind("reply_drafted", _("Reply drafted")),
    EventKind("reply_submitted", _("Reply submitted for the completion signature")),
    EventKind("reply_returned", _("Reply returned for revision")),
    EventKind("completion_signed", _("Completion signed")),
    EventKind("reply_delivered", _("Reply delivered"), public=True, public_label=_("The written reply was delivered.")),
    EventKind("follow_up", _("Follow-up visit")),
    EventKind(
        "reopened",
        _("Case reopened"),
        public=True,
        public_label=_("Your case was reopened and will be handled again."),
    ),
    EventKind("closed", _("Case closed"), public=True, public_label=_("Your case is closed.")),
    # deadlines and extensions (issue 6)
    EventKind("extension_requested", _("Extension requested")),
    EventKind("extension_decided", _("Extension decided")),
    EventKind(
        "deadline_extended",
        _("Reply deadline extended"),
        public=True,
        public_label=_("The reply deadline was extended."),
    ),
    EventKind(
        "deadline_recomputed",
        _("Deadline recomputed on the official calendar"),
        public=True,
        public_label=_("The reply date was recomputed on the official holiday schedule."),
    ),
    EventKind("legal_aid_documents_recorded", _("Legal-aid documents recorded, some missing")),
    EventKind("legal_aid_application_complete", _("Legal-aid application complete")),
    EventKind("legal_aid_decided", _("Legal aid decided")),
    EventKind(
        "legal_aid_lawyer_assigned",
        _("Legal-aid lawyer assigned"),
        public=True,
        public_label=_("A legal-aid lawyer was assigned to you."),
    ),
    # legal service (issue 16)
    EventKind(
        "legal_consultation_given",
        _("Legal consultation answered at the window"),
        public=True,
        public_label=_("Legal advice was given at the window; your case is closed."),
    ),
    EventKind(
        "legal_consultation_booked",
        _("Consultation booked with the duty lawyer"),
        public=True,
        public_label=_("A consultation with the duty lawyer is booked for you."),
    ),
    EventKind(
        "legal_consultation_held",
        _("Booked legal consultation held"),
        public=True,
        public_label=_("The duty lawyer gave you legal advice; your case is closed."),
    ),
    EventKind(
        "legal_consultation_no_show",
        _("Resident did not come to the booked consultation"),
        public=True,
        public_label=_("You did not come at the booked time; the legal service will book a new date with you."),
    ),
    EventKind(
        "legal_consultation_closed_unattended",
        _("Missed consultation closed without another booking"),
        public=True,
        public_label=_(
            "You did not come to the booked consultation and your case is closed; "
            "come to the legal-service window whenever you need advice."
        ),
    ),
    # escalation (issue 7)
    EventKind("warning_slip_issued", _("Warning slip issued")),
    EventKind("reinvestigation_filed", _("Re-investigation report filed")),
    EventKind("reinvestigation_signed", _("Re-investigation report signed")),
    EventKind("reinvestigation_returned", _("Re-investigation report returned")),
    EventKind("reinvestigation_overdue", _("Re-investigation overdue")),
    EventKind("ownership_duty", _("Case ownership duty done")),
    EventKind("case_conference", _("Case conference held")),
    EventKind("proactive_appointment", _("Proactive appointment with the petitioner")),
    EventKind("escalation_recorded", _("Escalation recorded after intake")),
    EventKind("leader_led", _("Case became leader-led")),
    EventKind("supervision_issued", _("Supervision order issued")),
    EventKind("supervision_answered", _("Supervision order answered")),
    EventKind("consultation_decision", _("Decided at the weekly consultation")),
    EventKind("consultation_action_done", _("Consultation action done")),
    EventKind(
        "proxy_assigned",
        _("Proxy agent assigned"),
        public=True,
        public_label=_("A proxy agent now carries your case for you."),
    ),
    EventKind("proxy_help", _("Help given by the proxy agent")),
    EventKind(
        "proxy_filed",
        _("Filed by a proxy agent for the resident"),
        public=True,
        public_label=_("A proxy agent filed this case for you, with your consent, and carries it."),
    ),
    EventKind(
        "proxy_document",
        _("Document carried by the proxy agent"),
        public=True,
        public_label=_("Your proxy agent handed over a document about your case."),
    ),
    # the leaders' duties (issue 17): emergency returns and reception days
    EventKind("return_requested", _("Emergency return requested: return mission opened")),
    EventKind("return_team_set", _("Return team named")),
    EventKind("return_dispatched", _("Return team dispatched")),
    EventKind("return_completed", _("Petitioner brought back")),
    EventKind("return_interview", _("Follow-up interview after the return")),
    EventKind("return_called_off", _("Return mission called off")),
    EventKind("reception_visit", _("Received by the duty leader")),
    # whom a complaint is about (issue 12)
    EventKind("accused_recorded", _("Accused recorded at registration")),
    EventKind("accused_proposed", _("Accused proposed from the complaint's text")),
    EventKind("accused_confirmed", _("Accused confirmed by the discipline office")),
    EventKind("referred_to_district", _("Flagged for the district discipline commission")),
    # people's mediation (issue 16)
    EventKind("mediation_party_added", _("Party to the mediation recorded")),
    EventKind("mediator_chosen", _("Mediator chosen")),
    EventKind("mediation_consent", _("A party's answer to mediation recorded")),
    EventKind("mediation_session_scheduled", _("Mediation session scheduled")),
    EventKind("mediation_session_held", _("Mediation session recorded")),
    EventKind("mediation_agreement_signed", _("Mediation agreement signed")),
    EventKind(
        "mediation_concluded",
        _("Mediation concluded"),
        public=True,
        public_label=_("The mediation of your case has concluded; the mediation committee will tell you the result."),
    ),
    EventKind("mediation_performance_checked", _("Performance of the mediation agreement followed up")),
    EventKind("judicial_confirmation_applied", _("Parties applied for judicial confirmation")),
    EventKind("judicial_confirmation_waived", _("Parties will not apply for judicial confirmation")),
    # the staff workbench (issue 13)
    EventKind("petitioner_id_revealed", _("Petitioner's ID number shown in full")),
    # governance (issue 16)
    EventKind("incident_reported", _("Incident reported by a grid worker or a village")),
    EventKind("screening_item_escalated", _("High-risk dispute from the monthly screening")),
    EventKind(
        "governance_dispatched",
        _("Dispatched to the competent unit"),
        public=True,
        public_label=_("Your matter was sent to the unit competent to handle it."),
    ),
    EventKind(
        "governance_closed",
        _("Closed with the measure taken"),
        public=True,
        public_label=_("The competent unit took its measure and closed the matter."),
    ),
)

EVENT_KINDS: dict[str, EventKind] = {kind.code: kind for kind in _KINDS}
PUBLIC_KINDS = frozenset(code for code, kind in EVENT_KINDS.items() if kind.public)


def event_label(kind: str) -> str:
    """What staff read for an event kind; the raw code only for a kind not registered (a test forbids that)."""
    entry = EVENT_KINDS.get(kind)
    return str(entry.label) if entry is not None else kind


def public_event_label(kind: str) -> str:
    """What the petitioner reads on the tracking page; nothing for a kind that is not public."""
    entry = EVENT_KINDS.get(kind)
    if entry is None or not entry.public:
        return ""
    return str(entry.public_label or entry.label)


REPLIED_KINDS = ("reply_delivered", "mediation_concluded")
"""The written answer reached the petitioner (a mediation's agreement or referral is its answer)."""
CLOSED_KINDS = ("closed", "governance_closed", "legal_consultation_given", "legal_consultation_held")
ANSWERED_KINDS = REPLIED_KINDS + CLOSED_KINDS
"""A case is completed (办结) once answered or closed (a consultation closes without a reply). The
statistics ask "answered?" of every case of a period: ``CaseEvent`` keeps a partial index of these."""
