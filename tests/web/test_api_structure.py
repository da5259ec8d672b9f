"""The structure API: create a report, add sections, rename, move, archive; bad bodies → 422."""

from __future__ import annotations

import pytest

from webapp.models import ReportStatus
from webapp.services import accounts


@pytest.fixture
def token(make_user):
    def headers(role: str = "admin", department="auto") -> dict[str, str]:
        user = make_user(role, department if role in ("drafter", "reviewer") else None)
        return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}

    return headers


def _outline(client, report_id, headers) -> list[tuple]:
    def flat(nodes):
        for node in nodes:
            yield (node["level"], node["heading"])
            yield from flat(node["children"])

    return list(flat(client.get(f"/api/v1/reports/{report_id}", headers=headers).json["sections"]))


def _create(client, headers, **body) -> int:
    response = client.post(
        "/api/v1/reports",
        json={"title": "某局2027年工作计划", "kind": "工作计划", "year": 2027, **body},
        headers=headers,
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def _add(client, report_id, headers, **body) -> dict:
    response = client.post(f"/api/v1/reports/{report_id}/sections", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_build_a_report_from_scratch(client, token):
    headers = token()
    report_id = _create(client, headers, issuer="某局")
    first = _add(client, report_id, headers, heading="抓好项目")
    second = _add(client, report_id, headers, heading="优化环境")
    child = _add(client, report_id, headers, heading="审批提速", parent_id=second["id"])
    _add(client, report_id, headers, heading="开篇", after_id=None)
    assert (first["level"], child["level"], child["parent_id"]) == (1, 2, second["id"])
    assert _outline(client, report_id, headers) == [
        (1, "开篇"),
        (1, "抓好项目"),
        (1, "优化环境"),
        (2, "审批提速"),
    ]


def test_created_report_carries_its_fields(client, token):
    headers = token("leader")
    response = client.post(
        "/api/v1/reports",
        json={"title": "某局工作总结", "kind": "工作总结", "year": 2026, "deadline": "2026-12-01"},
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json["deadline"] == "2026-12-01" and response.json["year"] == 2026


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "工作计划", "year": 2027},
        {"title": "", "kind": "工作计划", "year": 2027},
        {"title": "报告", "year": "2027"},
        {"title": "报告", "year": 3000},
        {"title": "报告", "deadline": "明天"},
    ],
)
def test_bad_report_bodies_are_422_invalid_field(client, token, body):
    response = client.post("/api/v1/reports", json=body, headers=token())
    assert response.status_code == 422
    assert response.json["code"] == "invalid_field" and response.json["field"]


def test_drafters_cannot_create_reports(client, token):
    response = client.post("/api/v1/reports", json={"title": "报告"}, headers=token("drafter"))
    assert response.status_code == 403


def test_rename_move_and_archive_through_patch_and_delete(client, token):
    headers = token()
    report_id = _create(client, headers)
    first = _add(client, report_id, headers, heading="甲")
    second = _add(client, report_id, headers, heading="乙")
    renamed = client.patch(
        f"/api/v1/sections/{first['id']}", json={"heading": "甲一"}, headers=headers
    )
    assert renamed.status_code == 200 and renamed.json["heading"] == "甲一"
    assert renamed.json["revision"] == 1
    moved = client.patch(
        f"/api/v1/sections/{first['id']}", json={"parent_id": second["id"]}, headers=headers
    )
    assert moved.status_code == 200 and moved.json["level"] == 2
    assert _outline(client, report_id, headers) == [(1, "乙"), (2, "甲一")]
    archived = client.delete(f"/api/v1/sections/{first['id']}", headers=headers)
    assert archived.status_code == 200 and archived.json["archived"] is True
    assert _outline(client, report_id, headers) == [(1, "乙")]
    assert client.get(f"/api/v1/sections/{first['id']}/revisions", headers=headers).json[
        "revisions"
    ]


def test_drafter_renames_own_section_but_cannot_move_it(
    client, token, make_report, make_department
):
    department = make_department()
    report = make_report(department=department)
    section = report.sections[0]
    headers = token("drafter", department)
    url = f"/api/v1/sections/{section.id}"
    assert client.patch(url, json={"heading": "新标题"}, headers=headers).status_code == 200
    refused = client.patch(url, json={"after_id": report.sections[1].id}, headers=headers)
    assert refused.status_code == 403 and refused.json["code"] == "structure_forbidden"


def test_assignment_fields_still_work_through_patch(client, token, make_report, make_department):
    department = make_department("xiangmu")
    section = make_report().sections[0]
    response = client.patch(
        f"/api/v1/sections/{section.id}", json={"department": "xiangmu"}, headers=token()
    )
    assert response.status_code == 200 and response.json["department"] == department.code


def test_bad_structure_requests_are_clear_4xx(client, token):
    headers = token()
    report_id = _create(client, headers)
    first = _add(client, report_id, headers, heading="甲")
    url = f"/api/v1/reports/{report_id}/sections"
    assert client.post(url, json={"heading": 5}, headers=headers).json["code"] == "invalid_field"
    bad_kind = client.post(url, json={"heading": "x", "kind": "chapter"}, headers=headers)
    assert bad_kind.status_code == 422 and bad_kind.json["code"] == "invalid_field"
    bad_parent = client.post(url, json={"heading": "x", "parent_id": 999999}, headers=headers)
    assert bad_parent.status_code == 422 and bad_parent.json["code"] == "parent_not_found"
    into_itself = client.patch(
        f"/api/v1/sections/{first['id']}", json={"parent_id": first["id"]}, headers=headers
    )
    assert into_itself.status_code == 422 and into_itself.json["code"] == "move_into_itself"
    assert (
        client.post("/api/v1/reports/999999/sections", json={}, headers=headers).status_code == 404
    )
    not_json = client.post(url, data="x", headers=headers)
    assert not_json.status_code == 400


def test_locked_report_answers_409_locked(client, token, make_report):
    report = make_report()
    report.status = ReportStatus.SIGNED_OFF
    from webapp.extensions import db

    db.session.commit()
    response = client.post(
        f"/api/v1/reports/{report.id}/sections", json={"heading": "新"}, headers=token()
    )
    assert response.status_code == 409
    assert response.json["code"] == "locked" and response.json["locked"] is True


def test_submitting_a_heading_only_node_is_not_a_task(client, token, make_department):
    department = make_department()
    admin = token()
    report_id = _create(client, admin)
    parent = _add(client, report_id, admin, heading="总体")
    _add(client, report_id, admin, heading="子项", parent_id=parent["id"])
    client.patch(
        f"/api/v1/sections/{parent['id']}", json={"department": department.code}, headers=admin
    )
    response = client.post(
        f"/api/v1/sections/{parent['id']}/submit", headers=token("drafter", department)
    )
    assert response.status_code == 422 and response.json["code"] == "not_a_task"


def test_openapi_describes_the_structure_routes_from_the_validators(client):
    document = client.get("/api/v1/openapi.json").json
    paths = document["paths"]
    body = paths["/api/v1/reports"]["post"]["requestBody"]["content"]["application/json"]
    schema = document["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]
    assert "title" in schema["required"]
    assert {"patch", "delete"} <= paths["/api/v1/sections/{section_id}"].keys()
    assert "post" in paths["/api/v1/reports/{report_id}/sections"]
