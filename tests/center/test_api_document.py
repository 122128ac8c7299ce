"""/api/v1/openapi.json is enough to use the API: enums, examples and error schemas everywhere.

The walk-through builds every request from the document alone (the examples of the request
bodies and parameters, the paths as documented) and checks every answer against the document.
"""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from cases.models import CaseKind, Channel, Service
from cases.rules.status import ACTIONS, ALL_STATUSES
from departments import permissions as perms
from departments.models import Membership, Unit
from mediation import services

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"
WRITES = {"post", "put", "patch"}


@pytest.fixture
def document(client):
    return client.get(OPENAPI).json()


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _conforms(document: dict, schema: dict, value, where: str = "") -> list[str]:
    """The places where ``value`` breaks the document's schema (enums, types, required keys)."""
    schema = _resolve(document, schema)
    if "anyOf" in schema:
        if any(not _conforms(document, option, value, where) for option in schema["anyOf"]):
            return []
        return [f"{where}: {value!r} matches no option"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} not in {schema['enum']}"]
    kind = schema.get("type")
    types = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict, "null": type(None)}
    if kind in types and not isinstance(value, types[kind]):
        return [f"{where}: {value!r} is not {kind}"]
    problems = []
    if kind == "object":
        problems += [f"{where}.{name}: missing" for name in schema.get("required", []) if name not in value]
        for name, item in value.items():
            if name in schema.get("properties", {}):
                problems += _conforms(document, schema["properties"][name], item, f"{where}.{name}")
    if kind == "array":
        for index, item in enumerate(value):
            problems += _conforms(document, schema.get("items", {}), item, f"{where}[{index}]")
    return problems


def test_every_operation_declares_its_errors_in_the_error_schema(document):
    count = 0
    for path, method, operation in _operations(document):
        count += 1
        responses = operation["responses"]
        assert "400" in responses, (method, path)  # the request guard answers 400 anywhere
        if method in WRITES:
            assert "413" in responses, (method, path)
        if operation.get("security"):
            assert "401" in responses, (method, path)
        for status, response in responses.items():
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
    assert count >= 14
    error = document["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"message", "code", "errors"}


def test_every_request_body_has_an_example_that_fits_its_schema(document):
    bodies = 0
    for path, method, operation in _operations(document):
        if method in WRITES and operation.get("requestBody"):
            bodies += 1
            content = operation["requestBody"]["content"]["application/json"]
            assert "example" in content, (method, path)
            assert _conforms(document, content["schema"], content["example"]) == [], (method, path)
    assert bodies >= 7


def test_closed_sets_are_enums_with_the_models_choices(document):
    schemas = document["components"]["schemas"]
    case_in = _resolve(document, schemas["CaseIn"])["properties"]
    assert case_in["service"]["enum"] == list(Service.values)
    assert case_in["channel"]["enum"] == list(Channel.values)
    assert schemas["CaseStatusOut"]["properties"]["status"]["enum"] == sorted(ALL_STATUSES)
    assert schemas["QueueOut"]["properties"]["kind"]["enum"] == list(Unit.Kind.values)
    assert schemas["RoutingOut"]["properties"]["kind"]["enum"] == list(CaseKind.values)
    assert set(ACTIONS) <= set(schemas["CaseOut"]["properties"]["actions"]["items"]["enum"])
    decision = document["paths"]["/api/v1/cases/{code}/objection"]["post"]["requestBody"]
    assert decision["content"]["application/json"]["schema"]["properties"]["decision"]["enum"] == [
        "uphold",
        "reassign",
    ]


class DocumentClient:
    """Requests made from the document only; every answer is checked against it."""

    def __init__(self, document: dict):
        self.document = document

    def operation(self, path: str, method: str) -> dict:
        return self.document["paths"][f"/api/v1{path}"][method]

    def example(self, path: str, method: str = "post"):
        return self.operation(path, method)["requestBody"]["content"]["application/json"]["example"]

    def call(self, user, method: str, path: str, values: dict | None = None, *, query=None, body=None) -> tuple:
        operation = self.operation(path, method)
        url = "/api/v1" + path.format(**(values or {}))
        if query is None:
            query = {
                p["name"]: p["schema"]["examples"][0] for p in operation.get("parameters", []) if p["in"] == "query"
            }
        headers = {}
        if user is not None:
            _token, raw = services.api_token_issue(user=user)
            headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        if method == "get":
            response = Client().get(url, query, **headers)
        else:
            data = json.dumps(body) if body is not None else ""
            response = Client().post(url, data, content_type="application/json", **headers)
        status = str(response.status_code)
        assert status in operation["responses"], (path, status, response.content)
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert _conforms(self.document, schema, response.json()) == [], (path, response.json())
        return response.status_code, response.json()


def _member(unit: str, role: str):
    return Membership.objects.select_related("user").filter(unit__code=unit, role=role).first().user


def test_a_client_files_tracks_and_works_a_case_from_the_document_alone(document, django_user_model):
    call_command("load_demo", "--quiet-logins")
    api = DocumentClient(document)
    users = django_user_model.objects
    filed_status, filed = api.call(None, "post", "/intake/cases", body=api.example("/intake/cases"))
    assert filed_status == 201
    code = {"code": filed["tracking_code"]}
    tracked_status, tracked = api.call(None, "get", "/intake/cases/{tracking_code}", filed)
    assert (tracked_status, tracked["status"]) == (200, "registered")

    clerk, director = users.get(username="petition.clerk"), users.get(username="director")
    override = api.operation("/cases/{code}/confirm-routing", "post")["requestBody"]["content"]["application/json"]
    override = {k: v for k, v in override["schema"]["examples"][1].items() if k != "reason"}
    status, refused = api.call(clerk, "post", "/cases/{code}/confirm-routing", code, body=override)
    assert (status, refused["code"]) == (400, "reason_required")
    example = api.example("/cases/{code}/confirm-routing")
    status, case = api.call(clerk, "post", "/cases/{code}/confirm-routing", code, body=example)
    assert (status, case["status"]) == (200, "routed")
    lead = case["routing"]["lead_unit"]
    handler, head = _member(lead, perms.HANDLER), _member(lead, perms.HEAD)
    assert api.call(director, "post", "/cases/{code}/sign", code)[1]["status"] == "assigned"
    assert api.call(handler, "post", "/cases/{code}/pick", code)[1]["status"] == "in_progress"
    assert api.call(head, "post", "/cases/{code}/pick", code)[0] == 409
    assert api.call(handler, "post", "/cases/{code}/release", code)[1]["status"] == "assigned"
    status, case = api.call(head, "post", "/cases/{code}/assign", code, body=api.example("/cases/{code}/assign"))
    assert (status, case["routing"]["picked_by"]) == (200, api.example("/cases/{code}/assign")["assignee"])
    assert api.call(head, "post", "/cases/{code}/take-back", code)[1]["status"] == "assigned"
    body = api.example("/cases/{code}/object")
    assert api.call(head, "post", "/cases/{code}/object", code, body=body)[1]["status"] == "objected"
    body = api.example("/cases/{code}/objection")
    assert api.call(director, "post", "/cases/{code}/objection", code, body=body)[1]["status"] == "assigned"
    body = api.example("/cases/{code}/reassign")
    status, case = api.call(director, "post", "/cases/{code}/reassign", code, body=body)
    assert (status, case["routing"]["lead_unit"]) == (200, body["unit"])
    new_handler = _member(body["unit"], perms.HANDLER)
    status, queues = api.call(new_handler, "get", "/queues")
    assert body["unit"] in [q["unit"] for q in queues]
    status, page = api.call(new_handler, "get", "/queues/{unit}/cases", {"unit": body["unit"]}, query={})
    assert filed["tracking_code"] in [c["tracking_code"] for c in page["cases"]]
    assert api.call(new_handler, "get", "/cases/{code}", code)[1]["actions"] == ["pick"]
    assert api.call(None, "get", "/intake/cases/{tracking_code}", filed)[1]["status"] == "assigned"


def test_the_docs_page_loads_only_the_projects_own_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/js/api-docs.js" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # the settings are a JSON data block, not an inline script
