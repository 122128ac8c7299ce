"""``Scope.on``: the statistics' scope read on a row's own case gives exactly the rows of the scope's cases."""

import pytest
from django.db.models import Exists, OuterRef, Q

from cases.models import Case, CaseEvent, CaseKind
from mediation.models import CaseClock, Contact, Extension, FollowUp
from stats.scope import Scope, stats_scope_for
from tests.mediation.factories import case_new, routed_case
from tests.stats.history import bj, step
from tests.stats.scenario import november
from tests.stats.test_visibility import MATRIX, _complaints, _user

MODELS = (CaseEvent, CaseClock, FollowUp, Extension, Contact)
AccusedUnits = Case.accused_units.through


def _readers(org):
    users = [org.director.user, *(leader.user for leader in org.leaders.values()), *org.people.values()]
    return [(user, scope) for user in users if (scope := stats_scope_for(user)) is not None]


def _ids(model, condition) -> set[int]:
    return set(model.objects.filter(condition).values_list("pk", flat=True))


@pytest.fixture
def story(org):
    november(org)
    complaints = _complaints(org)
    # A case routed as a conduct matter without the complaint's flag (the routing's kind decides),
    # and a legal consultation not routed yet (no routing row: the LEFT JOINs' NULL side).
    flagless = routed_case(lead=org.units["agri"], kind=CaseKind.CONDUCT, received_at=bj(2026, 11, 10))
    step(flagless, "assignment_signed", bj(2026, 11, 10, 10))
    unrouted = case_new(service="legal_consultation", received_at=bj(2026, 11, 11))
    step(unrouted, "legal_consultation_given", bj(2026, 11, 11, 15))
    return complaints


def test_every_reader_sees_the_same_rows_either_way(org, story):
    readers = _readers(org)
    assert len(readers) >= len(MATRIX)
    for user, scope in readers:
        for model in MODELS:
            assert _ids(model, scope.on("case")) == _ids(model, Q(case__in=scope.cases.values("pk"))), (user, model)


def test_the_complaints_rows_stay_out_for_the_unit_complained_about(org, story):
    complaint_ids = {case.pk for case in story}
    head = stats_scope_for(_user(org, ("agri", "head")))
    director = stats_scope_for(org.director.user)
    for model in (CaseEvent, CaseClock):
        theirs = set(model.objects.filter(head.on("case")).values_list("case_id", flat=True))
        everyones = set(model.objects.filter(director.on("case")).values_list("case_id", flat=True))
        assert not theirs & complaint_ids
        assert complaint_ids & everyones


def test_the_conduct_matter_and_the_unrouted_case_are_told_apart(org, story):
    flagless = Case.objects.get(routing__kind=CaseKind.CONDUCT, is_conduct_complaint=False)
    head = stats_scope_for(_user(org, ("agri", "head")))
    director = stats_scope_for(org.director.user)
    assert flagless.pk not in set(CaseEvent.objects.filter(head.on("case")).values_list("case_id", flat=True))
    assert flagless.pk in set(CaseEvent.objects.filter(director.on("case")).values_list("case_id", flat=True))
    assert CaseEvent.objects.filter(director.on("case"), case__routing__isnull=True).exists()


def test_a_path_through_a_many_valued_relation_falls_back_to_the_subquery(org, story):
    director = stats_scope_for(org.director.user)
    scope = Scope(viewer=director.viewer, whole_center=True, standing=Q(), rule=~Q(accused_units=org.units["agri"]))
    fallback = scope.on("case")
    assert [lookup for lookup, _value in fallback.children] == ["case__in"]
    assert _ids(CaseEvent, fallback) == _ids(CaseEvent, Q(case__in=scope.cases.values("pk")))
    assert _ids(CaseEvent, fallback) != _ids(CaseEvent, director.on("case"))


def test_the_directors_scope_reads_no_case_row(org, story):
    sql = str(CaseEvent.objects.filter(stats_scope_for(org.director.user).on("case")).query)
    assert "JOIN" not in sql  # on the event's case_id alone: no second scan of every case


def test_a_rule_with_an_expression_on_the_case_falls_back_to_the_subquery(org, story):
    about_a_unit = Exists(AccusedUnits.objects.filter(case_id=OuterRef("pk")))
    director = stats_scope_for(org.director.user)
    scope = Scope(viewer=director.viewer, whole_center=True, standing=Q(), rule=Q(about_a_unit))
    fallback = scope.on("case")
    assert [lookup for lookup, _value in fallback.children] == ["case__in"]
    expected = set(CaseEvent.objects.filter(case__accused_units__isnull=False).values_list("pk", flat=True))
    assert expected
    assert _ids(CaseEvent, fallback) == expected
