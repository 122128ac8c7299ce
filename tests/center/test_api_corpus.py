"""Every write of the API, read from /api/v1/openapi.json, against a corpus of bad input.

Surrogates, NUL, controls and noncharacters in every string field, over-long strings, wrong
types, nested junk, non-JSON and oversized bodies; as anonymous, with a bearer token and with a
signed-in session. Zero 5xx, an answer in the API's error schema, and nothing written.
"""

import json

import pytest
from django.apps import apps
from django.test import Client

from mediation import services
from tests.mediation.factories import build_org, routed_case

pytestmark = pytest.mark.django_db

WRITES = ("post", "put", "patch")
BAD_STRINGS = ["\ud800", "a\udfffb", "\x00", "x\x01y", "\x7f", "\ufffe", "\U0010ffff", "\ufdd0"]
# One value of each JSON type; a field gets those its schema does not allow (pydantic's lax mode
# reads true as 1 for an integer, so booleans are not tried there).
JSON_TYPES = {
    "string": "text",
    "integer": 7,
    "number": 1.5,
    "boolean": True,
    "array": ["junk", {"a": 1}],
    "object": {"nested": {"deeper": ["x"]}},
    "null": None,
}
OVER_LONG = "长" * 60_000  # 180 KB of UTF-8: under the API's body limit, over every field's limit
PROJECT_APPS = {"center", "departments", "cases", "intake", "mediation", "lobby", "django_tasks_database", "axes"}


def _nested(depth: int) -> str:
    return '{"a":' + "[" * depth + "]" * depth + "}"


RAW_JUNK = [
    ("not json", "application/json"),
    ("{not json", "application/json"),
    ("", "text/plain"),
    ("just text", "text/plain"),
    ("a=1&b=2", "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00{", "application/json"),
    ('"\\ud800"', "application/json"),
    ('{"\\ud800": 1}', "application/json"),
    ('{"a": NaN}', "application/json"),
    ("[1, 2, 3]", "application/json"),
    ('"a string"', "application/json"),
    ("null", "application/json"),
    ("1" * 5000, "application/json"),
    (_nested(100), "application/json"),
    (_nested(100_000), "application/json"),
    ("[" * 300_000, "application/json"),
    (json.dumps({"x": "y" * 300_000}), "application/json"),
]


def _rows() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
    }


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _wrong_types(field: dict) -> list[object]:
    allowed = {field.get("type")} | {option.get("type") for option in field.get("anyOf", [])}
    if "integer" in allowed:
        allowed |= {"boolean"}
    wrong = [value for kind, value in JSON_TYPES.items() if kind not in allowed]
    if "enum" in field:
        wrong.append("no-such-value")
    return wrong


def _bodies(document: dict, operation: dict) -> list[object]:
    """Every body of the corpus for one operation: field by field when it documents a body."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return []
    example = content.get("example", {})
    schema = _resolve(document, content["schema"])
    bodies: list[object] = []
    for name, field in schema.get("properties", {}).items():
        values = [*BAD_STRINGS, OVER_LONG, *_wrong_types(_resolve(document, field))]
        bodies += [{**example, name: value} for value in values]
        bodies += [{**example, name: [value]} for value in BAD_STRINGS[:2]]
        bodies += [{**example, name: {"\x00key": value}} for value in BAD_STRINGS[:2]]
    bodies.append({**example, "unexpected\ud800": 1})
    return bodies


def _send(client: Client, method: str, url: str, data, content_type: str, headers: dict):
    if not isinstance(data, str | bytes):
        data = json.dumps(data)  # keeps lone surrogates as \\udXXX escapes, as a client would send them
    return getattr(client, method)(url, data=data, content_type=content_type, **headers)


@pytest.fixture
def callers(org):
    session = Client(raise_request_exception=False)
    session.force_login(org.people["petition", "clerk"])
    _token, raw = services.api_token_issue(user=org.director.user)
    return {
        "anonymous": (Client(raise_request_exception=False), {}),
        "bearer director": (Client(raise_request_exception=False), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}),
        "session clerk": (session, {}),
    }


@pytest.fixture
def org():
    return build_org()


def test_every_write_refuses_the_corpus_without_5xx_or_writes(org, callers, settings):
    settings.RATE_LIMITS_ENABLED = False  # every request reaches the checks, none stops at the limit
    case = routed_case(lead=org.units["agri"], assisting=[org.units["east"]])
    document = Client().get("/api/v1/openapi.json").json()
    operations = [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in WRITES
    ]
    assert len(operations) >= 10  # the intake filing and the staff actions
    before = _rows()
    answers: dict[int, int] = {}
    failures = []
    for path, method, operation in operations:
        url = path.replace("{code}", case.tracking_code).replace("{tracking_code}", case.tracking_code)
        tries = [(body, "application/json") for body in _bodies(document, operation)] + RAW_JUNK
        for who, (client, headers) in callers.items():
            for data, content_type in tries:
                response = _send(client, method, url, data, content_type, headers)
                answers[response.status_code] = answers.get(response.status_code, 0) + 1
                shown = repr(data)[:80]
                if response.status_code >= 500 or response.status_code < 400:
                    failures.append((who, method, path, shown, response.status_code))
                    continue
                body = response.json()
                if not (isinstance(body.get("message"), str) and body["message"]):
                    failures.append((who, method, path, shown, "no message", body))
                elif str(response.status_code) not in operation["responses"]:
                    failures.append((who, method, path, shown, f"{response.status_code} undocumented"))
    assert failures == [], "\n".join(map(str, failures))
    assert _rows() == before
    assert answers.keys() <= {400, 401, 403, 404, 409, 413}
    assert answers.get(413, 0) > 0
    assert answers.get(400, 0) > 1000
    print(f"corpus: {sum(answers.values())} requests over {len(operations)} writes, answers {sorted(answers.items())}")


@pytest.mark.parametrize("path", ["/api/v1/cases/%00/pick", "/api/v1/intake/cases/LH%01X?phone_last4=1234"])
def test_bad_text_in_the_path_is_a_400_with_the_error_schema(client, path):
    response = client.post(path) if "pick" in path else client.get(path)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_text"
    assert "控制字符" in response.json()["message"] or "空字符" in response.json()["message"]


def test_bad_text_in_a_query_string_is_a_400(client):
    response = client.get("/api/v1/intake/cases/LH2222222222", {"phone_last4": "12\x0034"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"phone_last4": ["内容含有空字符，请重新输入。"]}


def test_an_oversized_json_body_is_a_413_before_anything_reads_it(client, settings):
    body = json.dumps({"request": "x" * settings.API_BODY_MAX_BYTES})
    response = client.post("/api/v1/intake/cases", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "请求内容过大" in response.json()["message"]


def test_a_lone_surrogate_answers_in_english_when_english_was_chosen(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/api/v1/intake/cases", '{"name": "\\ud800"}', content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "message": "The text contains a broken character (a lone surrogate). Please retype it.",
        "code": "bad_text",
        "errors": {"name": ["The text contains a broken character (a lone surrogate). Please retype it."]},
    }
