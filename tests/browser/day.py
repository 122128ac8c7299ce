"""Helpers for the browser tests of a role's working day (``test_day_*``): the two screens a
person works on, signing in, and visiting a page as they would (screenshot, accessibility scan,
nothing wider than the screen)."""

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot

PASSWORD = "OneWindow-demo-2026"
VIEWPORTS = {"1366": {"width": 1366, "height": 768}, "390": {"width": 390, "height": 844}}
viewports = pytest.mark.parametrize("width", list(VIEWPORTS))


def sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def overflow(page) -> list[str]:
    """Elements sticking out past the right edge of the screen (what makes a phone scroll sideways).
    Content inside a container that scrolls on its own (``overflow-x: auto``) does not count."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const scrolls = el => {
                for (let p = el.parentElement; p; p = p.parentElement) {
                    const o = getComputedStyle(p).overflowX;
                    if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
                }
                return false;
            };
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width && r.right > width + 1 && !scrolls(el)) {
                    const cls = el.className ? '.' + String(el.className).split(' ').join('.') : '';
                    out.push(el.tagName.toLowerCase() + cls + ' right=' + Math.round(r.right));
                }
            }
            return out.slice(0, 10);
        }"""
    )


def wrapped_buttons(page) -> list[str]:
    """Visible buttons whose label breaks over two lines (领取 as 领/取)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('button, .button')].filter(b => {
                if (!b.offsetParent) return false;
                const line = parseFloat(getComputedStyle(b).lineHeight) || 20;
                const pad = parseFloat(getComputedStyle(b).paddingTop) + parseFloat(getComputedStyle(b).paddingBottom);
                return b.clientHeight - pad > line * 1.6;
            }).map(b => b.textContent.trim())"""
    )


def look(page, name: str) -> None:
    """The page as it stands: a screenshot, then the checks a person would make at a glance."""
    screenshot(page, name)
    assert_accessible(page, name)
    assert overflow(page) == [], f"{name}: wider than the screen"
    assert wrapped_buttons(page) == [], f"{name}: a button's label wraps"


def settled_look(page, name: str) -> None:
    """The page once its requests have settled: photographed, scanned, no sideways scrolling."""
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    assert_accessible(page, name)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow} px"


def todo_codes(page, base: str, key: str) -> list[str]:
    """The tracking codes on the person's to-do list ``key`` (the inbox, where the lists are)."""
    page.goto(f"{base}/staff/inbox/")
    return page.locator(f"#todo-{key} tbody td:first-child a").all_inner_texts()


def in_todo(page, base: str, key: str, code: str) -> bool:
    """Whether the case is on the person's to-do list ``key`` (the inbox, where the lists are)."""
    page.goto(base + "/staff/inbox/")
    section = page.locator(f"#todo-{key}")
    if section.count() == 0:
        return False
    return section.locator(f"a[href$='/staff/cases/{code}/']").count() > 0
