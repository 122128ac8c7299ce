"""The Wagtail admin as the center's administrator works in it: the dashboard, the pages and
their editor, the organisation's snippets, users, the working-day calendar and the all-cases
list, each scanned with axe-core (zero serious or critical violations) and photographed."""

import pytest
from django.core.management import call_command

from cms.models import CaseFormPage
from departments.models import Unit
from governance.models import GridWorker
from tests.browser.axe import assert_accessible
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Wagtail's rich-text editor (Draftail, on Draft.js) gives its editable box role="textbox" and no
# accessible name (axe: aria-input-field-name). Its label is next to it for sighted editors; the
# widget is Wagtail's, so the page editor is scanned without that one element.
DRAFTAIL = (".public-DraftEditor-content",)


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--quiet-logins")


def test_the_administrators_admin_pages(demo, page, live_server):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("OneWindow-demo-2026")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    unit = Unit.objects.get(code="petition-office")
    form_page = CaseFormPage.objects.get()
    pages = {
        "dashboard": "/admin/",
        "pages": "/admin/pages/",
        "page-edit": f"/admin/pages/{form_page.pk}/edit/",
        "snippets": "/admin/snippets/",
        "units": "/admin/snippets/departments/unit/",
        "unit-edit": f"/admin/snippets/departments/unit/edit/{unit.pk}/",
        "users": "/admin/users/",
        "calendar": "/admin/calendar/enter/",
        "all-cases": "/admin/cases/",
        # Governance (issue 16): grid workers and the incident categories, kept as data.
        "grid-workers": "/admin/snippets/governance/gridworker/",
        "grid-worker-edit": f"/admin/snippets/governance/gridworker/edit/{GridWorker.objects.first().pk}/",
        "incident-categories": "/admin/snippets/governance/incidentcategory/",
    }
    blocked: dict[str, int] = {}
    for name, path in pages.items():
        before = len(page.console_errors)
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        csp = [e for e in page.console_errors[before:] if "Content Security Policy" in e]
        if csp:
            blocked[path] = len(csp)
        assert response.status == 200, f"{path} answered {response.status}"
        screenshot(page, f"admin-1366-{name}")
        assert_accessible(page, f"admin {path}", exclude=DRAFTAIL if name == "page-edit" else ())
    assert blocked == {}, f"inline scripts blocked by the CSP: {blocked}"
