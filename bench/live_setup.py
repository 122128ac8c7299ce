"""Data of the live benchmark: ``python -m bench.live_setup <users> <cases>`` prints JSON.

One line office with ``users`` handlers (each with a signed-in session) and ``cases`` cases
waiting in its queue.
"""

import json
import sys
from datetime import timedelta


def setup(users: int, cases: int) -> dict:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from cases.models import Case, Petitioner, Routing
    from cases.rules.tracking import tracking_code_new
    from departments import services
    from departments.models import Unit

    unit = services.unit_save(unit=Unit(code="bench-office", name="压测线办", kind=Unit.Kind.LINE_OFFICE))
    sessions, ids = [], []
    for i in range(users):
        user = get_user_model().objects.create_user(f"bench.{i}")  # signed in by session, no password
        services.membership_set(user=user, unit=unit, role="handler")
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
        ids.append(user.pk)
    now = timezone.now()
    case_ids = []
    for i in range(cases):
        case = Case.objects.create(
            tracking_code=tracking_code_new(),
            channel="visit",
            service="petition",
            request=f"压测诉求{i}",
            status="assigned",
            received_at=now,
            reply_due_on=(now + timedelta(days=20)).date(),
            consent_at=now,
        )
        Petitioner.objects.create(case=case, name="测试", phone="13800000000", is_primary=True)
        Routing.objects.create(case=case, kind="policy", lead_unit=unit, assigned_at=now, queued_at=now, signed_at=now)
        case_ids.append(case.pk)
    return {"unit": unit.code, "sessions": sessions, "users": ids, "cases": case_ids}


def main(argv: list[str]) -> int:
    import django

    django.setup()
    print(json.dumps(setup(int(argv[0]), int(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
