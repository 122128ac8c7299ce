"""The project's URLs plus one bench-only endpoint (never in the project's URLconf).

``POST /bench/live/change/<case id>/<user id>/`` picks the case for that user, or releases it if it
is picked, through the real services (``case_pick`` / ``case_release``), which announce the change
with ``live.realtime.case_changed`` on commit. It needs the ``X-Bench-Token`` of the environment
and saves the load generator a session and a CSRF round trip per change.
"""

import hmac
import os

from django.contrib.auth import get_user_model
from django.http import HttpResponseForbidden, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from center.urls import urlpatterns as project_patterns


@csrf_exempt
@require_POST
def change(request, case_id: int, user_id: int):
    from cases.models import Case, Routing
    from mediation import services

    expected = os.environ.get("BENCH_TRIGGER_TOKEN", "")
    if not expected or not hmac.compare_digest(request.headers.get("X-Bench-Token", ""), expected):
        return HttpResponseForbidden()
    case = Case.objects.get(pk=case_id)
    user = get_user_model().objects.get(pk=user_id)
    if Routing.objects.filter(pk=case_id, picked_by__isnull=False).exists():
        services.case_release(case=case, actor=user)
        return JsonResponse({"kind": "released"})
    services.case_pick(case=case, actor=user)
    return JsonResponse({"kind": "picked"})


urlpatterns = [path("bench/live/change/<int:case_id>/<int:user_id>/", change), *project_patterns]
