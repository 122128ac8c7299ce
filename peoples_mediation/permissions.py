"""Who may take a mediation step now: THE answer for the case page's forms and for the services.

The mediation committee that leads the case works it: its head on any of its cases, a member on a
case they hold (``mediation.permissions.check_worker``), as for every case. Who may *see* the case
and its documents is the one visibility rule (``cases.selectors``): the committee's members, the
director and the others it names; everyone else gets the 404 of a missing case.
"""

from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict, NotAllowed
from cases.models import Case
from cases.permissions import Viewer, case_roles, viewer_for
from cases.rules import status as st
from mediation.permissions import check_worker
from peoples_mediation.rules import flow

SERVICE = "mediation"
WORKERS = frozenset({st.HANDLER, st.UNIT_HEAD})


def refusal(error: flow.MediationRefused) -> ActionRefused:
    """The rules' refusal (Chinese message) as the refused-action error."""
    if error.code in {"wrong_stage", "wrong_status", "already_chosen"}:
        return Conflict(error.message, code=error.code)
    return ActionRefused(error.message, code=error.code)


def check_mediation_case(case: Case) -> None:
    if case.service != SERVICE:
        raise ActionRefused(_("This case is not a people's mediation case."), code="wrong_service")


def check_mediation_action(viewer: Viewer | None, user_id: int, case: Case, stage: str, action: str) -> str:
    """The stage after ``action``, if this person may take it on this case now (raises ActionRefused)."""
    check_mediation_case(case)
    roles = case_roles(viewer, case)
    if not roles & WORKERS:
        raise NotAllowed(_("Only the mediation committee that handles the case can do this."), code="not_allowed")
    check_worker(roles, getattr(case, "routing", None), user_id)
    try:
        return flow.check_action(action, stage, case.status)
    except flow.MediationRefused as error:
        raise refusal(error) from error


def mediation_actions(user, case: Case, stage: str, *, viewer: Viewer | None = None) -> frozenset[str]:
    """The mediation steps the person may take now (the forms the case page offers)."""
    if case.service != SERVICE:
        return frozenset()
    viewer = viewer or viewer_for(user)
    actions = set()
    for action in flow.allowed_actions(stage, case.status):
        try:
            check_mediation_action(viewer, user.pk, case, stage, action)
        except ActionRefused:
            continue
        actions.add(action)
    return frozenset(actions)
