"""代办 (二（三）): a proxy agent carries a resident's case, with their consent, and records the help given.

The petition office (or the director) gives the case to an agent once the resident has agreed;
from then on the agent sees the case (the visibility rule's grant for agents), is told of every step
the resident is told of (``notifications.notify_proxy_agent``), and records the "三帮一办" help:
thought guidance, policy explanation, hardship help, handling in full.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from cases.models import Case, ProxyHandling
from cases.permissions import case_roles, viewer_for
from cases.rules import status as st
from cases.selectors import deny_q
from departments.models import ProxyAgent
from mediation.models import ProxyHelp
from mediation.services.common import event, load, now_or, person
from mediation.services.notifications import notify
from mediation.services.oversight import past_date, required_text

CONSENT_MAX = 300


@transaction.atomic
def case_proxy_assign(
    *, case: Case, actor, agent: ProxyAgent, requested_via: str, consent: str, now: datetime | None = None
) -> ProxyHandling:
    """Give the case to a proxy agent (or to another one), with how the resident consented."""
    now = now_or(now)
    loaded = load(case, actor)
    held = st.CLERK in case_roles(loaded.viewer, loaded.case) or loaded.viewer.is_director
    if not held:
        raise NotAllowed(_("Only the petition office or the director gives a case to a proxy agent."), code="role")
    if loaded.case.status in st.TERMINAL_STATUSES:
        raise ActionRefused(_("The case is closed."), code="closed")
    if agent is None or not agent.is_active:
        raise ActionRefused(_("Choose an active proxy agent."), code="agent")
    if requested_via not in ProxyHandling.Via.values:
        raise ActionRefused(_("Say where the resident asked for an agent."), code="requested_via")
    consent = required_text(
        consent, message=_("Record how the resident agreed to the proxy."), code="consent", limit=CONSENT_MAX
    )
    agent_viewer = viewer_for(agent.user)
    if agent_viewer is None or Case.objects.filter(deny_q(agent_viewer), pk=loaded.case.pk).exists():
        # The agent is among those the case is about (or belongs to a unit it is about).
        raise ActionRefused(_("This agent must stand aside from this case."), code="agent_conflicted")
    before = ProxyHandling.objects.select_for_update().filter(case=loaded.case).first()
    if before is not None and before.agent_id == agent.pk:
        raise ActionRefused(_("This agent already carries the case."), code="unchanged")
    handling, _created = ProxyHandling.objects.update_or_create(
        case=loaded.case,
        defaults={
            "agent": agent,
            "requested_via": requested_via,
            "consent": consent,
            "consent_at": now,
            "assigned_by": actor,
            "assigned_at": now,
        },
    )
    event(
        loaded.case,
        actor,
        "proxy_assigned",
        now,
        public=True,
        agent=person(agent.user),
        village=agent.village.name if agent.village_id else "",
        requested_via=requested_via,
        consent=consent,
        **({"from": person(before.agent.user)} if before is not None else {}),
    )
    return handling


@transaction.atomic
def proxy_help_record(
    *, case: Case, actor, kind: str, on: date | None, note: str, now: datetime | None = None
) -> ProxyHelp:
    """三帮一办: the agent who carries the case records the help given to the resident."""
    now = now_or(now)
    loaded = load(case, actor)
    handling = ProxyHandling.objects.filter(case=loaded.case).select_related("agent").first()
    if handling is None or handling.agent.user_id != actor.pk:
        raise NotAllowed(_("Only the proxy agent who carries the case records the help given."), code="role")
    if kind not in ProxyHelp.Kind.values:
        raise ActionRefused(_("Choose the kind of help."), code="kind")
    record = ProxyHelp.objects.create(
        case=loaded.case,
        agent=handling.agent,
        kind=kind,
        on=past_date(on, now, code="on"),
        note=required_text(note, message=_("Write what was done."), code="note", limit=2000),
        recorded_by=actor,
        recorded_at=now,
    )
    event(loaded.case, actor, "proxy_help", now, kind=kind, on=record.on.isoformat(), note=record.note)
    routing = loaded.routing
    if kind == ProxyHelp.Kind.HARDSHIP and routing is not None and routing.picked_by_id:
        notify(
            users=[routing.picked_by_id],
            kind="proxy_help",
            message=_("Case %(code)s: the proxy agent reports a hardship: %(note)s")
            % {"code": loaded.case.display_code, "note": record.note[:100]},
            case=loaded.case,
            key=f"help-{record.pk}",
            now=now,
        )
    return record
