"""Whether a case is answered (completed, 办结) is read from a partial index of the answering events."""

import pytest
from django.db import connection, transaction

from cases.events import ANSWERED_KINDS, CLOSED_KINDS, REPLIED_KINDS
from cases.models import Case, CaseEvent
from stats.selectors.common import EVENT_FIGURES
from stats.selectors.measures import answered_q, completed_q
from tests.mediation.factories import routed_case
from tests.stats.history import bj, step

pytestmark = pytest.mark.django_db


def _index() -> object:
    (index,) = [index for index in CaseEvent._meta.indexes if index.name == "caseevent_answered"]
    return index


def test_the_index_holds_exactly_the_kinds_that_answer_a_case():
    assert dict(_index().condition.children)["kind__in"] == ANSWERED_KINDS
    assert set(ANSWERED_KINDS) == set(EVENT_FIGURES["replied"]) | set(EVENT_FIGURES["closed"])
    assert set(REPLIED_KINDS) | set(CLOSED_KINDS) == set(ANSWERED_KINDS)


def test_answered_and_completed_count_the_cases_answered_or_closed(org):
    unit = org.units["agri"]
    replied = routed_case(lead=unit, received_at=bj(2026, 11, 2))
    step(replied, "reply_delivered", bj(2026, 11, 9))
    closed = routed_case(lead=unit, received_at=bj(2026, 11, 3))
    step(closed, "legal_consultation_given", bj(2026, 11, 3, 15))
    signed_only = routed_case(lead=unit, received_at=bj(2026, 11, 4))
    step(signed_only, "assignment_signed", bj(2026, 11, 4, 10))
    assert set(Case.objects.filter(answered_q()).values_list("pk", flat=True)) == {replied.pk, closed.pk}
    assert set(Case.objects.filter(completed_q()).values_list("pk", flat=True)) == {replied.pk, closed.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_postgresql_answers_from_the_partial_index(org):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is tiny: ask for any usable index
        plan = Case.objects.filter(completed_q()).explain()
    assert "caseevent_answered" in plan
