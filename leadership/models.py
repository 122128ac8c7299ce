"""The leaders' duties: emergency return missions (二（五）) and reception days (二（六））.

The duty roster itself (one leader a working day) is the lobby's ``DutyRoster``, which the lobby
display already shows; the week template and its exceptions here fill it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leadership.rules import returns as rr


class ReturnMission(models.Model):
    """An emergency return (应急劝返): a team led by the area chief brings the petitioner back."""

    class Stage(models.TextChoices):
        OPENED = rr.OPENED, pgettext_lazy("return mission stage", "requested")
        DISPATCHED = rr.DISPATCHED, _("team dispatched")
        RETURNED = rr.RETURNED, _("petitioner returned")
        INTERVIEWED = rr.INTERVIEWED, _("follow-up interview held")
        CALLED_OFF = rr.CALLED_OFF, _("called off")

    class Level(models.TextChoices):
        DISTRICT = "district", _("the district")
        CITY = "city", _("the city (Shaoxing)")
        PROVINCE = "province", _("the province")
        BEIJING = "beijing", _("Beijing")

    class Interview(models.TextChoices):
        APPOINTMENT = rr.INTERVIEW_APPOINTMENT, _("appointment (约访)")
        TALK = rr.INTERVIEW_TALK, _("talk (约谈)")
        LEGAL_TALK = rr.INTERVIEW_LEGAL_TALK, _("legal talk (法制谈话)")
        ADMONITION = rr.INTERVIEW_ADMONITION, _("admonition (训诫)")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="return_missions"
    )
    chief = models.ForeignKey(
        "departments.Leader", verbose_name=_("area chief"), on_delete=models.PROTECT, related_name="return_missions"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.OPENED, db_index=True)
    level = models.CharField(_("petitioned at"), max_length=20, choices=Level.choices)
    location = models.CharField(_("where the petitioner is"), max_length=200)
    requested_by = models.CharField(_("return requested by"), max_length=200)
    requested_at = models.DateTimeField(_("return requested at"))
    major_event = models.BooleanField(_("during a major event or response level"), default=False)
    major_event_note = models.CharField(_("which event or response level"), max_length=200, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("earlier return of the same petitioner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    dispatch_note = models.TextField(_("dispatch note"), blank=True, max_length=2000)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_place = models.CharField(_("brought back to"), max_length=200, blank=True)
    return_note = models.TextField(_("what happened"), blank=True, max_length=2000)
    interview_kind = models.CharField(_("interview"), max_length=20, choices=Interview.choices, blank=True)
    interview_at = models.DateTimeField(_("interview held at"), null=True, blank=True)
    interview_police = models.CharField(_("police present"), max_length=200, blank=True)
    interview_note = models.TextField(_("interview record"), blank=True, max_length=5000)
    called_off_at = models.DateTimeField(_("called off at"), null=True, blank=True)
    called_off_reason = models.TextField(_("why called off"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("return mission")
        verbose_name_plural = _("return missions")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(stage__in=[rr.OPENED, rr.DISPATCHED, rr.RETURNED]),
                name="one_return_under_way_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.pk}"

    @property
    def finished(self) -> bool:
        return self.stage in rr.FINISHED

    @property
    def interview_prompt(self) -> bool | None:
        if self.returned_at is None or self.interview_at is None:
            return None
        return rr.interview_prompt(self.returned_at, self.interview_at)


class ReturnTeamMember(models.Model):
    """One member of the return team: a person of the organisation, or an outsider by name."""

    class Role(models.TextChoices):
        AREA_CHIEF = rr.TEAM_AREA_CHIEF, _("area chief")
        LIAISON = rr.TEAM_LIAISON, _("liaison team")
        VILLAGE = rr.TEAM_VILLAGE, _("village cadre")
        LINE_OFFICE = rr.TEAM_LINE_OFFICE, _("line office cadre")
        POLICE = rr.TEAM_POLICE, _("police station")

    mission = models.ForeignKey(ReturnMission, on_delete=models.CASCADE, related_name="team")
    role = models.CharField(_("role on the team"), max_length=20, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField(_("name (someone from outside)"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("return team member")
        verbose_name_plural = _("return team")
        ordering = ["mission", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="return_team_member_named"),
        ]

    def __str__(self) -> str:
        if self.user_id:
            return str(self.user.get_full_name() or self.user.get_username())
        return self.name


class DutyWeekday(models.Model):
    """The week template (周一至周五排班): the duty leader of each weekday."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, unique=True)
    leader = models.ForeignKey(
        "departments.Leader", verbose_name=_("duty leader"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("duty weekday")
        verbose_name_plural = _("duty week template")
        ordering = ["weekday"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.leader}"


class DutyException(models.Model):
    """A day off the template: another leader, or nobody (the day left open)."""

    date = models.DateField(_("date"), unique=True)
    leader = models.ForeignKey(
        "departments.Leader",
        verbose_name=_("duty leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty to leave the day open."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("duty exception")
        verbose_name_plural = _("duty exceptions")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.leader or '—'}"


class ReceptionVisit(models.Model):
    """One visitor (or group) received by the duty leader in the reception room (接访登记)."""

    day = models.DateField(_("day"), db_index=True)
    duty_leader = models.ForeignKey(
        "departments.Leader", verbose_name=_("duty leader"), on_delete=models.PROTECT, related_name="receptions"
    )
    received_at = models.DateTimeField(_("received at"))
    visitors = models.CharField(_("who came"), max_length=200)
    visitor_count = models.PositiveIntegerField(_("number of people"), default=1)
    request = models.TextField(_("what was asked"), max_length=5000)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="reception_visits"
    )
    filed_here = models.BooleanField(_("filed at the reception"), default=False)
    units = models.ManyToManyField(
        "departments.Unit", verbose_name=_("split out to"), blank=True, related_name="reception_visits"
    )
    split_note = models.TextField(_("how it was split out"), blank=True, max_length=2000)
    onsite_office = models.BooleanField(_("on-site office held"), default=False)
    onsite_note = models.TextField(_("on-site office record"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("reception log entry")
        verbose_name_plural = _("reception log")
        ordering = ["-day", "received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.day} {self.visitors}"

    def clean(self) -> None:
        if self.visitor_count is not None and self.visitor_count < 1:
            raise ValidationError({"visitor_count": _("At least one person came.")})


class ProxyReward(models.Model):
    """A reward or a penalty the director sets for a proxy agent's record in a period (考核奖惩, 二（三））.

    Append-only: a mistake is corrected by another entry (a penalty of the same points), so the
    log of who set what, when and why is the table itself.
    """

    class Kind(models.TextChoices):
        REWARD = "reward", _("reward")
        PENALTY = "penalty", _("penalty")

    agent = models.ForeignKey(
        "departments.ProxyAgent", verbose_name=_("proxy agent"), on_delete=models.PROTECT, related_name="rewards"
    )
    period = models.CharField(
        _("period"), max_length=10, help_text=_("A month (2026-11), a quarter (2026-Q4) or a year.")
    )
    kind = models.CharField(_("reward or penalty"), max_length=10, choices=Kind.choices)
    points = models.PositiveIntegerField(_("points"), null=True, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("proxy agent's reward or penalty")
        verbose_name_plural = _("proxy agents' rewards and penalties")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["agent", "period"], name="proxy_reward_agent_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__isnull=False) | Q(amount__isnull=False), name="proxy_reward_points_or_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.period} {self.kind}"
