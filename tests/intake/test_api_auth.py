"""The intake API acts for a person only with proof (a token, or the session with its CSRF
token), and registers letters, calls and visits only for those the desk admits."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cases.models import Case
from departments.selectors import user_may_register_cases
from mediation import services
from tests.intake.test_api import body as filing

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/cases"
EVIL = "https://evil.example.com"


def body(**overrides):
    """The intake tests' filing, as the raw JSON text a caller sends (any Content-Type)."""
    return json.dumps(filing(**overrides))


def user(username):
    return get_user_model().objects.get(username=username)


def signed_in(username) -> Client:
    """A browser that enforces CSRF like a real one, signed in as ``username``."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user(username))
    return client


def csrf_token(client) -> str:
    client.get(reverse("staff:home"))  # renders a form: sets the CSRF cookie
    return client.cookies["csrftoken"].value


def bearer(username) -> str:
    _token, raw = services.api_token_issue(user=user(username))
    return f"Bearer {raw}"


def test_a_session_cookie_alone_does_not_register_a_visit(demo):
    """The cross-site form post of the issue: text/plain, a foreign Origin, no CSRF token."""
    client = signed_in("petition.clerk")
    response = client.post(URL, body(channel="visit"), content_type="text/plain", headers={"Origin": EVIL})
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_a_session_cookie_alone_files_only_as_an_anonymous_filer(demo):
    client = signed_in("petition.clerk")
    response = client.post(URL, body(), content_type="text/plain", headers={"Origin": EVIL})
    assert response.status_code == 201
    assert Case.objects.get().registered_by is None


def test_the_session_with_its_csrf_token_registers_a_visit(demo):
    client = signed_in("petition.clerk")
    token = csrf_token(client)
    response = client.post(URL, body(channel="visit"), content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 201
    assert Case.objects.get().registered_by.username == "petition.clerk"


def test_a_foreign_origin_fails_even_with_the_token(demo):
    client = signed_in("petition.clerk")
    token = csrf_token(client)
    headers = {"X-CSRFToken": token, "Origin": EVIL}
    response = client.post(URL, body(channel="visit"), content_type="application/json", headers=headers)
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_a_token_registers_a_phone_call_without_a_session(demo):
    response = Client(enforce_csrf_checks=True).post(
        URL, body(channel="phone"), content_type="application/json", headers={"Authorization": bearer("petition.clerk")}
    )
    assert response.status_code == 201
    assert Case.objects.get().registered_by.username == "petition.clerk"


def test_a_token_that_proves_nobody_is_401(demo):
    client = Client(enforce_csrf_checks=True)
    for header in ("Bearer ow_nonsense", "Basic cGV0aXRpb24uY2xlcms6eA=="):
        response = client.post(URL, body(), content_type="application/json", headers={"Authorization": header})
        assert response.status_code == 401
    assert not Case.objects.exists()


def test_an_anonymous_caller_files_online_only(demo):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, body(channel="letter"), content_type="application/json").status_code == 403
    assert client.post(URL, body(), content_type="application/json").status_code == 201
    assert Case.objects.get().registered_by is None


@pytest.mark.parametrize(
    ("username", "may"),
    [
        ("petition.clerk", True),
        ("petition.head", True),
        ("discipline.head", True),  # registers conduct complaints
        ("director", True),
        ("agri.head", False),  # holds register_cases on his own unit only
        ("urban.handler", False),
    ],
)
def test_the_desk_and_the_api_agree_on_who_registers(demo, username, may):
    assert user_may_register_cases(user(username)) is may
    client = signed_in(username)
    desk = client.get(reverse("intake:desk"))
    assert desk.status_code == (200 if may else 404)
    api = client.post(
        URL, body(channel="letter"), content_type="application/json", headers={"X-CSRFToken": csrf_token(client)}
    )
    assert api.status_code == (201 if may else 403)
    by_token = Client().post(
        URL,
        body(channel="letter", phone="13812345679"),
        content_type="application/json",
        headers={"Authorization": bearer(username)},
    )
    assert by_token.status_code == (201 if may else 403)
    assert Case.objects.filter(registered_by__username=username).count() == (2 if may else 0)


def test_an_anonymous_visitor_is_sent_to_sign_in_at_the_desk(client, demo):
    assert client.get(reverse("intake:desk")).status_code == 302
    assert not user_may_register_cases(None)
