"""The outcome of a mediation: the agreement (调解协议书) or the termination with a referral; then the
follow-up of the agreement's performance and the parties' judicial confirmation (第三十三条)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case
from cases.rules import status as st
from mediation.services.clocks import clocks_refresh_many
from mediation.services.common import now_or
from mediation.services.handling import case_follow_up_record
from peoples_mediation.models import Agreement, MediatorChoice, Obligation, Party
from peoples_mediation.rules import flow
from peoples_mediation.services.common import answer, record_event, rule, step, text


@dataclass(frozen=True)
class ObligationInput:
    party: Party
    text: str
    due_on: date


@transaction.atomic
def mediation_agreement_record(
    *,
    case: Case,
    actor,
    facts: str,
    dispute: str,
    signed_on: date | None,
    obligations: list[ObligationInput],
    now: datetime | None = None,
) -> Agreement:
    """The agreement as signed by the parties and the mediators under the committee's seal: in force from
    ``signed_on`` (第二十九条). It is the case's written answer, and starts the judicial-confirmation window."""
    now = now_or(now)
    s = step(case, actor, "record_agreement")
    rule(flow.check_mediators_chosen, MediatorChoice.objects.filter(case=s.case).count())
    if signed_on is None:
        raise ActionRefused(_("Give the day the agreement was signed."), code="signed_on")
    if signed_on > timezone.localdate(now):
        raise ActionRefused(_("The agreement cannot be signed in the future."), code="future")
    if any(o.party.case_id != s.case.pk for o in obligations):
        raise ActionRefused(_("No such party in this case."), code="party")
    rule(
        flow.check_agreement,
        facts=facts,
        dispute=dispute,
        obligations=[flow.ObligationFacts(o.party.name, o.text, o.due_on) for o in obligations],
        signed_on=signed_on,
    )
    agreement = Agreement.objects.create(
        case=s.case,
        facts=text(facts, label=_("main facts of the dispute")),
        dispute=text(dispute, label=_("matters in dispute")),
        signed_on=signed_on,
        recorded_by=actor,
        recorded_at=now,
    )
    Obligation.objects.bulk_create(
        Obligation(
            agreement=agreement,
            party=o.party,
            text=text(o.text, label=_("obligation"), max_length=1000),
            due_on=o.due_on,
        )
        for o in obligations
    )
    record_event(
        s, actor, "mediation_agreement_signed", now, effective_on=signed_on.isoformat(), obligations=len(obligations)
    )
    answer(s, actor, flow.AGREED, now)
    clocks_refresh_many([s.case], now=now)  # the 30-day window of 第三十三条 starts from the agreement
    return agreement


@transaction.atomic
def mediation_failure_record(*, case: Case, actor, referral: str, note: str, now: datetime | None = None):
    """Mediation did not succeed: it ends, and the parties are told where to go instead (第二十六条)."""
    now = now_or(now)
    s = step(case, actor, "record_failure")
    rule(flow.check_referral, referral, note)
    s.record.referral = referral
    s.record.referral_note = text(note, label=_("note"), max_length=2000)
    answer(s, actor, flow.FAILED, now, referral=referral, note=s.record.referral_note)
    return s.record


@transaction.atomic
def mediation_performance_record(
    *,
    case: Case,
    actor,
    performance: dict[int, tuple[str, str]],
    method: str,
    satisfaction: str,
    at: datetime | None,
    now: datetime | None = None,
) -> list[Obligation]:
    """How each obligation was performed (第三十一条). The first check is the case's follow-up visit (回访)."""
    now = now_or(now)
    s = step(case, actor, "record_performance")
    obligations = list(Obligation.objects.select_for_update().filter(agreement__case=s.case).order_by("due_on", "pk"))
    states = [performance.get(o.pk, ("", ""))[0] for o in obligations]
    rule(flow.check_performance, states)
    for obligation in obligations:
        state, note = performance[obligation.pk]
        obligation.performance = state
        obligation.performance_note = text(note, label=_("performance note"), required=False, max_length=2000)
        obligation.checked_at = now
    Obligation.objects.bulk_update(obligations, ["performance", "performance_note", "checked_at"])
    record_event(
        s, actor, "mediation_performance_checked", now, performance={str(o.pk): o.performance for o in obligations}
    )
    if s.case.status == st.REPLIED:
        labels = dict(Obligation.Performance.choices)
        summary = "；".join(f"{o.text[:30]}：{labels[o.performance]}" for o in obligations)
        case_follow_up_record(
            case=s.case, actor=actor, at=at, method=method, satisfaction=satisfaction, comments=summary, now=now
        )
    return obligations


@transaction.atomic
def mediation_confirmation_record(
    *, case: Case, actor, applied: bool, court: str = "", applied_on: date | None = None, now: datetime | None = None
) -> Agreement:
    """The parties applied jointly to the court for judicial confirmation, or declared they will not; either
    meets the 30-day window's clock."""
    now = now_or(now)
    s = step(case, actor, "record_confirmation")
    agreement = Agreement.objects.select_for_update().get(case=s.case)
    if agreement.confirmation:
        raise ActionRefused(_("The parties' decision on judicial confirmation is already recorded."), code="recorded")
    if applied:
        if applied_on is None:
            raise ActionRefused(_("Give the day the parties applied."), code="applied_on")
        if applied_on > timezone.localdate(now) or applied_on < agreement.signed_on:
            raise ActionRefused(
                _("The day of the application must be between the agreement and today."), code="applied_on"
            )
        agreement.confirmation_court = text(court, label=_("court"), max_length=100)
        agreement.confirmation_on = applied_on
    agreement.confirmation = "applied" if applied else "waived"
    agreement.save()
    record_event(
        s,
        actor,
        "judicial_confirmation_applied" if applied else "judicial_confirmation_waived",
        now,
        court=agreement.confirmation_court,
    )
    return agreement
