"""The ledgers (台账) in the Wagtail admin: the menu group of the registers, and the pages of a big export."""

from django.urls import path
from wagtail import hooks

from ledgers.listing import LedgerGroup
from ledgers.views import export_download, export_status


@hooks.register("register_admin_viewset")
def register_ledgers():
    return LedgerGroup()


@hooks.register("register_admin_urls")
def ledger_export_urls():
    return [
        path("ledgers/exports/<uuid:pk>/", export_status, name="ledgers_export"),
        path("ledgers/exports/<uuid:pk>/download/", export_download, name="ledgers_export_download"),
    ]
