"""The OpenAPI 3.1 description of /api/v1, kept beside the routes it describes."""

from __future__ import annotations

from typing import Any

from webapp.api import suggestions, word

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
            **_assembly_paths(),
            **suggestions.openapi_paths(),
            **word.openapi_paths(),
        },
    }


def _path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


_DOCUMENT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "format": {"enum": ["docx", "pdf", "txt", "md"]},
        "url": {"type": "string", "description": "download (session or bearer token)"},
        "sha256": {"type": "string"},
        "version": {"type": "integer"},
        "size": {"type": "integer"},
        "draft": {"type": "boolean"},
    },
}


def _assembly_paths() -> dict[str, Any]:
    """Assembly jobs (outbox rows run by the workers) and the final documents they produce."""
    return {
        "/reports/{id}/assemblies": {
            "post": {
                "parameters": [_path_id("id")],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["formats"],
                                "properties": {
                                    "formats": {
                                        "type": "array",
                                        "items": {"enum": ["docx", "pdf", "txt", "md"]},
                                    },
                                    "draft": {"type": "boolean", "default": False},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "202": {"description": "queued: {job_id, state}; Location: the job"},
                    **_errors(400, 401, 403, 404, 422),
                },
            }
        },
        "/assemblies/{job_id}": {
            "get": {
                "parameters": [_path_id("job_id")],
                "responses": {
                    "200": {
                        "description": "the job",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "job_id": {"type": "integer"},
                                        "state": {
                                            "enum": ["queued", "running", "succeeded", "failed"]
                                        },
                                        "progress": {
                                            "type": "integer",
                                            "minimum": 0,
                                            "maximum": 100,
                                        },
                                        "error": {"type": ["string", "null"]},
                                        "documents": {"type": "array", "items": _DOCUMENT},
                                    },
                                }
                            }
                        },
                    },
                    **_errors(401, 403, 404),
                },
            }
        },
        "/reports/{id}/documents": {
            "get": {
                "parameters": [_path_id("id")],
                "responses": {
                    "200": {"description": "{versions: [{version, draft, documents, manifest}]}"},
                    **_errors(401, 403, 404),
                },
            }
        },
        "/reports/{id}/documents/verify": {
            "post": {
                "parameters": [_path_id("id")],
                "requestBody": {
                    "required": True,
                    "content": {"application/octet-stream": {"schema": {"type": "string"}}},
                },
                "responses": {
                    "200": {"description": "{sha256, matches: [document]} (empty: not ours)"},
                    **_errors(401, 403, 404, 413),
                },
            }
        },
    }
