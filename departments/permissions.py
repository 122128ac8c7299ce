"""Permission codenames and the role groups that carry them.

Object permissions on a unit are granted to per-unit role groups (never to a
single user): every membership of a user in a unit with a role puts the user in
that unit's group for the role. Grants and revocations happen only in
``departments.services``.
"""

from typing import Final

from django.utils.translation import gettext_noop

# Object permissions on departments.Unit (declared in Unit.Meta.permissions).
VIEW_UNIT_CASES: Final = "view_unit_cases"
WORK_UNIT_CASES: Final = "work_unit_cases"
MANAGE_UNIT_CASES: Final = "manage_unit_cases"
REGISTER_CASES: Final = "register_cases"

# The names are stored in English; the admin's group page translates them (Wagtail's {% trans %}).
UNIT_PERMISSIONS: Final = (
    (VIEW_UNIT_CASES, gettext_noop("View the unit's cases and queue")),
    (WORK_UNIT_CASES, gettext_noop("Pick and handle the unit's cases")),
    (MANAGE_UNIT_CASES, gettext_noop("Assign, take back and oversee the unit's cases")),
    (REGISTER_CASES, gettext_noop("Register incoming cases at the desk")),
)

# Roles of a member in a unit (stored values).
CLERK: Final = "clerk"
HANDLER: Final = "handler"
HEAD: Final = "head"

ROLE_PERMISSIONS: Final[dict[str, tuple[str, ...]]] = {
    CLERK: (VIEW_UNIT_CASES, REGISTER_CASES),
    HANDLER: (VIEW_UNIT_CASES, WORK_UNIT_CASES),
    HEAD: (VIEW_UNIT_CASES, WORK_UNIT_CASES, MANAGE_UNIT_CASES, REGISTER_CASES),
}


def role_group_name(unit_code: str, role: str) -> str:
    """The auth group holding one role in one unit, e.g. ``unit.petition-office.clerk``."""
    return f"unit.{unit_code}.{role}"
