"""Staff sign-in hardening: lock-out, session ids, expiry, headers, logs."""

import logging
import time

import pytest
from django.urls import reverse

from center.logging import RedactPersonalDataFilter, redact
from live.session import SESSION_STARTED_KEY
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("staff:login"), {"username": username, "password": password})


def test_lockout_after_five_failures():
    from django.test import Client

    UserFactory(username="clerk")
    client = Client()
    for _ in range(5):
        response = login(client, "clerk", "wrong-password")
        assert response.status_code in {200, 429}
    locked = login(client, "clerk", PASSWORD)
    assert locked.status_code == 429
    assert "账户已锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another client (another address) is locked out of the same account too.
    assert login(Client(REMOTE_ADDR="10.0.0.9"), "clerk", PASSWORD).status_code == 429


def test_success_resets_failure_count(client):
    UserFactory(username="clerk")
    for _ in range(4):
        login(client, "clerk", "wrong-password")
    assert login(client, "clerk", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "clerk", "wrong-password")
    assert login(client, "clerk", PASSWORD).status_code == 302


def test_wrong_password_message_is_chinese(client):
    UserFactory(username="clerk")
    body = login(client, "clerk", "wrong-password").content.decode()
    assert "请输入一个正确的" in body


def test_login_issues_new_session_id(client):
    UserFactory(username="clerk")
    client.get(reverse("staff:login"))
    client.session["probe"] = 1
    session = client.session
    session["probe"] = 1
    session.save()
    before = client.cookies["sessionid"].value
    assert login(client, "clerk", PASSWORD).status_code == 302
    after = client.cookies["sessionid"].value
    assert before != after


def test_idle_expiry_settings(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_absolute_expiry_signs_out(client, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 3600
    UserFactory(username="clerk")
    login(client, "clerk", PASSWORD)
    assert client.get(reverse("staff:home")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 3601
    session.save()
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_security_headers(client):
    response = client.get(reverse("staff:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        ("petitioner 13912345678 called", "13912345678"),
        ("id 33068219800101123X filed", "33068219800101123X"),
        ("id 330682198001011234 filed", "330682198001011234"),
        ("POST {'username': 'a', 'password': 'hunter2-secret'}", "hunter2-secret"),
        ("password=hunter2-secret&next=/", "hunter2-secret"),
    ],
)
def test_redact_removes_personal_data(text, leak):
    assert leak not in redact(text)


def test_console_handler_redacts(capsys):
    handlers = [
        h for h in logging.getLogger().handlers if any(isinstance(f, RedactPersonalDataFilter) for f in h.filters)
    ]
    assert handlers, "the root console handler must carry the redaction filter"
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "call %s back", ("13912345678",), None)
    for handler in handlers:
        handler.filter(record)
    assert "13912345678" not in record.getMessage()


def test_failed_login_log_has_no_password(client, caplog):
    UserFactory(username="clerk")
    with caplog.at_level(logging.DEBUG):
        login(client, "clerk", "Sup3r-secret-pw")
    assert "Sup3r-secret-pw" not in caplog.text
