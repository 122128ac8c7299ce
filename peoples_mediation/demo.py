"""The demo roster of mediators (loaded by ``manage.py load_demo`` after the organisation).

Get-or-update by name: loading twice leaves the same roster as loading once.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from departments.models import Unit, Village
from peoples_mediation.models import Mediator

# name, phone, username (or None), committee: "subdistrict" or a village code
ROSTER = [
    ("何和", "13905750101", "mediation.head", "subdistrict"),
    ("吕平", "13905750102", "mediation.handler", "subdistrict"),
    ("钱老伯", "13905750201", None, "tangjiao"),
    ("孙大姐", "13905750202", None, "xisha"),
]


@transaction.atomic
def load_demo_roster() -> int:
    """The demo mediators (the subdistrict committee's two staff, two village mediators); how many."""
    committee = Unit.objects.filter(kind=Unit.Kind.MEDIATION_COMMITTEE, code="mediation-committee").first()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[r[2] for r in ROSTER if r[2]])}
    villages = {v.code: v for v in Village.objects.all()}
    loaded = 0
    for name, phone, username, where in ROSTER:
        unit = committee if where == "subdistrict" else None
        village = villages.get(where) if where != "subdistrict" else None
        if unit is None and village is None:
            continue
        Mediator.objects.update_or_create(
            name=name,
            defaults={"phone": phone, "user": users.get(username), "committee_unit": unit, "village": village},
        )
        loaded += 1
    return loaded
