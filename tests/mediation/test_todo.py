"""To-do lists per role (issue 13): an item stays until its step is done through the service, every
list goes through the visibility rule, the dashboard panel and the inbox page agree."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from cases.models import CaseKind, CaseLink
from cases.rules import status as st
from departments.models import Delegation
from intake.services import case_link_decide
from mediation import services
from mediation.models import CaseClock
from mediation.rules import oversight as ov
from mediation.selectors.todo import DueWindow, todo_counts, todo_lists_for_user
from mediation.services.clocks import case_clocks_refresh, case_extension_request, extension_decide
from mediation.templatetags.clocks import clock_marks
from mediation.todo_panel import TodoPanel, todo_panel
from tests.mediation.factories import case_new, routed_case

pytestmark = pytest.mark.django_db

SECTIONS = {
    "understood_request": "您反映塘角村村道破损，请求修复。",
    "facts": "经现场核实，村道约两百米路面破损。",
    "basis": "依据《农村公路条例》相关规定。",
    "decision": "街道已安排资金，于本月底前修复。",
    "remedies": "如不服，可在收到答复之日起30日内请求复查。",
}


def todo(user) -> dict[str, set[int]]:
    """Each list of the person: the ids of its cases (checked against its count)."""
    lists = todo_lists_for_user(user, limit=200)
    shown = {item.key: {case.pk for case in item.page.items} for item in lists}
    assert {item.key: item.count for item in lists} == {key: len(ids) for key, ids in shown.items()}
    return shown


def has(user, key: str, case) -> bool:
    return case.pk in todo(user).get(key, set())


def delegate(org, leader, scope):
    today = timezone.localdate()
    return Delegation.objects.create(
        director=org.director,
        leader=leader,
        scope=scope,
        valid_from=today,
        valid_until=today,
        created_by=org.director.user,
        created_at=timezone.now(),
    )


def picked_case(org, **fields):
    case = routed_case(lead=org.units["agri"], village=org.village, **fields)
    services.case_pick(case=case, actor=org.people["agri", "handler"])
    case.refresh_from_db()
    case_clocks_refresh(case)
    return case


def first_contact(org, case, who=None):
    services.case_first_contact_record(
        case=case,
        actor=who or org.people["agri", "handler"],
        at=timezone.now() - timedelta(minutes=5),
        learned="王大伯说村道塌陷。",
    )


# --- clerk ------------------------------------------------------------------------------------


def test_routing_to_confirm_stays_until_the_clerk_confirms_and_the_director_is_not_told_nothing(org):
    clerk, director = org.people["petition", "clerk"], org.director.user
    cases = [case_new(village=org.village), case_new(village=org.village)]
    assert todo(clerk)["routing"] == {c.pk for c in cases}
    # The director does not confirm routing: the inbox has no such list for them (not "nothing to confirm").
    assert "routing" not in todo(director)
    page = _client_for(director).get(reverse("mediation:inbox")).content.decode()
    assert 'data-todo="routing"' not in page
    services.case_routing_confirm(case=cases[0], actor=clerk, lead_unit=org.units["agri"], reason="村道属农业农村办")
    assert todo(clerk)["routing"] == {cases[1].pk}
    assert has(director, "sign_assignment", cases[0])


def test_a_detected_repeat_stays_until_the_clerk_decides_it(org):
    clerk = org.people["petition", "clerk"]
    earlier = case_new(village=org.village)
    later = case_new(village=org.village)
    link = CaseLink.objects.create(case=later, earlier=earlier, similarity=0.9, matched_on="phone")
    assert todo(clerk)["links"] == {later.pk}
    case_link_decide(link=link, confirm=True, actor=clerk)
    assert todo(clerk)["links"] == set()


# --- director and delegates -------------------------------------------------------------------------


def test_assignment_signature_waits_for_the_director_and_the_delegate_until_signed(org):
    case = routed_case(lead=org.units["agri"], status=st.ROUTED, village=org.village)
    liu, li = org.leaders["liu"], org.leaders["li"]
    delegate(org, liu, Delegation.Scope.ASSIGNMENT)
    assert has(org.director.user, "sign_assignment", case)
    assert has(liu.user, "sign_assignment", case)
    assert "sign_assignment" not in todo(li.user)  # no delegation: not a signer
    services.case_sign_assignment(case=case, actor=liu.user)
    assert not has(org.director.user, "sign_assignment", case)
    assert not has(liu.user, "sign_assignment", case)


def test_completion_signature_is_listed_from_submission_until_signed(org):
    director, liu, handler = org.director.user, org.leaders["liu"], org.people["agri", "handler"]
    delegate(org, liu, Delegation.Scope.COMPLETION)
    case = picked_case(org)
    first_contact(org, case)
    services.case_reply_draft(case=case, actor=handler, sections=SECTIONS)
    assert not has(director, "sign_completion", case)  # drafted, not submitted: not theirs yet
    services.case_reply_submit(case=case, actor=handler)
    assert has(director, "sign_completion", case)
    assert has(liu.user, "sign_completion", case)
    assert "sign_assignment" not in todo(liu.user)  # delegated the completion signature only
    services.case_completion_sign(case=case, actor=director)
    assert not has(director, "sign_completion", case)
    assert not has(liu.user, "sign_completion", case)


def test_objections_and_extensions_wait_for_the_director_until_decided(org):
    director, head = org.director.user, org.people["agri", "head"]
    objected = routed_case(lead=org.units["agri"], village=org.village)
    assert has(head, "objection_window", objected)
    services.case_object(case=objected, actor=head, reason="不属于本单位职责")
    assert not has(head, "objection_window", objected)
    assert has(director, "objections", objected)
    services.objection_decide(case=objected, actor=director, uphold=True, note="维持交办")
    assert not has(director, "objections", objected)
    assert not has(head, "objection_window", objected)  # objected once: the window is used

    extended = picked_case(org)
    case_extension_request(case=extended, actor=head, days=10, reason="需要补充调查")
    assert has(director, "extensions", extended)
    assert "extensions" not in todo(org.leaders["liu"].user)
    extension_decide(case=extended, actor=director, approve=True, note="同意")
    assert not has(director, "extensions", extended)


# --- handler and unit head --------------------------------------------------------------------------


def test_a_handled_case_stays_on_the_handlers_lists_until_each_step_is_done(org):
    handler, clerk, director = org.people["agri", "handler"], org.people["petition", "clerk"], org.director.user
    case = picked_case(org)
    lists = todo(handler)
    assert case.pk in lists["in_hand"]
    assert case.pk in lists["first_calls"]
    first_contact(org, case)  # done: gone at once, not at the next sweep
    assert not has(handler, "first_calls", case)
    services.case_reply_draft(case=case, actor=handler, sections=SECTIONS)
    services.case_reply_submit(case=case, actor=handler)
    services.case_completion_sign(case=case, actor=director)
    assert has(handler, "in_hand", case)  # signed off, still to deliver
    services.case_reply_deliver(case=case, actor=clerk, method="in_person", delivered_on=timezone.localdate())
    assert not has(handler, "in_hand", case)
    assert has(handler, "follow_ups", case)  # replied: the follow-up visit is reachable from the list
    page = _client_for(handler).get(reverse("mediation:inbox")).content.decode()
    assert reverse("mediation:case", args=[case.tracking_code]) in page
    services.case_follow_up_record(
        case=case, actor=handler, at=timezone.now(), method="phone", satisfaction="satisfied", comments=""
    )
    assert not has(handler, "follow_ups", case)
    assert not has(org.people["urban", "handler"], "follow_ups", case)


def test_replies_due_use_the_clocks_definition_of_due_soon(org):
    handler = org.people["agri", "handler"]
    soon, later = picked_case(org), picked_case(org)
    window = DueWindow.now()
    CaseClock.objects.filter(case=soon, clock="reply").update(due_on=window.soon_until)
    CaseClock.objects.filter(case=later, clock="reply").update(due_on=window.not_soon_from)
    assert todo(handler)["replies_due"] == {soon.pk}
    marks = clock_marks([soon, later])  # what the case lists and the case page mark
    assert marks[soon.pk]["state"] == "due_soon"
    assert later.pk not in marks or "办结答复" not in marks[later.pk]["clocks"]


def test_the_unit_head_sees_the_queue_until_picked_and_overdue_until_met(org):
    head, handler = org.people["agri", "head"], org.people["agri", "handler"]
    waiting = routed_case(lead=org.units["agri"], village=org.village)
    old = routed_case(lead=org.units["agri"], village=org.village, assigned_at=timezone.now() - timedelta(days=30))
    lists = todo(head)
    assert lists["unit_queue"] == {waiting.pk, old.pk}
    assert waiting.pk in lists["objection_window"]
    assert old.pk not in lists["objection_window"]  # its 5 working days are over
    services.case_pick(case=waiting, actor=handler)
    assert not has(head, "unit_queue", waiting)

    case = picked_case(org)
    CaseClock.objects.filter(case=case, clock="first_contact").update(due_on=timezone.localdate() - timedelta(days=1))
    assert has(head, "overdue", case)
    assert not has(org.people["urban", "head"], "overdue", case)
    first_contact(org, case)
    assert not has(head, "overdue", case)


# --- owning leader ----------------------------------------------------------------------------------


def test_the_five_duties_and_the_reinvestigation_stay_until_done(org):
    li = org.leaders["li"].user
    case = routed_case(lead=org.units["agri"], owner=org.leaders["li"], repeat_count=3, village=org.village)
    plain = routed_case(lead=org.units["agri"], owner=org.leaders["li"], village=org.village)
    assert todo(li)["duties"] == {case.pk}  # not escalated: no five duties
    for i, duty in enumerate(ov.DUTIES[:4]):
        services.ownership_duty_record(case=case, actor=li, duty=duty, done_on=timezone.localdate(), note=f"第{i}项")
    assert has(li, "duties", case)
    services.ownership_duty_record(case=case, actor=li, duty=ov.DUTIES[4], done_on=timezone.localdate(), note="第5项")
    assert not has(li, "duties", case)
    assert plain.pk not in todo(li)["duties"]

    services.warning_slip_issue(case=case, actor=org.people["petition", "clerk"])
    assert has(li, "reinvestigations", case)
    services.reinvestigation_report_file(
        case=case,
        actor=org.people["agri", "handler"],
        analysis="原因",
        resolution_plan="化解",
        stabilisation_plan="稳控",
    )
    assert has(li, "reinvestigations", case)  # filed, not signed
    services.reinvestigation_report_sign(case=case, actor=li)
    assert not has(li, "reinvestigations", case)
    assert not has(org.leaders["zhang"].user, "reinvestigations", case)


# --- the visibility rule ------------------------------------------------------------------------------


def test_a_conduct_complaint_about_a_unit_never_shows_to_that_unit(org):
    agri = org.units["agri"]
    about_agri = routed_case(
        lead=agri, kind=CaseKind.CONDUCT, is_conduct_complaint=True, accused_units=[agri], village=org.village
    )
    plain = routed_case(lead=agri, village=org.village)
    head = org.people["agri", "head"]
    for user in (head, org.people["agri", "handler"], org.leaders["li"].user):
        for ids in todo(user).values():
            assert about_agri.pk not in ids
    assert todo(head)["unit_queue"] == {plain.pk}
    counts = {item.key: item.count for item in todo_counts(head)}
    assert counts["unit_queue"] == 1
    # Awaiting the completion signature: the delegate who supervises the accused unit never sees it.
    signing = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[agri],
        status=st.AWAITING_SIGNOFF,
        picked_by=org.people["discipline", "handler"],
    )
    delegate(org, org.leaders["li"], Delegation.Scope.COMPLETION)
    assert not has(org.leaders["li"].user, "sign_completion", signing)
    assert has(org.director.user, "sign_completion", signing)
    html = _panel_html(head)
    assert 'data-todo="unit_queue"><a' in html
    assert "<strong>1</strong>" in html.split('data-todo="unit_queue"')[1].split("</li>")[0]


def test_an_outsider_and_an_anonymous_person_have_no_lists(org, client):
    routed_case(lead=org.units["agri"], status=st.ROUTED)
    assert todo_counts(org.outsider) == []
    response = client.get(reverse("mediation:inbox"))
    assert response.status_code == 302


# --- the dashboard panel and the inbox page -----------------------------------------------------------


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _panel_html(user) -> str:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    panels = []
    todo_panel(request, panels)
    return panels[0].render_html({"request": request}) if panels else ""


def test_the_panel_is_registered_and_counts_in_one_query(org, django_assert_max_num_queries):
    assert todo_panel in hooks.get_hooks("construct_homepage_panels")
    routed_case(lead=org.units["agri"], status=st.ROUTED)
    director = org.director.user
    with CaptureQueriesContext(connection) as one:
        todo_counts(director)
    routed_case(lead=org.units["agri"], status=st.ROUTED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        lists = todo_counts(director)
    assert {item.key: item.count for item in lists}["sign_assignment"] == 2
    html = _panel_html(director)
    assert f"{reverse('mediation:inbox')}#todo-sign_assignment" in html
    assert isinstance(TodoPanel(lists), TodoPanel)
    assert _panel_html(org.outsider) == ""


def test_the_admin_dashboard_shows_the_panel(org, client):
    director = org.director.user
    director.is_superuser = director.is_staff = True
    director.save()
    routed_case(lead=org.units["agri"], status=st.ROUTED)
    client.force_login(director)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-testid="todo-panel"' in page
    assert 'data-todo="sign_assignment"' in page


def _fill(org, n):
    for _ in range(n):
        routed_case(lead=org.units["agri"], status=st.ROUTED, village=org.village)
        routed_case(lead=org.units["agri"], status=st.OBJECTED, village=org.village)
        case_new(village=org.village)


def test_the_inbox_page_queries_do_not_grow_with_the_items(org):
    director = org.director.user
    client = _client_for(director)
    _fill(org, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("mediation:inbox")).status_code == 200
    _fill(org, 8)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("mediation:inbox")).content.decode()
    assert page.count('data-todo="sign_assignment" data-count="9"') == 1
    assert len(many.captured_queries) == len(few.captured_queries)


# --- one definition of "due soon": the center view, the case lists and the to-do lists --------------


def test_the_center_view_flags_a_first_call_due_soon_as_the_case_page_does(org):
    from lobby.queues import center_summary_for_user

    case = picked_case(org)  # reply due in weeks; the first call due tomorrow
    window = DueWindow.now()
    CaseClock.objects.filter(case=case, clock="first_contact").update(due_on=window.soon_until)
    assert clock_marks([case])[case.pk]["state"] == "due_soon"  # the case page and case lists
    summary = center_summary_for_user(org.director.user)
    assert summary.totals["due_soon"] == 1
    assert [c.pk for c in summary.urgent] == [case.pk]
    page = _client_for(org.director.user).get(reverse("lobby:center")).content.decode()
    assert case.display_code in page
    first_contact(org, case)  # the step is done: no longer due anywhere
    assert case.pk not in clock_marks([case])
    summary = center_summary_for_user(org.director.user)
    assert summary.totals["due_soon"] == 0
    assert summary.urgent == []


def test_the_case_page_shows_a_clock_met_as_soon_as_its_step_is_recorded(org):
    case = picked_case(org)
    director = _client_for(org.director.user)
    url = reverse("mediation:case", args=[case.tracking_code])
    CaseClock.objects.filter(case=case, clock="first_contact").update(due_on=DueWindow.now().soon_until)
    assert "即将到期" in director.get(url).content.decode()
    first_contact(org, case)
    page = director.get(url).content.decode()
    assert "即将到期" not in page
    assert "已按期完成" in page


def test_a_head_of_the_petition_office_has_every_list_of_a_clerk_handler_and_head(org):
    head = org.people["petition", "head"]
    registered = case_new(village=org.village)
    lists = todo(head)
    assert lists["routing"] == {registered.pk}
    assert {"links", "in_hand", "unit_queue"} <= set(lists)


def test_each_list_pages_on_its_own_and_a_foreign_cursor_starts_again(org):
    clerk = org.people["petition", "clerk"]
    first, second = case_new(village=org.village), case_new(village=org.village)
    (page_one,) = [item for item in todo_lists_for_user(clerk, limit=1) if item.key == "routing"]
    assert [c.pk for c in page_one.page.items] == [first.pk]
    cursors = {"routing": page_one.page.next_cursor}
    (page_two,) = [item for item in todo_lists_for_user(clerk, cursors=cursors, limit=1) if item.key == "routing"]
    assert [c.pk for c in page_two.page.items] == [second.pk]
    response = _client_for(clerk).get(reverse("mediation:inbox"), {"routing_after": "not-ours"})
    assert response.status_code == 200
    assert second.display_code in response.content.decode()
