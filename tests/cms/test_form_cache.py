"""The online form page's GET from its cache: fast, yet every visitor's tokens are their own."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.db import connection
from django.db.models.deletion import Collector
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cases.models import Case
from cms.formcache import watched_models
from cms.models import CaseFormPage
from departments.models import Area, Village
from intake.tokens import form_token_check
from mediation.models import CaseClock
from tests.intake.conftest import online_payload

pytestmark = pytest.mark.django_db

FORM_URL = "/file/"


@pytest.fixture
def demo_site():
    call_command("load_demo", "--quiet-logins")


def _tokens(body: str) -> tuple[str, str]:
    csrf = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body))
    token = re.findall(r'name="token" value="([^"]+)"', body)
    assert len(csrf) == 1
    assert len(token) == 1
    return csrf.pop(), token[0]


def test_two_visitors_never_get_each_others_tokens(demo_site):
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice_page = alice.get(FORM_URL)
    bob_page = bob.get(FORM_URL)  # served from the copy Alice's visit left
    alice_csrf, alice_token = _tokens(alice_page.content.decode())
    bob_csrf, bob_token = _tokens(bob_page.content.decode())
    assert alice_token != bob_token
    assert form_token_check(alice_token)
    assert form_token_check(bob_token)
    assert alice_page.cookies[settings.CSRF_COOKIE_NAME].value != bob_page.cookies[settings.CSRF_COOKIE_NAME].value
    assert alice_csrf not in bob_page.content.decode()
    assert alice_token not in bob_page.content.decode()
    assert bob_page["Cache-Control"] == "no-store"
    # Each CSRF token works with its own visitor's cookie, and not with the other's.
    assert bob.post(FORM_URL, online_payload(token=bob_token, csrfmiddlewaretoken=alice_csrf)).status_code == 403
    assert bob.post(FORM_URL, online_payload(token=bob_token, csrfmiddlewaretoken=bob_csrf)).status_code == 302
    assert alice.post(FORM_URL, online_payload(token=alice_token, csrfmiddlewaretoken=alice_csrf)).status_code == 302


def test_same_visitor_gets_a_fresh_form_token_each_time(client, demo_site):
    first = _tokens(client.get(FORM_URL).content.decode())[1]
    second = _tokens(client.get(FORM_URL).content.decode())[1]
    assert first != second


def test_cached_form_page_runs_no_query(client, demo_site, django_assert_max_num_queries):
    # A cold copy: site, route, page, restrictions (Wagtail's and the cache's own), villages.
    with django_assert_max_num_queries(9):
        assert client.get(FORM_URL).status_code == 200
    with django_assert_max_num_queries(0):
        response = Client().get(FORM_URL)
    assert response.status_code == 200
    assert "塘角村" in response.content.decode()


def test_language_switch_keeps_the_visitors_own_path(client, demo_site):
    client.get(FORM_URL)
    body = Client().get(FORM_URL + "?from=home&x=<b>").content.decode()
    assert 'name="next" type="hidden" value="/file/?from=home&amp;x=%3Cb%3E"' in body


def test_each_language_has_its_own_copy(demo_site):
    assert "我要反映" in Client().get(FORM_URL).content.decode()
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = english.get(FORM_URL).content.decode()
    assert "What do you need?" in body
    assert 'lang="en"' in body
    chinese = Client().get(FORM_URL).content.decode()
    assert 'lang="zh-hans"' in chinese
    assert "What do you need?" not in chinese


def test_publishing_a_new_revision_shows_at_once(client, demo_site):
    client.get(FORM_URL)
    page = CaseFormPage.objects.get()
    page.intro = "<p>草稿里的新说明</p>"
    page.save_revision()
    assert "草稿里的新说明" not in client.get(FORM_URL).content.decode()
    page.save_revision().publish()
    assert "草稿里的新说明" in client.get(FORM_URL).content.decode()


def test_a_new_village_shows_at_once(client, demo_site):
    client.get(FORM_URL)
    Village.objects.create(code="xincun", name="新村社区", kind="community", area=Area.objects.first())
    assert "新村社区" in client.get(FORM_URL).content.decode()
    Village.objects.filter(code="xincun").get().delete()
    assert "新村社区" not in client.get(FORM_URL).content.decode()


def test_a_restricted_form_page_is_never_served_from_the_cache(client, demo_site):
    client.get(FORM_URL)
    PageViewRestriction.objects.create(page=CaseFormPage.objects.get(), restriction_type="login")
    for _ in range(2):
        response = Client().get(FORM_URL)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_a_visitors_messages_show_once_and_only_to_them(demo_site):
    stored = HttpResponse()
    CookieStorage(HttpRequest())._store([Message(constants.INFO, "只给这位访客的提示")], stored)
    visitor = Client()
    Client().get(FORM_URL)
    visitor.cookies[CookieStorage.cookie_name] = stored.cookies[CookieStorage.cookie_name].value
    assert "只给这位访客的提示" in visitor.get(FORM_URL).content.decode()
    assert "只给这位访客的提示" not in visitor.get(FORM_URL).content.decode()
    assert "只给这位访客的提示" not in Client().get(FORM_URL).content.decode()


def _filing(client) -> dict:
    return online_payload(token=_tokens(client.get(FORM_URL).content.decode())[1])


def test_a_post_after_a_cached_page_skips_wagtails_routing(client, demo_site):
    data = _filing(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(FORM_URL, data)
    assert response.status_code == 302
    wagtail = [q["sql"] for q in queries if "wagtailcore_" in q["sql"]]
    assert wagtail == []


def test_a_post_goes_through_wagtail_once_the_page_is_restricted(client, demo_site):
    data = _filing(client)
    PageViewRestriction.objects.create(page=CaseFormPage.objects.get(), restriction_type="login")
    response = client.post(FORM_URL, data)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Case.objects.exists()


def test_a_post_to_an_unpublished_form_page_is_not_found(client, demo_site):
    data = _filing(client)
    CaseFormPage.objects.get().unpublish()
    assert client.post(FORM_URL, data).status_code == 404


def test_a_post_with_errors_renders_on_the_cached_page_copy_without_touching_it(client, demo_site):
    data = _filing(client) | {"request": ""}
    response = client.post(FORM_URL, data)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    assert client.post(FORM_URL, _filing(client)).status_code == 302


def test_a_page_saved_without_publishing_still_renders_afresh(client, demo_site):
    client.get(FORM_URL)
    page = CaseFormPage.objects.get()
    page.title = "我要反映（新）"
    page.save()  # a save of the live page, as a script or a migration would make it
    assert "我要反映（新）" in client.get(FORM_URL).content.decode()


def test_the_cache_watches_only_what_the_form_page_shows():
    watched = set(watched_models(apps.get_models()))
    assert {Page, CaseFormPage, PageViewRestriction, Site, Locale, Village, Area} <= watched
    assert Case not in watched
    # Deleting rows of anything else in bulk stays one DELETE, with no row loaded to signal it.
    assert Collector(using="default").can_fast_delete(CaseClock.objects.all())
