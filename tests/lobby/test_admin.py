"""The lobby in the Wagtail admin: windows with their services, displays with a token shown once."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lobby.models import Display, ServiceWindow
from lobby.services.displays import token_hash
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ADDRESS = r"<code>http://testserver/lobby/display/([A-Za-z0-9_-]+)/</code>"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


def test_a_window_is_configured_with_its_services(admin_client):
    url = reverse("wagtailsnippets_lobby_servicewindow:add")
    form = admin_client.get(url)
    assert form.status_code == 200
    assert 'type="checkbox" name="services" value="legal_aid"' in form.content.decode()
    response = admin_client.post(
        url,
        {
            "name": "3号窗口",
            "code": "3",
            "services": ["legal_consultation", "legal_aid"],
            "sort_order": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ServiceWindow.objects.get(code="3").services == ["legal_consultation", "legal_aid"]
    edit = admin_client.get(reverse("wagtailsnippets_lobby_servicewindow:edit", args=[ServiceWindow.objects.get().pk]))
    assert re.search(r'<input type="checkbox" name="services" value="legal_aid"[^>]* checked>', edit.content.decode())


def test_a_display_shows_its_address_once_and_can_get_a_new_one(admin_client):
    response = admin_client.post(reverse("wagtailsnippets_lobby_display:add"), {"name": "大厅电视", "is_active": "on"})
    assert response.status_code == 302
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    token = re.findall(ADDRESS, message)[-1]
    display = Display.objects.get()
    assert display.token_hash == token_hash(token)
    response = admin_client.post(
        reverse("wagtailsnippets_lobby_display:edit", args=[display.pk]),
        {"name": "大厅电视", "is_active": "on", "renew_token": "on"},
    )
    assert response.status_code == 302
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    renewed = re.findall(ADDRESS, message)[-1]  # (the first message is still there too)
    assert renewed != token
    display.refresh_from_db()
    assert display.token_hash == token_hash(renewed)
