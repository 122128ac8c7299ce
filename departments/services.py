"""Writes to the organisation. Every grant or revocation of a unit permission happens here."""

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from departments import permissions as perms
from departments.models import Membership, Unit
from live.session import sockets_close_for_user


def unit_role_groups_ensure(*, unit: Unit) -> dict[str, Group]:
    """Create the unit's role groups and give each exactly its role's permissions (idempotent)."""
    groups: dict[str, Group] = {}
    for role, codenames in perms.ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=perms.role_group_name(unit.code, role))
        for codename, _label in perms.UNIT_PERMISSIONS:
            if codename in codenames:
                assign_perm(codename, group, unit)
            else:
                remove_perm(codename, group, unit)
        groups[role] = group
    return groups


@transaction.atomic
def membership_set(*, user, unit: Unit, role: str) -> Membership:
    """Put ``user`` in ``unit`` with ``role`` (adding or changing the membership)."""
    if role not in perms.ROLE_PERMISSIONS:
        raise ValueError(f"unknown role {role!r}")
    groups = unit_role_groups_ensure(unit=unit)
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, unit=unit, defaults={"role": role}
    )
    previous_role = None if created else membership.role
    if previous_role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    for other_role, group in groups.items():
        if other_role == role:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    if previous_role is not None and previous_role != role:
        # A socket opened under the old role may carry what the new role may not see.
        transaction.on_commit(lambda: sockets_close_for_user(user_id=user.pk))
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Take a user out of a unit: the membership, its group and its open sockets go."""
    user, unit = membership.user, membership.unit
    names = [perms.role_group_name(unit.code, role) for role in perms.ROLE_PERMISSIONS]
    user.groups.remove(*Group.objects.filter(name__in=names))
    membership.delete()
    transaction.on_commit(lambda: sockets_close_for_user(user_id=user.pk))


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    """Save a unit and keep its role groups in step with its code."""
    if unit.pk:
        old_code = Unit.objects.values_list("code", flat=True).get(pk=unit.pk)
        if old_code != unit.code:
            for role in perms.ROLE_PERMISSIONS:
                Group.objects.filter(name=perms.role_group_name(old_code, role)).update(
                    name=perms.role_group_name(unit.code, role)
                )
    unit.full_clean()
    unit.save()
    unit_role_groups_ensure(unit=unit)
    return unit
