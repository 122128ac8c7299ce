"""Before mediation: the parties, the mediators chosen (with recusal), the consent of both sides."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case
from mediation.services.common import now_or, person
from peoples_mediation.models import Mediator, MediatorChoice, Party
from peoples_mediation.rules import flow
from peoples_mediation.services.common import answer, record_event, rule, stage_set, step, text


def _facts(case: Case) -> list[flow.PartyFacts]:
    return [flow.PartyFacts(p.name, p.side, p.consent) for p in Party.objects.filter(case=case)]


@transaction.atomic
def mediation_party_add(
    *, case: Case, actor, kind: str, name: str, phone: str, side: str, address: str = "", now: datetime | None = None
) -> Party:
    """Record a party to the dispute: a person or an organisation, applicant or respondent, with contact."""
    now = now_or(now)
    s = step(case, actor, "add_party")
    if kind not in Party.Kind.values:
        raise ActionRefused(_("Choose whether the party is a person or an organisation."), code="kind")
    rule(flow.check_new_party, _facts(s.case), name, side)
    party = Party.objects.create(
        case=s.case,
        kind=kind,
        name=text(name, label=_("name"), max_length=80),
        phone=text(phone, label=_("contact phone"), max_length=20),
        address=text(address, label=_("address"), required=False, max_length=200),
        side=side,
    )
    record_event(s, actor, "mediation_party_added", now, party=party.pk, name=party.name, side=side, party_kind=kind)
    return party


@transaction.atomic
def mediation_mediator_choose(
    *,
    case: Case,
    actor,
    mediator: Mediator,
    related_party: Party | None = None,
    relation: str = "",
    now: datetime | None = None,
) -> MediatorChoice:
    """Choose a mediator of the roster; one who declares a relation to a party must stand aside (refused)."""
    now = now_or(now)
    s = step(case, actor, "choose_mediator")
    if related_party is not None and related_party.case_id != s.case.pk:
        raise ActionRefused(_("No such party in this case."), code="party")
    rule(
        flow.check_mediator_choice,
        active=Mediator.objects.filter(pk=mediator.pk, is_active=True).exists(),
        already_chosen=MediatorChoice.objects.filter(case=s.case, mediator=mediator).exists(),
        related_party=related_party.name if related_party is not None else "",
        relation=relation,
    )
    choice = MediatorChoice.objects.create(case=s.case, mediator=mediator, chosen_by=actor, chosen_at=now)
    record_event(s, actor, "mediator_chosen", now, mediator=mediator.pk, name=mediator.name, by=person(actor))
    return choice


@transaction.atomic
def mediation_consent_record(
    *,
    case: Case,
    actor,
    party: Party,
    consent: bool,
    referral: str = "",
    note: str = "",
    now: datetime | None = None,
) -> str:
    """A party's answer to mediation (第十七条): all yes starts it; a no ends it with a referral.

    Returns the stage the mediation is in afterwards."""
    now = now_or(now)
    s = step(case, actor, "record_consent")
    party = Party.objects.select_for_update().filter(pk=party.pk, case=s.case).first()
    if party is None:
        raise ActionRefused(_("No such party in this case."), code="party")
    rule(flow.check_ready_for_consent, _facts(s.case))
    if not consent:
        rule(flow.check_referral, referral, note)
    party.consent = consent
    party.consent_at = now
    party.save(update_fields=["consent", "consent_at"])
    record_event(s, actor, "mediation_consent", now, party=party.pk, name=party.name, consent=consent)
    stage = flow.stage_after_consent(_facts(s.case))
    if stage == flow.REFUSED:
        s.record.referral = referral
        s.record.referral_note = text(note, label=_("note"))
        answer(s, actor, flow.REFUSED, now, referral=referral, note=s.record.referral_note, party=party.name)
    else:
        stage_set(s, stage)
    return stage
