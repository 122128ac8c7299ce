"""The demo's grid workers (loaded by ``manage.py load_demo`` after the organisation; idempotent)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from departments.demo import DEMO_PASSWORD
from departments.models import Village
from governance.models import GridWorker

GRID_WORKERS = [
    # username, family, given, village code, grid, phone
    ("grid.tangjiao", "邵", "网", "tangjiao", "塘角村第1网格", "13900000001"),
    ("grid.xisha", "冉", "格", "xisha", "西沙村第2网格", "13900000002"),
]


@transaction.atomic
def load_demo_grid_workers(*, password: str = DEMO_PASSWORD) -> int:
    User = get_user_model()
    for username, family, given, village_code, grid, phone in GRID_WORKERS:
        user, _created = User.objects.update_or_create(
            username=username, defaults={"last_name": family, "first_name": given, "is_active": True}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        GridWorker.objects.update_or_create(
            user=user,
            defaults={
                "village": Village.objects.get(code=village_code),
                "grid": grid,
                "phone": phone,
                "is_active": True,
            },
        )
    return len(GRID_WORKERS)


def demo_logins() -> list[tuple[str, str]]:
    return [(username, f"网格员（{grid}）") for username, _f, _g, _v, grid, _p in GRID_WORKERS]
