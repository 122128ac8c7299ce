"""Signal receivers of case handling: they only move the organisation's version."""

from django.db.models.signals import post_delete, post_save

from departments.orgversion import org_changed
from mediation.models import RoutingTable


def connect() -> None:
    """A saved routing table moves the organisation's version: routing's cached copy holds the table."""
    post_save.connect(org_changed, sender=RoutingTable, dispatch_uid="one_window_routing_table_saved")
    post_delete.connect(org_changed, sender=RoutingTable, dispatch_uid="one_window_routing_table_deleted")
