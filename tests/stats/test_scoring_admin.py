"""The scoring scheme in the Wagtail admin: editable while no published period used it, then locked."""

from decimal import Decimal

import pytest
from django.urls import reverse

from stats import services
from stats.models import ScorePeriod, ScoringItem, ScoringScheme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    return client


def _item_form(item: ScoringItem, points: str) -> dict:
    return {
        "scheme": item.scheme_id,
        "trigger": item.trigger,
        "label": item.label,
        "points": points,
        "applies_to": item.applies_to,
        "cap_quarter": "",
        "cap_year": "",
        "basis": item.basis,
        "sort_order": item.sort_order,
    }


def test_the_default_scheme_cites_the_rulebook():
    scheme = ScoringScheme.objects.get(version=1)
    assert scheme.items.count() == 9
    assert all(item.basis.startswith("沥工委〔2020〕38号") for item in scheme.items.all())
    assert "二（七）" in scheme.note


def test_an_item_is_edited_while_the_scheme_is_unused(admin_client, zh):
    item = ScoringItem.objects.get(trigger="reply_overdue")
    url = reverse("wagtailsnippets_stats_scoringitem:edit", args=[item.pk])
    assert admin_client.post(url, _item_form(item, "-3")).status_code == 302
    item.refresh_from_db()
    assert item.points == Decimal(-3)


def test_a_scheme_used_by_a_published_period_is_locked(org, admin_client, zh):
    services.score_period_compute(actor=org.director.user, code="2025-Q1")
    services.score_period_publish(actor=org.director.user, code="2025-Q1")
    item = ScoringItem.objects.get(trigger="reply_overdue")
    response = admin_client.post(
        reverse("wagtailsnippets_stats_scoringitem:edit", args=[item.pk]), _item_form(item, "-9")
    )
    assert "已用于已发布的考核期" in response.content.decode()
    response = admin_client.post(reverse("wagtailsnippets_stats_scoringitem:delete", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.points == Decimal(-2)
    assert ScorePeriod.objects.get(code="2025-Q1").scheme.items.count() == 9
