"""The demo roster: loaded with the demo organisation, once however often it is loaded."""

import pytest
from django.core.management import call_command

from peoples_mediation.models import Mediator

pytestmark = pytest.mark.django_db


def test_demo_roster_has_committee_and_village_mediators_once():
    call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")
    assert Mediator.objects.count() == 4
    assert Mediator.objects.filter(committee_unit__code="mediation-committee", user__isnull=False).count() == 2
    assert Mediator.objects.filter(village__isnull=False, user__isnull=True).count() == 2
