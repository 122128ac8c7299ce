"""A big export's progress page and its download: for the person who asked, nobody else.

Anyone else, and an export that does not exist, get the same 404. The page reloads itself every
two seconds while the worker writes (``static/ledgers/export-progress.js``, under the site's CSP;
without JavaScript a link refreshes it), then offers the file.
"""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from ledgers.exports import export_dir, export_file_name
from ledgers.models import LedgerExport
from ledgers.registers import LEDGERS


def _own_export(request, pk) -> LedgerExport:
    found = LedgerExport.objects.filter(pk=pk, user_id=request.user.pk).first()
    if found is None:
        raise Http404("no such export")
    return found


def export_status(request, pk):
    export = _own_export(request, pk)
    ledger = LEDGERS[export.ledger]
    return render(
        request,
        "ledgers/export_status.html",
        {
            "export": export,
            "ledger": ledger,
            "page_title": _("Export of the %(ledger)s") % {"ledger": ledger.title},
            "header_title": _("Export of the %(ledger)s") % {"ledger": ledger.title},
            "header_icon": "download",
        },
    )


def export_download(request, pk):
    export = _own_export(request, pk)
    if export.state != LedgerExport.State.DONE or not export.file_name:
        raise Http404("not ready")
    path = export_dir() / export.file_name
    if not path.is_file():
        raise Http404("file gone")
    name = export_file_name(LEDGERS[export.ledger])
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name)
