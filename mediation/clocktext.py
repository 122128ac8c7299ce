"""What people read about a case's deadline clocks, in the language of the request.

``mediation.rules`` keeps the clocks as data (codes, dates, the Chinese rule text stored with each
clock as the record of how it was computed). The pages read the clock's name, its rule and how its
due date was counted from here, through gettext: the Chinese catalog gives back the rulebook's own
words (``tests/center/test_language.py`` checks that they agree with ``rules.deadlines``).
"""

from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from mediation.rules import deadlines

CLOCK_LABELS: dict[str, Promise] = {
    "first_contact": pgettext_lazy("deadline clock", "First contact (the first call)"),
    "reply": pgettext_lazy("deadline clock", "Written reply"),
    "accept": pgettext_lazy("deadline clock", "Acceptance or assignment"),
    "finish": pgettext_lazy("deadline clock", "Completion"),
    "reinvestigation": pgettext_lazy("deadline clock", "Re-investigation"),
    "legal_aid_decision": pgettext_lazy("deadline clock", "Legal aid decision"),
    "legal_aid_lawyer": pgettext_lazy("deadline clock", "Legal-aid lawyer assigned"),
    "extension": pgettext_lazy("deadline clock", "Extension"),
    "governance_response": pgettext_lazy("deadline clock", "Governance response (measure taken)"),
    "judicial_confirmation": pgettext_lazy("deadline clock", "Application for judicial confirmation"),
    "report_notice": pgettext_lazy("deadline clock", "Reporter told of the acceptance"),
}

STATE_LABELS: dict[str, Promise] = {
    "running": _("running"),
    "due_soon": _("due soon"),
    "overdue": _("overdue"),
    "met": _("met"),
}

# The day a period starts from, which is not counted: "（收到当日不计）".
START_LABELS: dict[str, Promise] = {
    "received": pgettext_lazy("deadline start", "the day of receipt"),
    "assigned": pgettext_lazy("deadline start", "the day of assignment"),
    "warning_slip": pgettext_lazy("deadline start", "the day the warning slip was received"),
    "deadline": pgettext_lazy("deadline start", "the day the original deadline fell"),
    "legal_aid_complete": pgettext_lazy("deadline start", "the day the complete application was received"),
    "legal_aid_granted": pgettext_lazy("deadline start", "the day legal aid was granted"),
    "agreement_effective": pgettext_lazy("deadline start", "the day the mediation agreement took effect"),
}

POLICY_BASIS: dict[str, Promise] = {
    deadlines.FIRST_CONTACT.code: _(
        "Rulebook Lihai Working Committee [2020] No. 38, 1(2): the first call: the handler of the lead unit "
        "must phone the petitioner within 1 working day and ask exactly what they request"
    ),
    deadlines.REPLY_PHONE_ONLINE.code: _(
        "Rulebook Lihai Working Committee [2020] No. 38, 1(5): a case raised by phone or online must be "
        "finished with a written reply within one week"
    ),
    deadlines.REPLY_LETTER_VISIT.code: _(
        "Rulebook Lihai Working Committee [2020] No. 38, 1(5): a case raised by letter or visit must be "
        "finished with a written reply within 15 working days"
    ),
    deadlines.REINVESTIGATION.code: _(
        "Rulebook Lihai Working Committee [2020] No. 38, 2(2): a line office or liaison team that receives "
        "a warning slip must investigate and verify again within 7 working days"
    ),
    deadlines.NATIONAL_ACCEPT.code: _(
        "Regulations on Petition Work (2022): within 15 days of receiving a case, decide whether to accept "
        "it, or to pass it on or assign it"
    ),
    deadlines.NATIONAL_FINISH.code: _(
        "Regulations on Petition Work (2022): a case is finished within 60 days of its acceptance (counted "
        "from its receipt when the acceptance date is not recorded, the stricter reading)"
    ),
    deadlines.NATIONAL_EXTENSION.code: _(
        "Regulations on Petition Work (2022): a complex case may have its time limit extended with the "
        "approval of the head of the organ or unit, by no more than 30 days, and the petitioner is told why"
    ),
    deadlines.LEGAL_AID_DECISION.code: _(
        "Legal Aid Law of the People's Republic of China, article 43: the legal aid organisation reviews an "
        "application within seven days of receiving it and decides whether to grant legal aid; when documents "
        "are missing, it tells the applicant in one go what to supply, and decides within seven days of "
        "receiving the complete application"
    ),
    deadlines.LEGAL_AID_LAWYER.code: _(
        "Legal Aid Law of the People's Republic of China, article 43: once legal aid is granted, the legal aid "
        "organisation assigns a legal aid lawyer to the recipient within three days of the decision"
    ),
    # The center's own rule (the rulebook and the law set no time limit for a governance incident).
    deadlines.GOVERNANCE_RESPONSE_HIGH.code: _(
        "The center's own rule (Rulebook Lihai Working Committee [2020] No. 38 and the higher law set no time "
        "limit for a governance incident): for a high-risk incident the competent unit takes its measure within "
        "1 working day of the dispatch"
    ),
    deadlines.GOVERNANCE_RESPONSE_MEDIUM.code: _(
        "The center's own rule (Rulebook Lihai Working Committee [2020] No. 38 and the higher law set no time "
        "limit for a governance incident): for a medium-risk incident the competent unit takes its measure within "
        "3 working days of the dispatch"
    ),
    deadlines.GOVERNANCE_RESPONSE_LOW.code: _(
        "The center's own rule (Rulebook Lihai Working Committee [2020] No. 38 and the higher law set no time "
        "limit for a governance incident): for a low-risk incident the competent unit takes its measure within "
        "5 working days of the dispatch"
    ),
    deadlines.JUDICIAL_CONFIRMATION.code: _(
        "People's Mediation Law of the People's Republic of China, article 33: once a mediation agreement is "
        "reached, the parties may, if they see the need, apply jointly to the people's court for judicial "
        "confirmation within thirty days of the agreement taking effect (calendar days, the day it took effect "
        "not counted; a last day that is a public holiday moves to the first working day after it)"
    ),
    deadlines.REPORT_NOTICE.code: _(
        "Rules of the discipline inspection and supervision organs on handling reports and accusations (2020): "
        "the petition and report department tells a named reporter how their report was taken up within 15 "
        "working days of receiving a report that the organ accepts"
    ),
}

WAITING_STATE = "waiting"
"""The state of a clock that waits for its start (``rules.deadlines.WAITING_EVENTS``); never stored."""

# Why a waiting clock has not started, and what starts it, by its start event.
WAITING_LABELS: dict[str, Promise] = {
    "legal_aid_complete": _("waiting for a complete application"),
}
WAITING_EXPLANATIONS: dict[str, Promise] = {
    "legal_aid_complete": _(
        "Not started: the 7 days run from the day the application is complete (that day not counted); "
        "record the documents received, and tell the applicant in one go what is still missing"
    ),
}

PROVISIONAL_MARK = _(
    "Counted Monday to Friday (New Year's Day excepted) for now; to be recomputed once the holidays are published"
)
_PROVISIONAL_NOTE = _(
    "; the period runs into a year whose holidays are not yet published: counted Monday to Friday (New "
    "Year's Day excepted) for now, to be recomputed once they are published"
)
_POLICIES = {policy.code: policy for policy in deadlines.DEFAULT_POLICIES}


def clock_label(clock: str) -> str:
    label = CLOCK_LABELS.get(clock)
    return str(label) if label is not None else clock


def state_label(state: str) -> str:
    label = STATE_LABELS.get(state)
    return str(label) if label is not None else state


def waiting_row(clock: str) -> dict:
    """What the clocks section shows of a clock waiting for its start: its name, state, rule and why."""
    policy = next(
        p for p in deadlines.DEFAULT_POLICIES if p.clock == clock and p.starts_from in deadlines.WAITING_EVENTS
    )
    return {
        "clock": {"clock": clock},
        "state": WAITING_STATE,
        "label": clock_label(clock),
        "state_label": str(WAITING_LABELS[policy.starts_from]),
        "basis": clock_basis(policy.code, policy.basis),
        "explanation": str(WAITING_EXPLANATIONS[policy.starts_from]),
        "waiting": True,
    }


def clock_basis(policy_code: str, stored: str) -> str:
    """The rule that set a clock; the text stored with the clock for a policy no longer known."""
    basis = POLICY_BASIS.get(policy_code)
    return str(basis) if basis is not None else stored


def _day(day: date) -> str:
    return date_format(day, "Y-m-d")


def _counted(start: date, amount: int, unit: str, starts_from: str, due_on: date) -> str:
    """How a period of ``amount`` ``unit`` from ``start`` was counted to ``due_on``."""
    values = {"start": _day(start), "days": amount, "event": START_LABELS[starts_from], "due": _day(due_on)}
    if unit == "working_days":
        return (
            gettext(
                "from %(start)s, %(days)s working days (%(event)s not counted), moved past holidays, due on %(due)s"
            )
            % values
        )
    last_day = start + timedelta(days=amount)
    if last_day != due_on:
        values["last"] = _day(last_day)
        return (
            gettext(
                "from %(start)s, %(days)s days (%(event)s not counted); the last day %(last)s is a rest day, moved "
                "to the first working day after it, %(due)s"
            )
            % values
        )
    return gettext("from %(start)s, %(days)s days (%(event)s not counted), due on %(due)s") % values


def clock_explanation(clock, extension=None) -> str:
    """How the clock's due date was counted, from its facts; the stored text when they cannot say.

    ``clock`` is a ``CaseClock``; ``extension`` the approved ``Extension`` that moved it, if any.
    """
    policy = _POLICIES.get(clock.policy_code)
    if policy is None:
        return clock.explanation
    if policy.code == deadlines.NATIONAL_EXTENSION.code:
        if extension is None or extension.due_before is None:
            return clock.explanation
        counted = _counted(extension.due_before, extension.days, "calendar_days", "deadline", clock.due_on)
        text = gettext("the original deadline %(before)s was extended by %(days)s days: %(counted)s") % {
            "before": _day(extension.due_before),
            "days": extension.days,
            "counted": counted,
        }
    else:
        text = _counted(clock.started_on, policy.amount, policy.unit, policy.starts_from, clock.due_on)
    text = text[:1].upper() + text[1:]
    return text + (str(_PROVISIONAL_NOTE) if clock.provisional else "")
