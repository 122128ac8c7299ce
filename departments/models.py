"""The center's organisation: units, areas, villages, leaders, staff and proxy agents."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from departments import permissions as perms

code_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters, digits and single hyphens, e.g. urban-construction."),
)


class Area(models.Model):
    """A cluster of villages (片区), led by an area chief."""

    code = models.SlugField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=60, unique=True)
    chief = models.ForeignKey(
        "departments.Leader",
        verbose_name=_("area chief"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chief_of_areas",
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """A village or residential community (村/居) inside an area."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("village")
        COMMUNITY = "community", _("residential community")

    code = models.SlugField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.VILLAGE)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="villages")

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["area__code", "code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit behind the window: an office, a committee or an area's liaison team."""

    class Kind(models.TextChoices):
        PETITION_OFFICE = "petition_office", _("petition office")
        LINE_OFFICE = "line_office", _("line office")
        DISCIPLINE_OFFICE = "discipline_office", _("discipline office")
        GOVERNANCE_OFFICE = "governance_office", _("governance office")
        LEGAL_SERVICE = "legal_service", _("legal service")
        MEDIATION_COMMITTEE = "mediation_committee", _("mediation committee")
        LIAISON_TEAM = "liaison_team", _("liaison team")

    code = models.SlugField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    area = models.OneToOneField(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_team",
        help_text=_("Only for a liaison team: the area it links to."),
    )
    responsibilities = models.TextField(_("responsibilities"), blank=True, max_length=2000)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "code"]
        permissions = perms.UNIT_PERMISSIONS
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="liaison_team", area__isnull=False) | (~Q(kind="liaison_team") & Q(area__isnull=True)),
                name="unit_area_iff_liaison_team",
                violation_error_message=_("A liaison team needs its area; other units have none."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct foreign-key table for per-user grants on units (kept empty by policy)."""

    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)


class UnitGroupObjectPermission(GroupObjectPermissionBase):
    """Guardian's direct foreign-key table for per-group grants on units."""

    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)


class Leader(models.Model):
    """A member of the leadership team (班子成员); one of them is the director."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="leader"
    )
    title = models.CharField(
        pgettext_lazy("a leader's post", "title"), max_length=60, help_text=_("e.g. deputy director")
    )
    is_director = models.BooleanField(_("director"), default=False)
    supervised_units = models.ManyToManyField(
        Unit,
        verbose_name=_("supervised line offices and units"),
        blank=True,
        related_name="supervising_leaders",
    )

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["-is_director", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_director"],
                condition=Q(is_director=True),
                name="one_director",
                violation_error_message=_("The center has only one director."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()}（{self.title}）"


class Membership(models.Model):
    """A staff member's place in a unit, with a role that decides what they may do there."""

    class Role(models.TextChoices):
        CLERK = perms.CLERK, _("clerk")
        HANDLER = perms.HANDLER, _("handler")
        HEAD = perms.HEAD, _("unit head")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        ordering = ["unit__code", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"],
                name="one_membership_per_unit",
                violation_error_message=_("This person already belongs to this unit; change their role instead."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} · {self.unit} · {self.get_role_display()}"


class ProxyAgent(models.Model):
    """A cadre who carries residents' cases through the system (代办员), at subdistrict or village level."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="proxy_agent"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proxy_agents",
        help_text=_("Leave empty for a proxy agent of the subdistrict itself."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("proxy agent")
        verbose_name_plural = _("proxy agents")
        ordering = ["village__code", "user__username"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def level(self) -> str:
        """The two levels of 二（三）: an agent of the subdistrict, or of a village."""
        return str(_("village") if self.village_id else _("subdistrict"))


class Delegation(models.Model):
    """The director lets a leader (the duty leader) sign in their place, for a period (二（一））."""

    class Scope(models.TextChoices):
        ASSIGNMENT = "assignment", _("assignment sign-off")
        COMPLETION = "completion", _("completion sign-off")

    director = models.ForeignKey(
        "departments.Leader", verbose_name=_("director"), on_delete=models.PROTECT, related_name="delegations_given"
    )
    leader = models.ForeignKey(
        "departments.Leader", verbose_name=_("leader"), on_delete=models.PROTECT, related_name="delegations"
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "mediation_delegation"
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-valid_from", "-pk"]
        indexes = [models.Index(fields=["leader", "scope", "valid_from"])]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="delegation_period"),
        ]

    def __str__(self) -> str:
        return f"{self.leader} {self.scope} {self.valid_from}–{self.valid_until}"
