"""People's mediation in the Wagtail admin: the roster of mediators (人民调解员名册, 人民调解 menu) and the
register of mediated disputes (人民调解登记, ``peoples_mediation.register``).

The roster holds no case data: a mediator of the subdistrict committee or of a village committee,
with or without a staff account, active or not. Mediators are chosen for a case from the active ones.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from peoples_mediation.models import Mediation, Mediator
from peoples_mediation.register import RegisterPermissionPolicy, RegisterViewSet


class MediatorViewSet(SnippetViewSet):
    model = Mediator
    icon = "user"
    menu_label = _("Mediator roster")
    list_display = [
        "name",
        "phone",
        Column("committee_name", label=_("committee"), accessor="committee_name"),
        BooleanColumn("is_active", label=_("active")),
    ]
    list_filter = ["committee_unit", "village", "is_active"]
    search_fields = ["name", "phone"]
    panels = [
        FieldPanel("name"),
        FieldPanel("phone"),
        FieldPanel("user"),
        FieldPanel("committee_unit"),
        FieldPanel("village"),
        FieldPanel("is_active"),
    ]


class PeoplesMediationGroup(SnippetViewSetGroup):
    menu_label = _("People's mediation")
    menu_icon = "group"
    menu_order = 310
    items = (MediatorViewSet,)


register_snippet(PeoplesMediationGroup)


register_permission_policy(Mediation, RegisterPermissionPolicy(Mediation))


@hooks.register("register_admin_viewset")
def register_viewset():
    return RegisterViewSet()
