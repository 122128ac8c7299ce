"""三帮一办 (二（三））: the help a proxy agent gives a resident on a case they carry (issue 17)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Service

# What an agent may file for a resident: not a report (a reporter is protected; an agent is a cadre),
# nor a governance incident (grid workers report those).
PROXY_SERVICES = (Service.PETITION, Service.MEDIATION, Service.LEGAL_CONSULTATION, Service.LEGAL_AID)


class ProxyHelp(models.Model):
    """One help given: thought guidance, policy explanation, hardship help, or handling in full."""

    class Kind(models.TextChoices):
        THOUGHT = "thought", _("thought guidance (帮思想疏导)")
        POLICY = "policy", _("policy explanation (帮政策解释)")
        HARDSHIP = "hardship", _("hardship help (帮困难解决)")
        FULL = "full", _("handled in full (全程代办)")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="proxy_helps")
    agent = models.ForeignKey(
        "departments.ProxyAgent", verbose_name=_("proxy agent"), on_delete=models.PROTECT, related_name="helps"
    )
    kind = models.CharField(_("help"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("what was done"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("proxy help")
        verbose_name_plural = _("proxy helps")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.on}"


class ProxyMatter(models.Model):
    """代办件工作清单: one matter on the published list of what a proxy agent may carry (二（三））.

    Kept as data in the admin; an agent files for a resident only a matter on the list, and the
    matter says which service the case is filed under (so routing is the desk's, unchanged).
    """

    name = models.CharField(_("matter"), max_length=100, unique=True)
    service = models.CharField(
        _("service"),
        max_length=30,
        choices=[(s.value, s.label) for s in PROXY_SERVICES],
        help_text=_("The case is filed under this service and routed like any other."),
    )
    description = models.TextField(_("what the agent does"), max_length=1000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("on the list"), default=True)

    class Meta:
        verbose_name = _("proxy matter")
        verbose_name_plural = _("proxy list")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ProxyConsent(models.Model):
    """How the resident agreed that the agent files and carries their case (an agent's filing, issue 17)."""

    class Method(models.TextChoices):
        SIGNED_FORM = "signed_form", _("signed the proxy form")
        IN_PERSON = "in_person", _("agreed in person")
        PHONE = "phone", _("agreed by phone")

    case = models.OneToOneField("cases.Case", primary_key=True, on_delete=models.CASCADE, related_name="proxy_consent")
    matter = models.ForeignKey(ProxyMatter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="consents")
    method = models.CharField(_("how the resident agreed"), max_length=20, choices=Method.choices)
    given_on = models.DateField(_("agreed on"))
    attachment = models.ForeignKey(
        "cases.Attachment",
        verbose_name=_("signed consent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("resident's consent to proxy")
        verbose_name_plural = _("residents' consents to proxy")

    def __str__(self) -> str:
        return f"{self.case_id} {self.method} {self.given_on}"


class ProxyDocument(models.Model):
    """A document the agent carried between the resident and a unit (送达材料), with who received it."""

    class Direction(models.TextChoices):
        TO_UNIT = "to_unit", _("from the resident to the unit")
        TO_RESIDENT = "to_resident", _("from the unit to the resident")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="proxy_documents")
    agent = models.ForeignKey(
        "departments.ProxyAgent", verbose_name=_("proxy agent"), on_delete=models.PROTECT, related_name="documents"
    )
    direction = models.CharField(_("carried"), max_length=20, choices=Direction.choices)
    title = models.CharField(_("document"), max_length=200)
    on = models.DateField(_("handed over on"))
    received_by = models.CharField(_("received by"), max_length=100)
    attachment = models.ForeignKey(
        "cases.Attachment", verbose_name=_("copy"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("document carried")
        verbose_name_plural = _("documents carried")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.title} {self.on}"
