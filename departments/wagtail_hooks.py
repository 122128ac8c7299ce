"""The organisation in the Wagtail admin (组织机构 menu).

Units and memberships are saved through the services, so that role groups and
their object permissions stay in step with what the admin shows.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from departments import services
from departments.models import Area, Leader, Membership, ProxyAgent, Unit, Village


class UnitCreateView(CreateView):
    def save_instance(self):
        unit = services.unit_save(unit=self.form.save(commit=False))
        log(instance=unit, action="wagtail.create", user=self.request.user)
        return unit


class UnitEditView(EditView):
    def save_instance(self):
        unit = services.unit_save(unit=self.form.save(commit=False))
        log(instance=unit, action="wagtail.edit", user=self.request.user)
        return unit


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Units")
    list_display = ["name", "kind", "code", "area", BooleanColumn("is_active", label=_("active"))]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    add_view_class = UnitCreateView
    edit_view_class = UnitEditView


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = ["name", "code", "chief"]
    search_fields = ["name", "code"]


class VillageViewSet(SnippetViewSet):
    model = Village
    icon = "home"
    menu_label = _("Villages")
    list_display = ["name", "kind", "area", "code"]
    list_filter = ["area", "kind"]
    search_fields = ["name", "code"]


class LeaderViewSet(SnippetViewSet):
    model = Leader
    icon = "user"
    menu_label = _("Leaders")
    list_display = ["__str__", BooleanColumn("is_director", label=_("director"))]


class MembershipCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        membership = services.membership_set(user=data["user"], unit=data["unit"], role=data["role"])
        log(instance=membership, action="wagtail.create", user=self.request.user)
        return membership


class MembershipEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        original = Membership.objects.get(pk=self.object.pk)
        if (original.user_id, original.unit_id) != (data["user"].pk, data["unit"].pk):
            services.membership_remove(membership=original)
        membership = services.membership_set(user=data["user"], unit=data["unit"], role=data["role"])
        log(instance=membership, action="wagtail.edit", user=self.request.user)
        return membership


class MembershipDeleteView(DeleteView):
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user)
        services.membership_remove(membership=self.object)


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Staff memberships")
    list_display = ["user", "unit", "role"]
    list_filter = ["unit", "role"]
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView


class ProxyAgentViewSet(SnippetViewSet):
    model = ProxyAgent
    icon = "user"
    menu_label = _("Proxy agents")
    list_display = [
        "__str__",
        Column("level", label=_("level")),
        "village",
        BooleanColumn("is_active", label=_("active")),
    ]
    list_filter = ["is_active", "village"]


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 200
    items = (UnitViewSet, AreaViewSet, VillageViewSet, LeaderViewSet, MembershipViewSet, ProxyAgentViewSet)


register_snippet(OrganisationGroup)
