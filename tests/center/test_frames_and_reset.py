"""Framing and password reset: X-Frame-Options and CSP frame-ancestors agree (nothing frames the
site but Wagtail's own preview panel), and no page offers a password reset that cannot work."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> str:
    directives = [d.strip() for d in response["Content-Security-Policy"].split(";")]
    [value] = [d for d in directives if d.startswith("frame-ancestors")]
    return value


def preview_url() -> str:
    page = Page.objects.filter(depth__gt=1).first() or Page.get_first_root_node()
    return reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])


@pytest.mark.parametrize("url", ["/", "/staff/login/", "/admin/login/", "/track/"])
def test_nothing_may_frame_the_site(client, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == "frame-ancestors 'none'"


def test_wagtails_preview_may_be_framed_by_the_admin_only(client):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    response = client.get(preview_url(), {"in_preview_panel": "true"})
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert frame_ancestors(response) == "frame-ancestors 'self'"
    # The rest of the admin still may not be framed.
    home = client.get(reverse("wagtailadmin_home"))
    assert (home["X-Frame-Options"], frame_ancestors(home)) == ("DENY", "frame-ancestors 'none'")


@pytest.mark.parametrize("who", ["staff", "anonymous"])
def test_the_preview_sends_others_to_sign_in_unframeable(client, who):
    if who == "staff":
        client.force_login(UserFactory(username="clerk"))
    response = client.get(preview_url())
    assert response.status_code == 302
    assert (response["X-Frame-Options"], frame_ancestors(response)) == ("DENY", "frame-ancestors 'none'")


def test_no_login_page_offers_a_password_reset(client):
    for url in ("/admin/login/", "/staff/login/"):
        body = client.get(url).content.decode()
        assert "password_reset" not in body
        assert "忘记密码" not in body
    assert client.get("/admin/password_reset/").status_code == 404
    UserFactory(username="clerk", email="clerk@example.cn")
    assert client.post("/admin/password_reset/", {"email": "clerk@example.cn"}).status_code == 404


def test_only_the_wagtail_admin_allows_inline_scripts(client):
    """Wagtail's widgets start with inline scripts that cannot carry the request's nonce; the
    admin's policy allows them; every other page refuses inline script (but for its nonce)."""
    admin = client.get("/admin/login/")
    script_src = _directive(admin, "script-src")
    assert script_src == "script-src 'self' 'unsafe-inline'"
    assert _directive(admin, "frame-ancestors") == "frame-ancestors 'none'"
    for path in ("/", "/staff/login/", "/track/"):
        page = client.get(path)
        assert "'unsafe-inline'" not in _directive(page, "script-src"), path
        assert _directive(page, "script-src").startswith("script-src 'self'"), path


def _directive(response, name: str) -> str:
    [value] = [d.strip() for d in response["Content-Security-Policy"].split(";") if d.strip().startswith(name)]
    return value
