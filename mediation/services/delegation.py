"""The director's delegations of the two signatures to a leader (二（一））, kept on record."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from departments.models import Delegation, Leader
from mediation import permissions
from mediation.services.common import now_or


@transaction.atomic
def delegation_grant(
    *, actor, leader: Leader, scope: str, valid_from: date, valid_until: date, now: datetime | None = None
) -> Delegation:
    """The director lets ``leader`` sign in their place (``scope``: assignment or completion)."""
    director = permissions.check_director(actor)
    if scope not in Delegation.Scope.values:
        raise ActionRefused(_("Unknown scope."), code="scope")
    if leader.pk == director.pk:
        raise ActionRefused(_("Choose another leader."), code="self")
    if valid_until < valid_from:
        raise ActionRefused(_("The period ends before it starts."), code="period")
    return Delegation.objects.create(
        director=director,
        leader=leader,
        scope=scope,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=actor,
        created_at=now_or(now),
    )


@transaction.atomic
def delegation_revoke(*, actor, delegation: Delegation, now: datetime | None = None) -> Delegation:
    """End a delegation now; the record stays."""
    permissions.check_director(actor)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.revoked_at is None:
        delegation.revoked_at = now_or(now)
        delegation.revoked_by = actor
        delegation.save(update_fields=["revoked_at", "revoked_by"])
    return delegation


def delegation_in_force(actor, now: datetime, scope: str) -> Delegation | None:
    """The director's delegation of one signature (``scope``) to ``actor``, in force today."""
    day = timezone.localdate(now)
    return (
        Delegation.objects.filter(
            leader__user=actor,
            director__is_director=True,
            scope=scope,
            valid_from__lte=day,
            valid_until__gte=day,
            revoked_at__isnull=True,
        )
        .order_by("-valid_from")
        .first()
    )
