"""代办 writes that take files (二（三）, issue 17): an agent files a case for a resident, and records a
document carried between the resident and a unit.

Filing goes through the desk's own ``case_file`` (the same routing proposal, clocks, repeat links and
alerts) in one transaction with the proxy handling, the resident's consent and its event: a refusal
stores nothing, files included.
"""

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from cases.models import Case, CaseEvent, Channel, ProxyHandling, private_storage
from departments.models import ProxyAgent
from intake.attachments import CheckedFile
from intake.services import CaseInput, FiledCase, PetitionerInput, attachment_store, case_file
from mediation.models import ProxyConsent, ProxyDocument, ProxyMatter
from mediation.models.proxy import PROXY_SERVICES
from mediation.services.common import event, load, now_or, person
from mediation.services.oversight import required_text

CONSENT_MAX_AGE_DAYS = 90
"""A consent given longer ago than this is to be given again before the agent files."""


@dataclass(frozen=True)
class AgentFiling:
    """What the agent files for the resident, as a form has validated it."""

    matter: ProxyMatter | None
    request: str
    resident: PetitionerInput
    consent_method: str
    consent_on: date | None
    consent_file: CheckedFile | None = None


def active_agent_of(user) -> ProxyAgent | None:
    """The person's active proxy-agent record, if they are one."""
    if user is None or not user.is_authenticated:
        return None
    return ProxyAgent.objects.filter(user=user, is_active=True).select_related("village").first()


def _agent_required(actor) -> ProxyAgent:
    agent = active_agent_of(actor)
    if agent is None:
        raise NotAllowed(_("Only an active proxy agent files a case for a resident."), code="role")
    return agent


def _check(filing: AgentFiling, now: datetime) -> None:
    """Everything that could refuse the filing, before anything is stored."""
    matter = filing.matter
    if matter is None or not matter.is_active or matter.service not in PROXY_SERVICES:
        raise ActionRefused(_("Choose a matter on the proxy list."), code="matter")
    if filing.consent_method not in ProxyConsent.Method.values:
        raise ActionRefused(_("Say how the resident agreed to the proxy."), code="consent_method")
    today = timezone.localdate(now)
    if filing.consent_on is None:
        raise ActionRefused(_("Give the day the resident agreed."), code="consent_on")
    if filing.consent_on > today:
        raise ActionRefused(_("The day of consent cannot be in the future."), code="consent_on")
    if filing.consent_on < today - timedelta(days=CONSENT_MAX_AGE_DAYS):
        raise ActionRefused(
            _("This consent is more than %(days)d days old: ask the resident again.") % {"days": CONSENT_MAX_AGE_DAYS},
            code="consent_on",
        )
    if filing.consent_method == ProxyConsent.Method.SIGNED_FORM and filing.consent_file is None:
        raise ActionRefused(_("Attach the signed proxy form (a photo or a PDF)."), code="consent_file")
    required_text(filing.request, message=_("Write what the resident asks for."), code="request", limit=5000)
    if not (filing.resident.name or "").strip() or not (filing.resident.phone or "").strip():
        raise ActionRefused(_("Give the resident's name and phone."), code="resident")


def _discard(names: Sequence[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            private_storage.delete(name)


def case_file_for_resident(
    *,
    actor,
    filing: AgentFiling,
    files: Sequence[CheckedFile] = (),
    submission_token: str | None = None,
    now: datetime | None = None,
) -> FiledCase:
    """The agent files the resident's case (the desk's filing) and carries it from the start."""
    now = now_or(now)
    agent = _agent_required(actor)
    _check(filing, now)
    matter = filing.matter
    data = CaseInput(
        channel=Channel.VISIT,
        service=matter.service,
        request=filing.request.strip(),
        petitioners=[filing.resident],
        consent=True,
        village=filing.resident.village or agent.village,
        proxy_requested=True,
    )
    uploads = [*files, *([filing.consent_file] if filing.consent_file else [])]
    written: list[str] = []
    try:
        with transaction.atomic():
            filed = case_file(data=data, files=uploads, actor=actor, submission_token=submission_token, now=now)
            if not filed.created:
                return filed  # the same form sent twice: the case filed the first time
            stored = list(filed.case.attachments.order_by("pk"))
            written = [a.file.name for a in stored]
            _proxy_start(filed.case, agent, filing, stored[-1] if filing.consent_file else None, actor, now)
    except BaseException:
        _discard(written)
        raise
    return filed


def _proxy_start(case: Case, agent: ProxyAgent, filing: AgentFiling, consent_file, actor, now: datetime) -> None:
    method = ProxyConsent.Method(filing.consent_method)
    consent_text = f"{method.label}（{filing.consent_on.isoformat()}）"
    ProxyHandling.objects.create(
        case=case,
        agent=agent,
        requested_via=ProxyHandling.Via.AGENT,
        consent=consent_text,
        consent_at=now,
        assigned_by=actor,
        assigned_at=now,
    )
    ProxyConsent.objects.create(
        case=case,
        matter=filing.matter,
        method=method,
        given_on=filing.consent_on,
        attachment=consent_file,
        recorded_by=actor,
        recorded_at=now,
    )
    CaseEvent.objects.create(
        case=case,
        at=now,
        actor=actor,
        kind="proxy_filed",
        public=True,
        data={
            "agent": person(agent.user),
            "village": agent.village.name if agent.village_id else "",
            "matter": filing.matter.name,
            "consent_method": method.value,
            "consent_on": filing.consent_on.isoformat(),
            "consent_file": consent_file is not None,
        },
    )


def proxy_document_record(
    *,
    case: Case,
    actor,
    direction: str,
    title: str,
    on: date | None,
    received_by: str,
    copy: CheckedFile | None = None,
    now: datetime | None = None,
) -> ProxyDocument:
    """The agent who carries the case records a document handed over, with who received it."""
    now = now_or(now)
    written: list[str] = []
    try:
        with transaction.atomic():
            return _document(case, actor, direction, title, on, received_by, copy, now, written)
    except BaseException:
        _discard(written)
        raise


def _document(case, actor, direction, title, on, received_by, copy, now, written) -> ProxyDocument:
    loaded = load(case, actor)
    handling = ProxyHandling.objects.filter(case=loaded.case).select_related("agent").first()
    if handling is None or handling.agent.user_id != actor.pk or not handling.agent.is_active:
        raise NotAllowed(_("Only the proxy agent who carries the case records a document carried."), code="role")
    if direction not in ProxyDocument.Direction.values:
        raise ActionRefused(_("Say which way the document went."), code="direction")
    title = required_text(title, message=_("Name the document."), code="title", limit=200)
    received_by = required_text(received_by, message=_("Say who received it."), code="received_by", limit=100)
    if on is None:
        raise ActionRefused(_("Give the date."), code="on")
    if on > timezone.localdate(now):
        raise ActionRefused(_("The date cannot be in the future."), code="on")
    if on < timezone.localdate(loaded.case.received_at):
        raise ActionRefused(_("The date cannot be before the case was received."), code="on")
    document = ProxyDocument.objects.create(
        case=loaded.case,
        agent=handling.agent,
        direction=direction,
        title=title,
        on=on,
        received_by=received_by,
        attachment=attachment_store(loaded.case, copy, written) if copy is not None else None,
        recorded_by=actor,
        recorded_at=now,
    )
    event(
        loaded.case,
        actor,
        "proxy_document",
        now,
        public=True,
        direction=direction,
        title=title,
        on=on.isoformat(),
        received_by=received_by,
        copy=document.attachment_id is not None,
    )
    return document
