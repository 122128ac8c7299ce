"""The API's one error answer: ``{"message", "code", "errors"}``, message in the caller's language.

Used by the operations (``ErrorOut`` in their ``response=``), by the API's exception handlers
(``center.api``) and by the request guard (``center.middleware``), so that a client reads every
4xx the same way, whoever refused the request.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema


class ErrorOut(Schema):
    message: str = Field(description="what went wrong, for people (Chinese unless English was chosen)")
    code: str = Field("", description="what went wrong, for programs (e.g. fields, json, bad_text, not_found)")
    errors: dict[str, list[str]] = Field({}, description="field name (dotted for nested fields) → messages")


def error_body(message, *, code: str = "", errors: dict | None = None) -> dict:
    return {
        "message": str(message),
        "code": code,
        "errors": {k: [str(m) for m in v] for k, v in (errors or {}).items()},
    }


def error_response(status: int, message, *, code: str = "", errors: dict | None = None) -> JsonResponse:
    """An error answered outside the API's operations (the request guard)."""
    return JsonResponse(
        error_body(message, code=code, errors=errors), status=status, json_dumps_params={"ensure_ascii": False}
    )


def _field_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind in {"literal_error", "enum"}:
        return _("Choose one of the values listed in the API document.")
    if kind.startswith("string_too_long"):
        return _("This text is too long.")
    if kind.endswith(("_type", "_parsing")):
        return _("This field has the wrong type.")
    return _("This value is not valid.")


def field_errors(errors: list[dict], *, skip: int = 0) -> dict[str, list[str]]:
    """Pydantic's (or ninja's) errors as ``{"field.path": [message]}``, messages translated.

    ``skip`` drops the leading parts of each location (ninja's ``body``, ``payload``).
    """
    out: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())][skip:]
        name = ".".join(loc) or "body"
        out.setdefault(name, [])
        message = _field_message(error)
        if message not in out[name]:
            out[name].append(message)
    return out


def body_doc(schema: type[Schema], *, with_schema: bool = True) -> dict:
    """``openapi_extra`` for an operation's JSON body: its schema and the schema's first example.

    ``with_schema=False`` when ninja documents the body itself (a body parameter) and only the
    example is added. The examples live on the schema (``model_config["json_schema_extra"]``).
    """
    examples = (schema.model_config.get("json_schema_extra") or {}).get("examples") or [{}]
    content: dict = {"example": examples[0]}
    if with_schema:
        content["schema"] = schema.model_json_schema()
    return {"requestBody": {"required": True, "content": {"application/json": content}}}
