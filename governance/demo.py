"""The demo's grid workers and village staff (loaded by ``manage.py load_demo`` after the organisation; idempotent)."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from departments.demo import DEMO_PASSWORD, demo_user
from departments.models import Village
from governance.models import GridWorker, IncidentCategory

# The categories the center starts with (as the migration seeds them; a database flushed by tests
# has lost them, so the demo puts them back).
CATEGORIES = [
    ("dispute", "矛盾纠纷", 10),
    ("public-order", "治安隐患", 20),
    ("work-safety", "安全生产隐患", 30),
    ("fire", "消防隐患", 40),
    ("environment", "环境卫生", 50),
    ("infrastructure", "道路设施损坏", 60),
    ("vulnerable-people", "特殊人群关爱", 70),
    ("other", "其他", 90),
]

GRID_WORKERS = [
    # username, family, given, village code, grid (a village staff member: the post), phone, kind
    ("grid.tangjiao", "邵", "网", "tangjiao", "塘角村第1网格", "13900000001", GridWorker.Kind.GRID_WORKER),
    ("grid.xisha", "冉", "格", "xisha", "西沙村第2网格", "13900000002", GridWorker.Kind.GRID_WORKER),
    ("village.tangjiao", "施", "村", "tangjiao", "村调解主任", "13900000011", GridWorker.Kind.VILLAGE_STAFF),
]


@transaction.atomic
def load_demo_grid_workers(*, password: str = DEMO_PASSWORD) -> int:
    """The incident categories and the demo's grid workers (get-or-update: loading twice changes nothing)."""
    for code, name, order in CATEGORIES:
        IncidentCategory.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    password_hash = make_password(password)
    for username, family, given, village_code, grid, phone, kind in GRID_WORKERS:
        user = demo_user(username, family, given, password_hash=password_hash)
        GridWorker.objects.update_or_create(
            user=user,
            defaults={
                "village": Village.objects.get(code=village_code),
                "kind": kind,
                "grid": grid,
                "phone": phone,
                "is_active": True,
            },
        )
    return len(GRID_WORKERS)


def demo_logins() -> list[tuple[str, str]]:
    return [
        (username, f"村（居）干部（{grid}）" if kind == GridWorker.Kind.VILLAGE_STAFF else f"网格员（{grid}）")
        for username, _f, _g, _v, grid, _p, kind in GRID_WORKERS
    ]
