"""The benchmarks' seeders write straight into the tables (COPY on PostgreSQL), past the models: a new
NOT NULL column breaks them silently until someone runs a benchmark. These tests seed a few rows the
way the benchmarks do, on whichever database the suite runs on, and read them back as the pages do."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from bench import mediation_setup, scenario_stats
from cases.models import Case
from lobby.queues import queue_lists_for_user
from stats.dimensions import BY_CODE
from stats.rules.periods import period_parse
from stats.scope import stats_scope_for
from stats.selectors.breakdown import figures_by

pytestmark = pytest.mark.django_db


def test_the_seeders_fill_a_queue_and_a_year(django_user_model):
    call_command("load_demo", "--quiet-logins", verbosity=0)  # what the benchmarks seed into
    scenario_stats.seed(20)
    assert Case.objects.filter(request__startswith="统计基准").count() == 20
    director = django_user_model.objects.get(username="director")
    scope = stats_scope_for(director)
    figures = figures_by(scope, period_parse("2026"), BY_CODE["unit"], today=timezone.localdate())
    assert figures.total.counts["received"] == 20
    answered = [scenario_stats._history(n, 20)[2] for n in range(20)]
    in_2026 = [at for at in answered if at is not None and timezone.localtime(at).year == 2026]
    assert 0 < len(in_2026) < 20
    assert figures.total.counts["replied"] == len(in_2026)  # one case in five is never answered

    mediation_setup.bulk_queue(unit_code="agriculture", count=12)
    cases = Case.objects.filter(request__startswith="基准测试诉求")
    assert cases.count() == 12
    unit = cases.first().routing.lead_unit
    assert len(queue_lists_for_user(director, unit).waiting) == 12
