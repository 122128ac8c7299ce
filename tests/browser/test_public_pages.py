"""Every public page at the sizes it is seen at: screenshots, axe-core, and nothing pushed off-screen.

Public pages are read on a laptop (1366×768) and a phone (390×844); the lobby TV is 1920×1080.
Each page is scanned with axe-core (no serious or critical violation) and photographed into
var/screenshots/public-<page>-<viewport>.png for a person to look at.
"""

import pytest
from django.core.management import call_command

from cases.models import Case
from mediation.models import ProxyMatter
from tests.browser.axe import violations
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
TV = {"width": 1920, "height": 1080}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")


class Survey:
    """Visits pages, photographs them and keeps axe's blocking violations and overflows per page."""

    def __init__(self, page, size: str):
        self.page = page
        self.size = size
        self.found: dict[str, list] = {}

    def check(self, name: str) -> None:
        page = self.page
        page.wait_for_load_state()
        screenshot(page, f"public-{name}-{self.size}")
        problems = [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in violations(page)]
        # Nothing wider than the screen: no sideways scrolling on a phone.
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"the page is {overflow}px wider than the screen")
        self.found[name] = problems

    def assert_clean(self) -> None:
        bad = {name: problems for name, problems in self.found.items() if problems}
        report = "\n".join(f"{name}: {p}" for name, problems in bad.items() for p in problems)
        assert not bad, f"{self.size}:\n{report}"


def _file_online_case(page, base: str) -> None:
    page.get_by_text("信访", exact=True).click()
    page.get_by_label("发生了什么事？您有什么诉求？").fill("村口道路损坏多年，雨天积水严重，请求尽快修复。")
    page.get_by_label("姓名", exact=True).fill("张三")
    page.get_by_label("电话", exact=True).fill("13812345678")
    page.get_by_label("我已阅读个人信息告知").check()
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/file/done/**")


@pytest.mark.parametrize(("size", "viewport"), [("1366x768", LAPTOP), ("390x844", PHONE)])
def test_public_pages_pass_axe_and_fit_the_screen(page, live_server, demo, size, viewport):
    base = live_server.url
    page.set_viewport_size(viewport)
    survey = Survey(page, size)

    page.goto(base + "/")
    survey.check("home")
    page.goto(base + "/service-guide/")
    survey.check("service-guide")
    page.goto(base + "/proxy/")
    assert page.get_by_test_id("proxy-matter").count() == ProxyMatter.objects.filter(is_active=True).count()
    survey.check("proxy-list")

    page.goto(base + "/file/")
    survey.check("file-empty")
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("请写明您反映的事项。").is_visible()
    survey.check("file-refused")
    page.goto(base + "/file/")
    _file_online_case(page, base)
    case = Case.objects.get()
    assert page.get_by_test_id("tracking-code").inner_text() == case.display_code
    survey.check("online-done")

    page.goto(base + "/track/")
    survey.check("track-form")
    page.get_by_label("查询码").fill(case.display_code)
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("status").inner_text() == "已登记"
    survey.check("track-found")
    page.get_by_label("手机号后四位").fill("0000")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    survey.check("track-not-found")

    page.goto(base + "/staff/login/")
    survey.check("staff-login")

    page.goto(base + "/no-such-page/")
    survey.check("404")
    response = page.goto(base + "/kiosk/")
    assert response.status == 403
    survey.check("403-not-a-kiosk")
    # A form sent without its CSRF cookie is refused with the site's own 403 page.
    page.goto(base + "/track/")
    page.context.clear_cookies()
    page.get_by_label("查询码").fill(case.display_code)
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    survey.check("403-csrf")

    survey.assert_clean()
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


@pytest.mark.parametrize(("size", "viewport"), [("1366x768", LAPTOP), ("390x844", PHONE)])
def test_api_docs_pass_axe(page, live_server, size, viewport):
    page.set_viewport_size(viewport)
    survey = Survey(page, size)
    page.goto(live_server.url + "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    survey.check("api-docs")
    # An operation opened, with its parameters and responses.
    page.locator(".opblock-summary-control").first.click()
    page.locator(".opblock-body").first.wait_for()
    survey.check("api-docs-operation")
    survey.assert_clean()


def test_lobby_display_passes_axe_on_the_tv(page, live_server, demo):
    from lobby import services

    _display, token = services.display_create(name="大厅电视")
    page.set_viewport_size(TV)
    survey = Survey(page, "1920x1080")
    page.goto(f"{live_server.url}/lobby/display/{token}/")
    survey.check("lobby-display")
    survey.assert_clean()
