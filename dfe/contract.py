"""DfE's published OpenAPI document for the Lead Provider API (v3), and checking a request or response
against it.

The document (``openapi/swagger-v3.yaml``, MIT licence, from DFE-Digital/npq-registration) has known faults;
they are put right here, in ``overlay``, and nowhere else. Used by the offline DfE (``dfe.fake``), which
checks every request it receives and every response it returns, and by the tests, which check every request
the client sends. Needs ``openapi-core`` (a development dependency): production does not load this module.
"""

import functools
from pathlib import Path

import yaml

DOCUMENT = Path(__file__).resolve().parent / "openapi" / "swagger-v3.yaml"

# DfE sends declaration states dasherised; the document lists them with underscores.
DASHED_STATES = ["submitted", "eligible", "payable", "paid", "voided", "ineligible", "awaiting-clawback", "clawed-back"]

# The faults, one line each, as the README and docs/dfe.md list them.
FAULTS = (
    "`required: true|false` on individual schema properties (not allowed in OpenAPI 3.0): removed; the "
    "objects' own `required` lists stay.",
    "`filter` and `page` are `style: deepObject` without `explode: true`, which OpenAPI 3.0 needs for "
    "`filter[updated_since]=…`: set.",
    "`has_passed` is declared a string in declaration responses; DfE sends a boolean (or null): declared a "
    "nullable boolean.",
    "Nullable enumerations (`funding_choice`, `schedule_identifier`, `ineligible_for_funding_reason` …) do not "
    "list null, so a null DfE sends fails them (OpenAPI 3.0.3 says the enum must include it): null added.",
    "Declaration states are listed with underscores (`awaiting_clawback`); DfE sends `awaiting-clawback`: "
    "the dasherised values are listed.",
)


def overlay(document: dict) -> dict:
    """Put the document's known faults right, in place; returns it."""

    def walk(node, in_schema=False):
        if isinstance(node, dict):
            if in_schema and isinstance(node.get("required"), bool):
                del node["required"]
            if node.get("style") == "deepObject":
                node["explode"] = True
            if node.get("nullable") is True and isinstance(node.get("enum"), list) and None not in node["enum"]:
                node["enum"].append(None)
            for key, value in node.items():
                walk(value, in_schema or key in ("schema", "schemas"))
        elif isinstance(node, list):
            for value in node:
                walk(value, in_schema)

    walk(document)
    attributes = document["components"]["schemas"]["ParticipantDeclaration"]["properties"]["attributes"]["properties"]
    attributes["has_passed"] = {"type": "boolean", "nullable": True}
    attributes["state"]["enum"] = list(DASHED_STATES)
    return document


@functools.cache
def document() -> dict:
    return overlay(yaml.safe_load(DOCUMENT.read_text()))


@functools.cache
def api_for(base_url: str):
    """The document as served at ``base_url`` (the server URL is where the client points)."""
    from openapi_core import OpenAPI

    served = dict(document())
    served["servers"] = [{"url": base_url.rstrip("/")}]
    return OpenAPI.from_dict(served)


def check_requests_exchange(base_url: str, response) -> None:
    """Check a ``requests`` response and the request that produced it; raises on the first fault."""
    from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
    from openapi_core.templating.responses.exceptions import ResponseNotFound

    api = api_for(base_url)
    request = RequestsOpenAPIRequest(response.request)
    api.validate_request(request)
    try:
        api.validate_response(request, RequestsOpenAPIResponse(response))
    except ResponseNotFound:  # a status the document does not list for this path (429, 5xx, some 422s)
        error_shape(response.status_code, response.json())


def error_shape(status: int, body) -> None:
    """DfE's error bodies (guidance and the document's error schemas): ``{"errors": [{title, detail}]}`` for
    400 and 422, ``{"error": "…"}`` otherwise."""
    if status in (400, 422):
        ok = isinstance(body.get("errors"), list) and all(
            isinstance(e.get("title"), str) and isinstance(e.get("detail"), str) for e in body["errors"]
        )
    else:
        ok = isinstance(body.get("error"), str)
    if not ok:
        raise ValueError(f"DfE's error shape broken for {status}: {body}")
