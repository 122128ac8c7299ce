"""Incident pages from three sides: the grid worker, the governance office and unit, everyone else."""

import pytest
from django.urls import reverse

from cases.models import Case
from cases.rules import status as st
from governance.models import Incident
from governance.services import IncidentInput, incident_dispatch, incident_report
from mediation import services as mediation_services
from tests.governance.conftest import photo

pytestmark = pytest.mark.django_db


def _incident(gov, worker=None):
    worker = worker or gov.grid
    data = IncidentInput(worker.village, "东路12号", gov.category, "medium", "路灯损坏，夜间有安全隐患。")
    return incident_report(actor=worker.user, data=data)


def _post_report(client, gov, **overrides):
    data = {
        "village": gov.village.pk,
        "address": "塘角村东路12号旁",
        "category": gov.category.pk,
        "risk_level": "high",
        "description": "两户村民因宅基地界址发生争执。",
        "token": "form-token-1",
        "photos": [photo()],
    }
    data.update(overrides)
    return client.post(reverse("governance:report"), data)


def test_the_grid_worker_reports_from_the_form_and_lands_on_the_incident(client, gov):
    client.force_login(gov.grid.user)
    assert client.get(reverse("governance:report")).status_code == 200
    response = _post_report(client, gov)
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("governance:mine", args=[incident.case.tracking_code])
    page = client.get(response.url)
    assert page.status_code == 200
    assert incident.case.display_code in page.content.decode()
    assert incident.case.attachments.count() == 1


def test_a_bad_report_comes_back_with_its_errors_and_stores_nothing(client, gov):
    client.force_login(gov.grid.user)
    response = _post_report(client, gov, address="", photos=[])
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_a_text_file_is_refused_as_a_photo(client, gov):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(gov.grid.user)
    response = _post_report(client, gov, photos=[SimpleUploadedFile("a.png", b"not really", content_type="image/png")])
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_only_grid_workers_get_the_report_form(client, gov):
    client.force_login(gov.people["gov", "head"])
    assert client.get(reverse("governance:report")).status_code == 403
    assert _post_report(client, gov).status_code == 403
    client.logout()
    assert client.get(reverse("governance:report")).status_code == 302


def test_a_grid_worker_sees_only_their_own_incident(client, gov):
    mine, theirs = _incident(gov), _incident(gov, gov.grid2)
    client.force_login(gov.grid.user)
    assert client.get(reverse("governance:mine", args=[mine.case.tracking_code])).status_code == 200
    response = client.get(reverse("governance:mine", args=[theirs.case.tracking_code]))
    assert response.status_code == 404
    home = client.get(reverse("governance:home")).content.decode()
    assert mine.case.display_code in home
    assert theirs.case.display_code not in home
    # and not through the staff case pages
    assert client.get(reverse("governance:case", args=[mine.case.tracking_code])).status_code == 404
    assert client.get(reverse("mediation:case", args=[mine.case.tracking_code])).status_code == 404


def test_the_office_dispatches_from_the_case_page(client, gov):
    incident = _incident(gov)
    code = incident.case.tracking_code
    client.force_login(gov.people["gov", "handler"])
    page = client.get(reverse("governance:case", args=[code]))
    assert page.status_code == 200
    assert 'data-testid="dispatch-form"' in page.content.decode()
    assert code in client.get(reverse("governance:home")).content.decode()
    response = client.post(reverse("governance:dispatch", args=[code]), {"unit": gov.units["agri"].pk})
    assert response.status_code == 302
    incident.case.refresh_from_db()
    assert incident.case.status == st.ASSIGNED


def test_a_dispatch_without_a_unit_comes_back_with_an_error(client, gov):
    code = _incident(gov).case.tracking_code
    client.force_login(gov.people["gov", "handler"])
    assert client.post(reverse("governance:dispatch", args=[code]), {}).status_code == 400


def test_the_unit_picks_and_closes_from_the_case_page(client, gov):
    case = _incident(gov).case
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
    handler = gov.people["agri", "handler"]
    client.force_login(handler)
    page = client.get(reverse("governance:case", args=[case.tracking_code])).content.decode()
    assert reverse("mediation:pick", args=[case.tracking_code]) in page
    assert 'data-testid="dispatch-form"' not in page
    mediation_services.case_pick(case=case, actor=handler)
    page = client.get(reverse("governance:case", args=[case.tracking_code])).content.decode()
    assert 'data-testid="close-form"' in page
    assert client.post(reverse("governance:close", args=[case.tracking_code]), {"measure": ""}).status_code == 400
    response = client.post(reverse("governance:close", args=[case.tracking_code]), {"measure": "已修复路灯。"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == st.CLOSED


def test_the_generic_case_page_links_to_the_governance_steps(client, gov):
    case = _incident(gov).case
    client.force_login(gov.people["gov", "handler"])
    page = client.get(reverse("mediation:case", args=[case.tracking_code])).content.decode()
    assert reverse("governance:case", args=[case.tracking_code]) in page


@pytest.mark.parametrize("name", ["governance:case", "governance:dispatch", "governance:close"])
def test_others_get_404_and_anonymous_a_sign_in(client, gov, name):
    case = _incident(gov).case
    url = reverse(name, args=[case.tracking_code])
    send = client.get if name == "governance:case" else client.post
    client.force_login(gov.people["urban", "head"])
    assert send(url).status_code == 404
    client.logout()
    assert send(url).status_code == 302
    case.refresh_from_db()
    assert case.status == st.REGISTERED


def test_a_petition_case_has_no_governance_page(client, gov):
    from tests.mediation.factories import routed_case

    case = routed_case(lead=gov.units["agri"])
    client.force_login(gov.director.user)
    assert client.get(reverse("governance:case", args=[case.tracking_code])).status_code == 404


def test_the_history_names_the_unit_the_risk_and_the_measure(client, gov, zh):
    from mediation.history import history_entries

    case = _incident(gov).case
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
    mediation_services.case_pick(case=case, actor=gov.people["agri", "handler"])
    from governance.services import incident_close

    incident_close(case=case, actor=gov.people["agri", "handler"], measure="已修复路灯。")
    rows = {e.event.kind: dict(e.details) for e in history_entries(case.events.all())}
    assert rows["incident_reported"]["风险等级"] == "中风险"
    assert rows["governance_dispatched"]["单位"] == "农业农村办"
    assert rows["governance_closed"]["处置措施"] == "已修复路灯。"


def test_a_unit_sees_the_incidents_sent_to_it_but_not_those_to_dispatch(client, gov):
    waiting, sent = _incident(gov), _incident(gov)
    incident_dispatch(case=sent.case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
    client.force_login(gov.people["agri", "handler"])
    page = client.get(reverse("governance:home")).content.decode()
    assert sent.case.display_code in page
    assert waiting.case.display_code not in page
    assert 'data-testid="to-dispatch"' not in page


def test_incidents_wait_on_the_office_to_do_list_not_on_the_petition_office_routing_list(client, gov):
    from mediation.selectors.todo import todo_lists_for_user

    def lists(user):
        return {item.key: {c.pk for c in item.page.items} for item in todo_lists_for_user(user)}

    case = _incident(gov).case
    assert case.pk in lists(gov.people["gov", "handler"])["dispatch"]
    assert case.pk not in lists(gov.people["petition", "clerk"]).get("routing", set())
    assert "dispatch" not in lists(gov.people["agri", "head"])
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
    assert case.pk not in lists(gov.people["gov", "handler"])["dispatch"]
    client.force_login(gov.people["gov", "handler"])
    assert 'data-todo="dispatch"' in client.get(reverse("mediation:inbox")).content.decode()
