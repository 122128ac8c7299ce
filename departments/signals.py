"""Signal receivers of the organisation: they only move its version (``departments.orgversion``)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from departments.models import Area, Leader, Unit, Village
from departments.orgversion import org_changed


def connect() -> None:
    """Units, areas, villages, leaders and whom a leader supervises: what routing reads of the
    organisation (memberships are read per case, never cached)."""
    for model in (Unit, Area, Village, Leader):
        label = model._meta.label_lower
        post_save.connect(org_changed, sender=model, dispatch_uid=f"one_window_org_saved_{label}")
        post_delete.connect(org_changed, sender=model, dispatch_uid=f"one_window_org_deleted_{label}")
    m2m_changed.connect(org_changed, sender=Leader.supervised_units.through, dispatch_uid="one_window_org_supervision")
