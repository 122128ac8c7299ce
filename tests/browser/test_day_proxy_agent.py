"""A proxy agent's working day (代办, 二（三）) in a real browser, on a desk screen and on a phone: signs in,
files a case for a resident from the proxy list with the resident's consent, sees it on the workbench,
records the help given and a document carried, is told when the unit answers, reads their rates; the
resident follows the case on the tracking page with the code the agent gave them."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from departments.models import Unit
from mediation import services
from tests.browser.day import VIEWPORTS, look, sign_in, viewports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = "13900139123"
REQUEST = "邻居在我家宅基地边上砌墙，占了约一米，请求村里重新丈量界址。"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _the_unit_answers(case):
    """The petition office routes it, the director signs, the handler calls and the reply is delivered."""
    agri = Unit.objects.get(code="agriculture")
    handler = _user("agri.handler")
    services.case_routing_confirm(
        case=case, actor=_user("petition.clerk"), lead_unit=agri, reason="宅基地界址属农业农村办职责"
    )
    services.case_sign_assignment(case=case, actor=_user("director"))
    services.case_pick(case=case, actor=handler)
    services.case_first_contact_record(case=case, actor=handler, at=timezone.now(), learned="界址争议属实")
    sections = dict.fromkeys(("understood_request", "facts", "basis", "decision", "remedies"), "已核实")
    services.case_reply_draft(case=case, actor=handler, sections=sections)
    services.case_reply_submit(case=case, actor=handler)
    services.case_completion_sign(case=case, actor=_user("director"))
    services.case_reply_deliver(case=case, actor=handler, method="in_person", delivered_on=timezone.localdate())


@viewports
def test_an_agent_files_for_a_resident_and_follows_the_case(demo, page, live_server, width):
    page.set_viewport_size(VIEWPORTS[width])
    base = live_server.url
    name = f"day-proxy-{width}"
    sign_in(page, base, "proxy.tangjiao")
    look(page, f"{name}-home")

    page.goto(base + "/staff/proxy/")
    look(page, f"{name}-workbench-empty")
    page.get_by_role("link", name="为群众代为提交").click()
    page.wait_for_url("**/staff/proxy/file/")
    look(page, f"{name}-file")

    # Sent without a matter and with a signed form but no scan: told what is missing, nothing filed.
    page.get_by_label("群众诉求").fill(REQUEST)
    page.get_by_label("群众姓名").fill("王大伯")
    page.get_by_label("群众电话").fill(PHONE)
    page.get_by_label("签署代办委托书").check()
    with page.expect_navigation():
        page.get_by_role("button", name="代为提交").click()
    expect(page.locator("main")).to_contain_text("请选择代办件工作清单上的事项")
    expect(page.locator("main")).to_contain_text("请附上签字的代办委托书")
    look(page, f"{name}-file-refused")
    assert not Case.objects.exists()

    page.get_by_label("土地承包与宅基地纠纷").check()
    page.get_by_label("当面同意").check()
    with page.expect_navigation():
        page.get_by_role("button", name="代为提交").click()
    page.wait_for_url("**/filed/")
    case = Case.objects.get()
    expect(page.locator(".tracking-code")).to_have_text(case.display_code)
    look(page, f"{name}-filed")

    page.goto(base + "/staff/proxy/")
    expect(page.locator(f"tr[data-case='{case.tracking_code}']")).to_be_visible()
    page.locator(f"tr[data-case='{case.tracking_code}'] a").first.click()
    page.wait_for_url(f"**/staff/cases/{case.tracking_code}/")
    section = page.locator("section.proxy")
    expect(section).to_contain_text("当面同意")
    look(page, f"{name}-case")

    helped = page.locator("form[action$='/proxy/help/']")
    helped.locator("select[name='kind']").select_option("policy")
    helped.locator("textarea[name='note']").fill("向王大伯解释宅基地确权政策和丈量程序。")
    with page.expect_navigation():
        helped.get_by_role("button", name="记录").click()
    expect(page.locator("section.proxy")).to_contain_text("向王大伯解释宅基地确权政策")

    carried = page.locator("form[action$='/proxy/documents/']")
    carried.get_by_label("群众交单位").check()
    carried.locator("input[name='title']").fill("宅基地使用权证复印件")
    carried.locator("input[name='received_by']").fill("农业农村办 李工")
    with page.expect_navigation():
        carried.get_by_role("button", name="记录").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("section.proxy ul.proxy-documents")).to_contain_text("宅基地使用权证复印件")
    look(page, f"{name}-case-worked")

    # The unit answers: the agent is told, and reads it on the workbench.
    _the_unit_answers(case)
    page.goto(base + "/staff/proxy/")
    expect(page.get_by_test_id("proxy-steps")).to_contain_text(case.display_code)
    expect(page.get_by_test_id("proxy-steps")).to_contain_text("书面答复意见已送达")
    expect(page.locator("table.proxy-documents")).to_contain_text("宅基地使用权证复印件")
    look(page, f"{name}-workbench")

    page.get_by_role("link", name="我的代办考核").click()
    page.wait_for_url("**/staff/proxy-rates/")
    expect(page.locator("tr[data-agent='proxy.tangjiao']")).to_be_visible()
    look(page, f"{name}-rates")

    # The resident, on a phone, with the code the agent gave them.
    page.context.clear_cookies()
    page.set_viewport_size(VIEWPORTS["390"])
    page.goto(f"{base}/track/")
    page.get_by_label("查询码").fill(case.tracking_code)
    page.get_by_label("手机号后四位").fill(PHONE[-4:])
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("经您同意，代办员已为您提交本件并全程代办")
    expect(timeline).to_contain_text("您的代办员已转递一份与本件有关的材料")
    look(page, f"{name}-track")
