"""The OpenAPI document is generated from the routes: every /api/v1 route is in it, with its
errors, security and links."""

from __future__ import annotations

import re

from flask import Flask


def _document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def _api_operations(app: Flask) -> set[tuple[str, str]]:
    operations = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z_]+)>", r"{\1}", rule.rule)
        operations |= {(method.lower(), path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return operations


def test_every_api_route_is_in_the_document(app, client):
    paths = _document(client)["paths"]
    documented = {(method, path) for path, item in paths.items() for method in item}
    missing = _api_operations(app) - documented
    assert not missing, f"routes missing from /api/v1/openapi.json: {sorted(missing)}"


def test_every_operation_lists_its_errors_with_the_error_body(client):
    document = _document(client)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if path.endswith("/openapi.json"):
                continue
            responses = operation["responses"]
            assert {"400", "401", "422"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            body = responses["401"]["content"]["application/json"]["schema"]["$ref"]
            schema = document["components"]["schemas"][body.rsplit("/", 1)[-1]]
            assert {"error", "code"} <= set(schema["required"])


def test_save_documents_the_merge_contract(client):
    save = _document(client)["paths"]["/api/v1/sections/{section_id}/revisions"]["post"]
    assert {"201", "409", "413"} <= set(save["responses"])
    assert save["requestBody"]["content"]["application/json"]["schema"]
    assert "Diff" in save["responses"]["201"]["links"]


def test_security_schemes_are_bearer_or_session_with_csrf(client):
    document = _document(client)
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearer"]["description"],
    }
    assert schemes["csrf"]["in"] == "header" and schemes["csrf"]["name"] == "X-CSRFToken"
    assert document["security"] == [{"bearer": []}, {"session": [], "csrf": []}]
    assert document["paths"]["/api/v1/openapi.json"]["get"]["security"] == []


def test_links_point_at_existing_operations(client):
    document = _document(client)
    operation_ids = {
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
    }
    targets = {
        link["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    }
    assert targets and targets <= operation_ids
