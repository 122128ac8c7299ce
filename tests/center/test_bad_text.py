"""One definition of bad text (center.text), used by the forms and by the request guard."""

import json
from urllib.parse import urlencode

import pytest
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation

from center.text import find_bad_text, text_problem, validate_text
from intake.forms import PublicCaseForm

BAD = [
    "\ud800",  # lone high surrogate
    "\udfff",  # lone low surrogate
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",  # C1 (NEL)
    "\ufdd0",
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\U0010ffff",
]
GOOD = ["普通的中文诉求", "tab\tline\nreturn\r", "emoji 👍🏽 and a joiner \u200d", "\ufffd", "\U0001f600", "\ue000"]


@pytest.mark.parametrize("char", BAD)
def test_bad_characters_are_bad_text_anywhere_in_a_string(char):
    assert text_problem(f"前{char}后")
    assert find_bad_text({"a": [{"b": f"x{char}"}]}) == ("a.0.b", text_problem(char))


@pytest.mark.parametrize("text", GOOD)
def test_ordinary_text_is_not_bad_text(text):
    assert text_problem(text) is None
    assert find_bad_text({"text": text, "list": [text, 1, None, True]}) is None


def test_bad_text_in_a_key_and_at_the_top_level_is_found():
    assert find_bad_text({"\x00": 1})[0] == "\\u0000"
    assert find_bad_text({"a": {"\ud800": 1}})[0] == "a.\\ud800"
    assert find_bad_text("\ud800")[0] == "body"


def test_deep_nesting_is_refused():
    deep: list = []
    for _ in range(40):
        deep = [deep]
    assert find_bad_text({"a": deep}) is not None


def test_messages_are_translated_to_chinese():
    with translation.override("zh-hans"):
        assert text_problem("\x00") == "内容含有空字符，请重新输入。"


def test_every_form_text_field_carries_the_validator():
    """Django's, Wagtail's and ours: the validator is on every forms.CharField."""
    assert validate_text in AuthenticationForm().fields["username"].validators
    assert validate_text in PublicCaseForm(allow_files=False).fields["name"].validators


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\x01", "\uffff", "\ufdd0"])
def test_a_form_answers_bad_text_with_a_field_error(char):
    form = AuthenticationForm(data={"username": f"agri{char}handler", "password": "x" * 12})
    assert not form.is_valid()
    assert "bad_text" in [e.code for e in form.errors.as_data()["username"]]


@pytest.mark.django_db
def test_a_page_form_answers_bad_text_with_a_field_error_in_chinese(client):
    response = client.post("/track/", {"code": "LH2222\uffff", "phone_last4": "5678"})
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert "bad_text" in [e.code for e in errors["code"]]
    assert "Unicode 非字符" in response.content.decode()


@pytest.mark.django_db
def test_a_query_string_with_nul_is_a_400_page_in_chinese(client):
    response = client.get("/track/", {"code": "LH\x00"})
    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]
    assert "内容含有空字符" in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_form_post_is_a_413_page(client, settings):
    body = urlencode({"username": "x", "password": "y" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    response = client.post("/staff/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "请求内容过大" in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_field_in_a_multipart_post_is_a_clear_400_page(client, settings):
    response = client.post("/staff/login/", {"username": "x", "password": "y" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    assert response.status_code == 400
    assert "请求无法读取" in response.content.decode()


@pytest.mark.django_db
def test_a_json_body_outside_the_api_is_checked_too(client):
    response = client.post("/track/", json.dumps({"code": "\ud800"}), content_type="application/json")
    assert response.status_code == 400
