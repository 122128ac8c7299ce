"""The register of mediated disputes (人民调解登记) in the Wagtail admin: a list with filters and a
spreadsheet export, built on Wagtail's own listing like the all-cases list (``mediation.workbench``).

What is ours: the rows come from THE visibility rule (``cases.selectors.case_list_for_user``), and the
register is shown to the mediation committee's members and to those who see the whole center (the
director); each row links to the staff case page; the export has Chinese headers and dates as dates.
"""

import django_filters
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from cases.selectors import case_list_for_user
from departments.models import Unit
from mediation.workbench.access import case_viewer
from mediation.workbench.filters import DateRangeWidget
from peoples_mediation.models import Agreement, Mediation
from peoples_mediation.rules import flow

XLSX, CSV = IndexView.FORMAT_XLSX, IndexView.FORMAT_CSV
REQUEST_SHOWN = 60


def keeps_register(user) -> bool:
    """A member of a mediation committee, or someone who sees the whole center (the director)."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    viewer = case_viewer(user)
    return viewer is not None and (viewer.sees_all or bool(viewer.units_of_kind(Unit.Kind.MEDIATION_COMMITTEE)))


class RegisterPermissionPolicy(BasePermissionPolicy):
    """The register is read-only, and holds only the mediations of cases the person may see."""

    def user_has_permission(self, user, action):
        return action == "view" and keeps_register(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and keeps_register(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Mediation.objects.none()
        return Mediation.objects.filter(case__in=case_list_for_user(user, viewer=case_viewer(user)).values("pk"))

    def users_with_any_permission(self, actions):
        raise NotImplementedError("ask cases.selectors.users_who_may_know")

    def users_with_any_permission_for_instance(self, actions, instance):
        raise NotImplementedError("ask cases.selectors.users_who_may_know")


class RegisterFilterSet(WagtailFilterSet):
    stage = django_filters.ChoiceFilter(label=_("stage"), choices=Mediation.Stage.choices)
    referral = django_filters.ChoiceFilter(label=_("referred to"), choices=Mediation.Referral.choices)
    received = django_filters.DateFromToRangeFilter(
        label=_("received at"), field_name="case__received_at", widget=DateRangeWidget
    )
    concluded = django_filters.DateFromToRangeFilter(
        label=_("concluded at"), field_name="concluded_at", widget=DateRangeWidget
    )
    confirmation = django_filters.ChoiceFilter(
        label=_("judicial confirmation"),
        field_name="case__mediation_agreement__confirmation",
        choices=Agreement._meta.get_field("confirmation").choices,
    )

    class Meta:
        model = Mediation
        fields = []


def case_url(record: Mediation) -> str:
    return reverse("mediation:case", kwargs={"code": record.case.tracking_code})


def parties(record: Mediation, side: str) -> str:
    return "、".join(p.name for p in record.case.mediation_parties.all() if p.side == side)


def mediators(record: Mediation) -> str:
    return "、".join(choice.mediator.name for choice in record.case.mediator_choices.all())


def agreement(record: Mediation):
    return getattr(record.case, "mediation_agreement", None)


def signed_on(record: Mediation):
    found = agreement(record)
    return found.signed_on if found is not None else None


def signed_on_text(record: Mediation) -> str:
    day = signed_on(record)
    return day.isoformat() if day is not None else ""


def confirmation(record: Mediation) -> str:
    found = agreement(record)
    return found.get_confirmation_display() if found is not None and found.confirmation else ""


def local_day(value):
    return timezone.localdate(value) if value else None


class RegisterIndexView(IndexView):
    any_permission_required = ["view"]
    template_name = "mediation/admin/all_cases_index.html"  # Wagtail's, with the workbench's CSS
    page_title = _("Register of mediated disputes")

    def get_base_queryset(self):
        visible = self.permission_policy.instances_user_has_permission_for(self.request.user, "view")
        return visible.select_related("case", "case__mediation_agreement").prefetch_related(
            "case__mediation_parties", "case__mediator_choices__mediator"
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "case",
                label=_("tracking code"),
                accessor="case.display_code",
                get_url=case_url,
                sort_key="case",
                classname="case-code",  # workbench.css: a code never wraps
            ),
            DateColumn(
                "received",
                label=_("received at"),
                accessor="case.received_at",
                sort_key="case__received_at",
                classname="case-date",
            ),
            Column(
                "applicants", label=_("applicant"), accessor=lambda r: parties(r, flow.APPLICANT), classname="case-name"
            ),
            Column(
                "respondents",
                label=_("respondent"),
                accessor=lambda r: parties(r, flow.RESPONDENT),
                classname="case-name",
            ),
            Column("dispute", label=_("dispute"), accessor=lambda r: r.case.request[:REQUEST_SHOWN]),
            Column("mediators", label=_("mediators"), accessor=mediators, classname="case-name"),
            Column("stage", label=_("stage"), accessor="get_stage_display", sort_key="stage", classname="case-status"),
            Column("referral", label=_("referred to"), accessor="get_referral_display", classname="case-short"),
            Column("signed_on", label=_("agreement in force from"), accessor=signed_on_text, classname="case-date"),
            Column("confirmation", label=_("judicial confirmation"), accessor=confirmation, classname="case-short"),
        ]

    list_export = [
        "case.display_code",
        "case.received_at",
        "applicants",
        "respondents",
        "case.request",
        "mediators",
        "stage",
        "referral",
        "concluded_at",
        "signed_on",
        "confirmation",
    ]
    export_headings = {
        "case.display_code": _("tracking code"),
        "case.received_at": _("received at"),
        "applicants": _("applicant"),
        "respondents": _("respondent"),
        "case.request": _("dispute"),
        "mediators": _("mediators"),
        "stage": _("stage"),
        "referral": _("referred to"),
        "concluded_at": _("concluded at"),
        "signed_on": _("agreement in force from"),
        "confirmation": _("judicial confirmation"),
    }
    custom_field_preprocess = {
        "case.received_at": {XLSX: local_day, CSV: lambda value: str(local_day(value) or "")},
        "concluded_at": {XLSX: local_day, CSV: lambda value: str(local_day(value) or "")},
    }

    def to_row_dict(self, item):
        return {
            "case.display_code": item.case.display_code,
            "case.received_at": item.case.received_at,
            "applicants": parties(item, flow.APPLICANT),
            "respondents": parties(item, flow.RESPONDENT),
            "case.request": item.case.request,
            "mediators": mediators(item),
            "stage": item.get_stage_display(),
            "referral": item.get_referral_display(),
            "concluded_at": item.concluded_at,
            "signed_on": signed_on(item),
            "confirmation": confirmation(item),
        }


class RegisterViewSet(ModelViewSet):
    """Only the list: mediations are worked on the staff case page, through the services."""

    model = Mediation
    name = "mediation_register"
    url_prefix = "mediation-register"
    icon = "list-ul"
    menu_label = _("Register of mediated disputes")
    menu_name = "mediation-register"
    menu_order = 160
    add_to_admin_menu = True
    index_view_class = RegisterIndexView
    filterset_class = RegisterFilterSet
    ordering = "-case__received_at"
    list_per_page = 50
    export_filename = "mediation-register"
    add_to_reference_index = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.none()

    def register_admin_url_finder(self):
        pass
