"""Pages of messaging: resend a failed SMS (petition office), a person's message preferences, receipts."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cases.errors import ActionRefused, CaseNotFound
from cases.models import Case
from cases.selectors import case_visible_q
from messaging import selectors, services
from messaging.forms import PreferenceForm
from messaging.models import SmsMessage

RECEIPT_MAX_BYTES = 256 * 1024


@login_required
@require_POST
def sms_resend(request, pk: int):
    message = get_object_or_404(SmsMessage.objects.select_related("case"), pk=pk)
    if not Case.objects.filter(case_visible_q(request.user), pk=message.case_id).exists():
        raise Http404("no such message")
    try:
        services.sms_resend(message=message, actor=request.user)
    except CaseNotFound as missing:
        raise Http404("no such message") from missing
    except ActionRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The SMS is queued to be sent again."))
    return redirect("mediation:case", code=message.case.tracking_code)


@login_required
def preferences(request):
    current = selectors.preference_for(request.user)
    initial = {
        "messenger_id": current.messenger_id,
        "categories": current.categories,
        "digest": current.digest,
        "quiet_start": current.quiet_start,
        "quiet_end": current.quiet_end,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.preference_save(
                user=request.user,
                categories=d["categories"],
                digest=d["digest"],
                quiet_start=d["quiet_start"],
                quiet_end=d["quiet_end"],
                messenger_id=d["messenger_id"],
            )
        except ActionRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your message preferences are saved."))
            return redirect("messaging:preferences")
    recent = selectors.recent_work_messages(request.user)
    return render(request, "messaging/preferences.html", {"form": form, "recent": recent})


@csrf_exempt
@require_POST
def receipts(request, token: str):
    """Delivery reports pushed by the SMS provider, to a URL holding ``MESSAGING_RECEIPT_TOKEN``."""
    expected = settings.MESSAGING["RECEIPT_TOKEN"]
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Http404("no such page")
    if len(request.body) > RECEIPT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        items = json.loads(request.body or b"[]")
    except ValueError:
        return JsonResponse({"code": 1, "msg": "not JSON"}, status=400)
    changed = services.receipts_apply(items=items if isinstance(items, list) else [items])
    # Both providers read "0" / "success" as received.
    return JsonResponse({"code": 0, "msg": "成功", "result": 0, "errmsg": "OK", "changed": changed})
