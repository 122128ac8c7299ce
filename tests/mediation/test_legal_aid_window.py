"""The legal-service window lists the legal-aid applications still waiting for it (the decision, or
the lawyer after a grant), most urgent first; from three sides and within a query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.services import CaseInput, PetitionerInput, case_file
from mediation.selectors.legal import open_legal_aid_for
from mediation.services.legal_aid import case_legal_aid_decide, case_legal_aid_lawyer_assign

pytestmark = pytest.mark.django_db


def _apply(phone: str):
    return case_file(
        data=CaseInput(
            channel="online",
            service="legal_aid",
            request="被拖欠工资，经济困难，申请法律援助。",
            petitioners=[PetitionerInput(name="孙师傅", phone=phone)],
            consent=True,
        )
    ).case


def test_the_window_lists_applications_until_the_lawyer_is_assigned(org):
    handler = org.people["legal", "handler"]
    waiting, granted, refused = _apply("13900000201"), _apply("13900000202"), _apply("13900000203")
    case_legal_aid_decide(case=granted, actor=handler, granted=True)
    case_legal_aid_decide(case=refused, actor=handler, granted=False, reason="不符合经济困难条件")
    assert set(open_legal_aid_for(handler)) == {waiting, granted}
    case_legal_aid_lawyer_assign(case=granted, actor=handler, lawyer="钱律师", firm="沥海律师事务所")
    assert set(open_legal_aid_for(handler)) == {waiting}


def test_the_window_page_from_three_sides(org, client, django_assert_max_num_queries):
    application = _apply("13900000204")
    client.force_login(org.people["legal", "handler"])
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("intake:legal-walk-in"))
    assert application.display_code in page.content.decode()
    for n in range(4):
        _apply(f"1390000030{n}")
    with django_assert_max_num_queries(len(one)):
        client.get(reverse("intake:legal-walk-in"))
    # Another unit: no window at all; anonymous: sign in first.
    client.force_login(org.people["agri", "handler"])
    assert client.get(reverse("intake:legal-walk-in")).status_code == 404
    client.logout()
    response = client.get(reverse("intake:legal-walk-in"))
    assert response.status_code == 302
    assert "/staff/login/" in response.url
