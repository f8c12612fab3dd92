"""The API's readable documentation, read from the OpenAPI document the code generates (one source)."""

import functools
import json

from django.core.serializers.json import DjangoJSONEncoder

from .v1.api import api

METHODS = ("get", "put", "patch", "post", "delete")


@functools.cache
def document() -> dict:
    """The OpenAPI document as it is served (JSON: response codes are strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1"), cls=DjangoJSONEncoder))


def operations() -> list[dict]:
    """[{method, path, summary, description, scope, parameters, body, responses}] in the document's order."""
    doc = document()
    schemas = doc.get("components", {}).get("schemas", {})
    found = []
    for path, item in doc["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation["operationId"],
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "scope": operation.get("x-scope", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description") or p.get("schema", {}).get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": _fields(_ref(operation.get("requestBody", {}), schemas)),
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return found


def _ref(body: dict, schemas: dict) -> dict:
    ref = body.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    return schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else {}


def _fields(schema: dict) -> list[dict]:
    required = set(schema.get("required", []))
    return [
        {"name": name, "required": name in required, "description": field.get("description", "")}
        for name, field in schema.get("properties", {}).items()
    ]
