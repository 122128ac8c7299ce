"""The written reply (一（五）、三（三）): drafted, signed off by the director (办结签), delivered.

draft (edit while drafted) → submit for the completion signature (the director and any duty
leader they delegated are told) → returned with a reason, or signed → delivered (how and when;
from then on the petitioner sees it on the tracking page).
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case
from departments import permissions as perms
from departments.models import Delegation
from mediation.models import Contact, Reply
from mediation.selectors.escalation import completion_missing, reply_missing
from mediation.services.common import (
    broadcast,
    check,
    load,
    move,
    now_or,
    person,
    reason_clean,
    requirements_refuse,
)
from mediation.services.delegation import delegation_in_force
from mediation.services.handling import (
    check_worker,
    clerk_users,
    current_reply,
    director_users,
    record_event,
    text_clean,
    unit_members,
)
from mediation.services.notifications import notify

SECTION_MAX = 5000
SECTIONS = ("understood_request", "facts", "basis", "decision", "remedies")


def section_labels() -> dict[str, str]:
    return {
        "understood_request": _("The request as understood"),
        "facts": _("The facts found"),
        "basis": _("Policy and legal basis"),
        "decision": _("Handling decision"),
        "remedies": _("Remedies"),
    }


def completion_signers(now: datetime) -> list[int]:
    """The director and every leader holding the completion delegation today."""
    day = timezone.localdate(now)
    delegates = Delegation.objects.filter(
        director__is_director=True,
        scope=Delegation.Scope.COMPLETION,
        valid_from__lte=day,
        valid_until__gte=day,
        revoked_at__isnull=True,
    ).values_list("leader__user_id", flat=True)
    return director_users() + list(delegates)


def _requirements_met(case: Case, *, before_reply: bool, completion: bool = True) -> None:
    """Refuse while the rulebook's steps before a reply (一（二）) or a leader-led case's completion
    (二（二）、二（四）) are missing, naming each one, as the case page lists them."""
    missing = (reply_missing(case) if before_reply else ()) + (completion_missing(case) if completion else ())
    requirements_refuse(missing)


def _first_contact_made(case: Case) -> bool:
    """The first call (一问) is on record; an anonymous report has nobody to call and needs none."""
    return case.is_anonymous or case.contacts.filter(kind=Contact.Kind.FIRST_CONTACT).exists()


@transaction.atomic
def case_reply_draft(*, case: Case, actor, sections: dict[str, str], now: datetime | None = None) -> Reply:
    """Write or revise the reply's sections (while it is being drafted); a new round after reopening."""
    now = now_or(now)
    loaded = load(case, actor)
    labels = section_labels()
    cleaned = {
        name: text_clean(sections.get(name, ""), label=labels[name], required=False, max_length=SECTION_MAX)
        for name in SECTIONS
    }
    if not any(cleaned.values()):
        raise ActionRefused(_("Write at least one section of the reply."), code="empty")
    check_worker(loaded, "draft_reply", actor)
    if not _first_contact_made(loaded.case):
        raise ActionRefused(
            _("Record the first phone call with the petitioner before drafting the reply."), code="no_first_contact"
        )
    _requirements_met(loaded.case, before_reply=True, completion=False)
    before, after = move(loaded, "draft_reply")
    reply = current_reply(loaded.case)
    if reply is None or reply.signed_at is not None:
        reply = Reply(case=loaded.case, drafted_by=actor, drafted_at=now)
        old = dict.fromkeys(SECTIONS, "")
    else:
        old = {name: getattr(reply, name) for name in SECTIONS}
    for name, value in cleaned.items():
        setattr(reply, name, value)
    reply.drafted_by = actor
    reply.drafted_at = now
    reply.save()
    changed = [name for name in SECTIONS if old[name] != cleaned[name]]
    record_event(loaded, actor, "reply_drafted", now, reply=reply.pk, changed=changed, **{"from": before, "to": after})
    broadcast(loaded.case.pk, "updated", loaded.routing.lead_unit_id if loaded.routing else None)
    return reply


@transaction.atomic
def case_reply_submit(*, case: Case, actor, now: datetime | None = None) -> Reply:
    """Ask for the completion signature: every section written, the first call recorded."""
    now = now_or(now)
    loaded = load(case, actor)
    check_worker(loaded, "submit_for_signoff", actor)
    reply = current_reply(loaded.case)
    labels = section_labels()
    missing = [labels[name] for name in SECTIONS if reply is None or not getattr(reply, name).strip()]
    if missing:
        raise ActionRefused(
            _("Write every section of the reply first: %(missing)s.") % {"missing": "、".join(missing)},
            code="incomplete",
        )
    if not _first_contact_made(loaded.case):
        raise ActionRefused(_("Record the first phone call with the petitioner first."), code="no_first_contact")
    check("submit_for_signoff", loaded)
    _requirements_met(loaded.case, before_reply=True)
    before, after = move(loaded, "submit_for_signoff")
    reply.submitted_at = now
    reply.save(update_fields=["submitted_at"])
    record_event(loaded, actor, "reply_submitted", now, reply=reply.pk, **{"from": before, "to": after})
    notify(
        users=completion_signers(now),
        kind="reply_submitted",
        message=_("Case %(code)s: a reply waits for your completion signature.") % {"code": loaded.case.display_code},
        case=loaded.case,
        key=f"reply-{reply.pk}-{now.isoformat()}",
        now=now,
    )
    broadcast(loaded.case.pk, "updated", loaded.routing.lead_unit_id if loaded.routing else None)
    return reply


@transaction.atomic
def case_reply_return(*, case: Case, actor, reason: str, now: datetime | None = None) -> Reply:
    """The director (or the delegated duty leader) sends the reply back for revision, with a reason."""
    now = now_or(now)
    loaded = load(case, actor)
    check("return_reply", loaded)
    reason = reason_clean(reason)
    reply = current_reply(loaded.case)
    before, after = move(loaded, "return_reply")
    reply.returned_at = now
    reply.return_reason = reason
    reply.submitted_at = None
    reply.save(update_fields=["returned_at", "return_reason", "submitted_at"])
    record_event(loaded, actor, "reply_returned", now, reply=reply.pk, reason=reason, **{"from": before, "to": after})
    routing = loaded.routing
    notify(
        users=[reply.drafted_by_id, routing.picked_by_id if routing else None],
        kind="reply_returned",
        message=_("Case %(code)s: the reply was returned for revision: %(reason)s")
        % {"code": loaded.case.display_code, "reason": reason},
        case=loaded.case,
        key=now.isoformat(),
        now=now,
    )
    broadcast(loaded.case.pk, "updated", routing.lead_unit_id if routing else None)
    return reply


@transaction.atomic
def case_completion_sign(*, case: Case, actor, now: datetime | None = None) -> Reply:
    """二（一） 办结签: the director (or the duty leader by delegation) signs the reply off."""
    now = now_or(now)
    loaded = load(case, actor)
    delegation = None if loaded.viewer.is_director else delegation_in_force(actor, now, Delegation.Scope.COMPLETION)
    before, after = move(loaded, "sign_completion")  # a finishing action: ``move`` holds a leader-led case
    reply = current_reply(loaded.case)
    reply.signed_by = actor
    reply.signed_at = now
    reply.signed_under = delegation
    reply.save(update_fields=["signed_by", "signed_at", "signed_under"])
    record_event(
        loaded,
        actor,
        "completion_signed",
        now,
        reply=reply.pk,
        signer=person(actor),
        delegation=delegation.pk if delegation else None,
        **{"from": before, "to": after},
    )
    routing = loaded.routing
    notify(
        users=[reply.drafted_by_id, routing.picked_by_id if routing else None, *clerk_users(loaded.case)],
        kind="completion_signed",
        message=_("Case %(code)s: the reply is signed off and can be delivered.") % {"code": loaded.case.display_code},
        case=loaded.case,
        key=f"reply-{reply.pk}",
        now=now,
    )
    broadcast(loaded.case.pk, "updated", routing.lead_unit_id if routing else None)
    return reply


@transaction.atomic
def case_reply_deliver(
    *, case: Case, actor, method: str, delivered_on: date | None, now: datetime | None = None
) -> Reply:
    """Record how and when the signed reply reached the petitioner; it becomes public to them."""
    now = now_or(now)
    loaded = load(case, actor)
    check("deliver_reply", loaded)
    if method not in Reply.Delivery.values:
        raise ActionRefused(_("Choose how the reply was delivered."), code="method")
    reply = current_reply(loaded.case)
    if delivered_on is None:
        raise ActionRefused(_("Give the date of delivery."), code="date_required")
    if delivered_on > timezone.localdate(now):
        raise ActionRefused(_("The date of delivery cannot be in the future."), code="future")
    if reply is None or reply.signed_at is None or delivered_on < timezone.localdate(reply.signed_at):
        raise ActionRefused(_("The reply cannot be delivered before it was signed off."), code="too_early")
    before, after = move(loaded, "deliver_reply")
    reply.delivery = method
    reply.delivered_on = delivered_on
    reply.delivered_by = actor
    reply.save(update_fields=["delivery", "delivered_on", "delivered_by"])
    record_event(
        loaded,
        actor,
        "reply_delivered",
        now,
        public=True,
        reply=reply.pk,
        method=method,
        delivered_on=delivered_on.isoformat(),
        **{"from": before, "to": after},
    )
    routing = loaded.routing
    notify(
        users=unit_members(routing.lead_unit_id if routing else None, perms.HEAD) + clerk_users(loaded.case),
        kind="reply_delivered",
        message=_("Case %(code)s: the reply was delivered; a follow-up visit is due.")
        % {"code": loaded.case.display_code},
        case=loaded.case,
        key=f"reply-{reply.pk}",
        now=now,
    )
    broadcast(loaded.case.pk, "updated", routing.lead_unit_id if routing else None)
    return reply


def reply_for_public(case: Case) -> Reply | None:
    """The reply the petitioner may read: the latest one delivered."""
    return case.replies.filter(delivered_on__isnull=False).order_by("-pk").first()
