"""Who may do what in governance: grid workers and village staff report and file, the governance office dispatches,
the competent unit closes with the measure taken.

Case actions ask the case's own roles (``cases.permissions.case_roles``) and the governance table
of the status rules (``cases.rules.status``, ``service="governance"``); who may see a case at all
is the one visibility rule (``cases.selectors``), so a page offers exactly what the service accepts.
"""

from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from cases.models import Case
from cases.permissions import Viewer, case_roles, viewer_for
from cases.rules import status as st
from departments import permissions as perms
from departments.models import Unit
from governance.models import GridWorker
from mediation.permissions import check_worker

CASE_ACTIONS = ("dispatch", "redispatch", "close_with_measure")


def grid_worker_for(user) -> GridWorker | None:
    """The person's active record as a grid worker or a village staff member (who report from a village), or None."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return GridWorker.objects.filter(user_id=user.pk, is_active=True).select_related("village", "user").first()


def check_grid_worker(user) -> GridWorker:
    worker = grid_worker_for(user)
    if worker is None:
        raise NotAllowed(
            _("Only a grid worker or a village's staff can report incidents and file the screening."),
            code="not_grid_worker",
        )
    return worker


def check_incident_village(worker: GridWorker, village) -> None:
    """A village's staff report incidents of their own village only (a grid worker may report any village)."""
    if worker.is_village_staff and village is not None and village.pk != worker.village_id:
        raise NotAllowed(
            _("You report incidents of %(village)s only.") % {"village": worker.village.name}, code="other_village"
        )


def is_governance_office(viewer: Viewer | None) -> bool:
    """A member of the governance office who works its cases."""
    return bool(viewer and viewer.units_of_kind(Unit.Kind.GOVERNANCE_OFFICE, perms.WORK_UNIT_CASES))


def may_oversee(user, *, viewer: Viewer | None = None) -> bool:
    """The governance office and the director (and anyone who sees the whole center) see the screening."""
    viewer = viewer or viewer_for(user)
    return bool(viewer and (viewer.is_director or viewer.sees_all or is_governance_office(viewer)))


def check_oversee(user) -> Viewer:
    viewer = viewer_for(user)
    if not may_oversee(user, viewer=viewer):
        raise NotAllowed(_("Only the governance office and the director see this."), code="not_allowed")
    return viewer


def check_governance_case(case: Case) -> None:
    if case.service != "governance":
        raise ActionRefused(_("This is not a governance case."), code="not_governance")


def governance_actions(user, case: Case, *, viewer: Viewer | None = None) -> frozenset[str]:
    """The governance steps the person may take on this (visible) case now."""
    if case.service != "governance":
        return frozenset()
    viewer = viewer or viewer_for(user)
    roles = case_roles(viewer, case)
    allowed = set(st.allowed_actions(case.status, roles, service="governance")) & set(CASE_ACTIONS)
    if "close_with_measure" in allowed:
        try:
            check_worker(roles, getattr(case, "routing", None), user.pk)
        except ActionRefused:
            allowed.discard("close_with_measure")
    return frozenset(allowed)
