"""Who may use the case workbench in the Wagtail admin, and what the admin shows them.

Case staff (members of a unit, leaders) are not CMS editors: they reach the admin for their case
work alone. ``CaseWorkBackend`` grants them ``wagtailadmin.access_admin`` from their standing
(memberships, leadership), so the grant follows the organisation with no group to keep in step.
``CasePermissionPolicy`` answers Wagtail's questions about cases with THE visibility rule
(``cases.selectors``): they may view, never add, change or delete, and only what they may see.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.db.models import Exists, OuterRef, Q
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.permission_policies import BasePermissionPolicy

from cases.models import Case
from cases.permissions import Viewer, viewer_for
from cases.selectors import case_list_for_user
from departments.models import Leader, Membership

ACCESS_ADMIN = "wagtailadmin.access_admin"
_CACHE = "_case_work_viewer"


def case_viewer(user) -> Viewer | None:
    """The person's standing towards cases, read once per user object (one request)."""
    if not hasattr(user, _CACHE):
        setattr(user, _CACHE, viewer_for(user))
    return getattr(user, _CACHE)


def has_case_work(user) -> bool:
    """A member of a unit, or a leader: someone the case record has a place for."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    viewer = case_viewer(user)
    if viewer is None:
        return False
    return viewer.sees_all or viewer.leader_id is not None or any(viewer.grants.values())


def _case_staff_q() -> Q:
    return Q(Exists(Membership.objects.filter(user=OuterRef("pk")))) | Q(
        Exists(Leader.objects.filter(user=OuterRef("pk")))
    )


class CaseWorkBackend(BaseBackend):
    """Opens the Wagtail admin (``access_admin`` only) to case staff; grants nothing else."""

    def has_perm(self, user_obj, perm, obj=None):
        return perm == ACCESS_ADMIN and obj is None and has_case_work(user_obj)


class CasePermissionPolicy(BasePermissionPolicy):
    """Cases in the admin: viewed through the visibility rule, changed only on the staff pages."""

    def user_has_permission(self, user, action):
        return action == "view" and has_case_work(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and has_case_work(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(_case_staff_q(), is_active=True)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Case.objects.none()
        return case_list_for_user(user, viewer=case_viewer(user))

    def users_with_any_permission_for_instance(self, actions, instance):
        # Who may know of one case is the selectors' question, not the admin's.
        raise NotImplementedError("ask cases.selectors.users_who_may_know")


# Menu items of the CMS (Wagtail's names). Their own permission checks hide most of them already;
# help about editing pages is shown to everyone, so it is taken out here.
CMS_MENU_ITEMS = frozenset({"explorer", "images", "documents", "snippets", "reports", "help"})


def is_cms_editor(user) -> bool:
    return user.is_superuser or user_has_any_page_permission(user)


def case_staff_menu(request, menu_items) -> None:
    """``construct_main_menu``: case staff who do not edit the site see their case work only."""
    if not is_cms_editor(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in CMS_MENU_ITEMS]
