"""The OpenAPI 3.1 description of /api/v1, kept beside the routes it describes."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}


def _errors(*codes: int) -> dict[str, Any]:
    return {
        str(code): {"description": "error", "content": {"application/json": {"schema": _ERROR}}}
        for code in codes
    }


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tonggao 统稿 API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}},
                },
                "OutlineNode": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "kind": {"enum": ["part", "numbered", "preamble"]},
                        "level": {"type": "integer"},
                        "heading": {"type": "string"},
                        "run_in": {"type": "boolean"},
                        "body": {"type": "string"},
                        "status": {"type": "string"},
                        "department": {"type": ["string", "null"]},
                        "revision": {"type": "integer"},
                        "children": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/OutlineNode"},
                        },
                    },
                },
            },
        },
        "security": [{"bearer": []}],
        "paths": {
            "/me": {"get": {"responses": {"200": {"description": "the caller"}, **_errors(401)}}},
            "/reports/{id}": {
                "get": {
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {
                        "200": {"description": "the report's outline"},
                        **_errors(401, 403, 404),
                    },
                }
            },
        },
    }
