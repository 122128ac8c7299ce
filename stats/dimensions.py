"""What the figures are broken down by: each dimension a single-valued path from the case.

Every case has exactly one value in each dimension (possibly none: a case not yet routed has no
lead unit), so the rows of a breakdown add up to the whole. A case counts under its current
routing (lead unit, kind, owner), as the all-cases list shows it.
"""

from dataclasses import dataclass

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import CaseKind, Channel, Service
from departments.models import Area, Leader, Unit, Village


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Promise
    path: str
    """The path from ``Case`` (``case__`` + it from the other tables)."""
    model: type[Model] | None = None
    choices: tuple[tuple[str, str], ...] = ()

    def names(self, keys) -> dict:
        """key → what people read, for the keys of a breakdown (one query for a model, none for choices)."""
        keys = {key for key in keys if key is not None}
        if self.model is None:
            labels = dict(self.choices)
            return {key: str(labels.get(key, key)) for key in keys}
        rows = self.model.objects.filter(pk__in=keys)
        if self.model is Leader:
            rows = rows.select_related("user")
        return {row.pk: str(row) for row in rows}


DIMENSIONS = (
    Dimension("unit", _("lead unit"), "routing__lead_unit", model=Unit),
    Dimension("village", _("village"), "village", model=Village),
    Dimension("area", _("area"), "village__area", model=Area),
    Dimension("service", _("service"), "service", choices=tuple(Service.choices)),
    Dimension("kind", _("case kind"), "routing__kind", choices=tuple(CaseKind.choices)),
    Dimension("channel", _("channel"), "channel", choices=tuple(Channel.choices)),
    Dimension("owner", _("owning leader"), "routing__owner", model=Leader),
)
BY_CODE = {dimension.code: dimension for dimension in DIMENSIONS}
DEFAULT = "unit"
