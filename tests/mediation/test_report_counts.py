"""Counts that could point at a reporter (issue 16): how often a report's reporter raised the matter
before is shown, searched and exported only to the staff who handle the report; everyone else reads
1, as on the case page (``intake.selectors.repeat_count_for_user``)."""

import csv
import io

import pytest
from django.test import Client

from cases.models import Case
from cases.rules import status as st
from tests.mediation.factories import build_org, routed_case

pytestmark = pytest.mark.django_db


def _times_raised(user, case) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    response = client.get("/admin/cases/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["查询码"] == case.display_code)
    return row["反映次数"]


def test_the_export_counts_a_report_as_raised_once_for_those_who_may_not_know_the_reporter():
    org = build_org()
    report = routed_case(
        lead=org.units["agri"],
        service="complaint",
        status=st.IN_PROGRESS,
        picked_by=org.people["agri", "handler"],
        request="举报垃圾清运费被挪用",
    )
    petition = routed_case(lead=org.units["agri"], request="请求修复村口道路")
    Case.objects.filter(pk__in=[report.pk, petition.pk]).update(repeat_count=3)
    clerk = org.people["petition", "clerk"]
    assert _times_raised(clerk, report) == "1"
    assert _times_raised(clerk, petition) == "3"
    assert _times_raised(org.people["agri", "head"], report) == "3"
    assert _times_raised(org.director.user, report) == "3"
