"""A villager's visit to the lobby kiosk, end to end, on the kiosk's two screens.

The kiosk is a 1080×1920 portrait or a 1920×1080 landscape touch screen. Every step is scanned
with axe-core, photographed (var/screenshots/kiosk-day-<step>-<screen>.png) and checked to fit:
no control below the bottom of the screen or past its side, so nobody has to scroll to find a button.
"""

import pytest
from django.core.management import call_command

from cases.models import Case, Kiosk
from intake.kiosk import kiosk_enrollment_new
from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"portrait": {"width": 1080, "height": 1920}, "landscape": {"width": 1920, "height": 1080}}

OFF_SCREEN = """() => {
    window.scrollTo(0, 0);
    const out = [];
    for (const el of document.querySelectorAll('a, button, input, select, textarea, label.tile')) {
        if (el.type === 'hidden' || el.closest('[hidden]') || el.closest('.idle-warning')) continue;
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        if (r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5 || r.left < 0) {
            const what = (el.innerText || el.name || '').trim().slice(0, 30);
            out.push(`${el.tagName.toLowerCase()} "${what}" at ${Math.round(r.left)},${Math.round(r.bottom)}`);
        }
    }
    return out;
}"""

# How many lines an element's text takes (its text's boxes at distinct heights).
ONE_LINE = """e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return new Set([...range.getClientRects()].map(x => Math.round(x.top))).size;
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")


@pytest.fixture(params=list(SCREENS))
def kiosk(request, page, live_server, demo):
    """An enrolled kiosk's browser on the kiosk's start screen; ``page.screen`` names its orientation."""
    key = kiosk_enrollment_new(Kiosk.objects.create(name="大厅一号机"))
    page.set_viewport_size(SCREENS[request.param])
    # Printing is counted, not sent to a printer.
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; }")
    page.goto(f"{live_server.url}/kiosk/enroll/{key}/")
    page.get_by_role("link", name="打开自助终端").click()
    page.wait_for_url("**/kiosk/")
    page.screen = request.param
    return page


def look(page, step: str) -> None:
    """Photograph the step, scan it, and check that every control is on screen."""
    page.wait_for_load_state()
    screenshot(page, f"kiosk-day-{step}-{page.screen}")
    assert_accessible(page, f"kiosk {step} ({page.screen})")
    assert page.evaluate(OFF_SCREEN) == [], f"kiosk {step} ({page.screen}): controls off screen"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def on_step(page, legend: str) -> bool:
    """Wait until the step titled ``legend`` is the one shown (the step check is a request)."""
    page.locator("fieldset.step:not([hidden]) > legend", has_text=legend).wait_for()
    return page.locator("fieldset.step:not([hidden])").count() == 1


def test_a_villager_files_a_case_and_takes_the_slip(kiosk, live_server):
    page = kiosk
    look(page, "start")
    page.get_by_role("link", name="我要反映").click()
    page.wait_for_url("**/kiosk/file/")
    # Each service says in one line what it is for.
    assert page.get_by_text("邻里、家庭、土地、债务等纠纷").is_visible()
    look(page, "1-service")

    # Next without a choice: the error shows on this step, in large type, and the step stays.
    page.get_by_role("button", name="下一步").click()
    error = page.locator(".errorlist", has_text="请选择您要办理的事项类型。")
    error.wait_for()
    assert on_step(page, "您需要办理什么？")
    assert float(error.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    look(page, "1-service-error")
    page.get_by_text("矛盾纠纷调解", exact=True).click()
    page.get_by_role("button", name="下一步").click()

    page.get_by_label("发生了什么事？您有什么诉求？").fill("邻居装修噪音扰民，协商无果，申请调解。")
    look(page, "2-matter")
    page.get_by_role("button", name="下一步").click()

    assert on_step(page, "您的信息")
    page.get_by_label("姓名", exact=True).fill("王小明")
    page.get_by_label("电话", exact=True).fill("12345")
    page.get_by_role("button", name="下一步").click()
    page.locator(".errorlist", has_text="请输入 11 位手机号").wait_for()
    assert on_step(page, "您的信息")
    assert page.get_by_label("电话", exact=True).get_attribute("aria-invalid") == "true"
    look(page, "3-details-error")
    page.get_by_label("电话", exact=True).fill("13912345678")
    page.get_by_label("村（社区）", exact=True).select_option(index=1)
    village = page.get_by_label("村（社区）", exact=True).evaluate("s => s.options[s.selectedIndex].textContent.trim()")
    look(page, "3-details")
    page.get_by_role("button", name="下一步").click()

    # The confirm step recaps what was entered.
    assert on_step(page, "请核对您填写的内容")
    recap = page.locator(".kiosk-recap").inner_text()
    for entered in ("矛盾纠纷调解", "邻居装修噪音扰民", "王小明", "13912345678", village):
        assert entered in recap
    assert page.locator(".errorlist").count() == 0
    look(page, "4-confirm")
    # Going back keeps the entries; the recap follows a change.
    page.get_by_role("button", name="上一步").click()
    page.get_by_label("姓名", exact=True).fill("王晓明")
    page.get_by_role("button", name="下一步").click()
    page.locator(".kiosk-recap", has_text="王晓明").wait_for()

    page.get_by_role("button", name="提交并打印回执").click()
    page.locator(".errorlist", has_text="请同意个人信息告知").wait_for()
    assert not Case.objects.exists()
    page.get_by_label("我已阅读个人信息告知").check()
    page.get_by_role("button", name="提交并打印回执").click()
    page.wait_for_url("**/kiosk/slip/**")
    case = Case.objects.get()
    assert case.service == "mediation"
    assert case.petitioners.get().name == "王晓明"
    assert page.get_by_test_id("tracking-code").inner_text() == case.display_code
    assert page.get_by_test_id("ticket").inner_text() == "D001"
    for _ in range(20):  # the slip prints itself a moment after it shows
        if page.evaluate("() => window.__printed"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("() => window.__printed") == 1
    look(page, "5-slip")

    # On 80 mm paper (72 mm printable, about 272 CSS pixels) the tracking code is one line.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 272, "height": 900})
    code = page.get_by_test_id("tracking-code")
    lines = code.evaluate(ONE_LINE)
    assert lines == 1
    assert code.evaluate("e => e.getBoundingClientRect().right <= window.innerWidth")
    assert code.evaluate("e => e.scrollWidth <= e.getBoundingClientRect().width + 0.5")
    page.screen = f"{page.screen}-80mm-print"
    screenshot(page, f"kiosk-day-5-slip-{page.screen}")
    page.emulate_media(media="screen")
    page.set_viewport_size(SCREENS[page.screen.split("-")[0]])
    page.screen = page.screen.split("-")[0]

    # The same villager tracks the case on the kiosk, with the kiosk's large controls.
    page.get_by_role("link", name="完成").click()
    page.get_by_role("link", name="查询办理进度").click()
    page.wait_for_url("**/kiosk/track/")
    look(page, "6-track")
    button = page.get_by_role("button", name="查询")
    assert button.bounding_box()["height"] >= 80
    assert float(page.get_by_label("查询码").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    page.get_by_label("查询码").fill(case.display_code)
    page.get_by_label("手机号后四位").fill("0000")
    button.click()
    page.get_by_role("alert").wait_for()
    look(page, "6-track-not-found")
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    page.get_by_test_id("status").wait_for()
    assert page.get_by_test_id("status").inner_text() == "已登记"
    screenshot(page, f"kiosk-day-6-track-found-{page.screen}")
    assert_accessible(page, f"kiosk track found ({page.screen})")
    assert page.console_errors == []


def test_an_empty_step_stays_put_and_the_server_still_refuses(kiosk, live_server):
    page = kiosk
    page.get_by_role("link", name="我要反映").click()
    page.get_by_text("法律咨询", exact=True).click()
    page.get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="下一步").click()
    page.locator(".errorlist", has_text="请写明您反映的事项。").wait_for()
    assert page.get_by_label("发生了什么事？您有什么诉求？").is_visible()
    assert page.get_by_role("alert").first.is_visible()
    look(page, "2-matter-error")
    assert not Case.objects.exists()

    # Without the browser's help (a page that skips the steps), the server refuses all the same
    # and the kiosk opens the first step with an error.
    page.evaluate("document.querySelectorAll('fieldset.step').forEach(s => s.hidden = false)")
    page.locator("[data-step-submit]").evaluate("b => { b.hidden = false; b.click(); }")
    page.wait_for_load_state()
    page.get_by_text("请写明您反映的事项。").wait_for()
    assert page.get_by_label("发生了什么事？您有什么诉求？").is_visible()
    assert not Case.objects.exists()
    look(page, "2-matter-refused")
