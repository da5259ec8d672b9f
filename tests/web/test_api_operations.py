"""The operations a client needs beyond saving: list reports, comments, notifications,
assignment, import, final documents."""

from __future__ import annotations

import io

import pytest

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import Report
from webapp.services import accounts, notifications, reports

REPORT_TEXT = "关于2026年工作的总结\n一、总体情况\n今年工作稳中有进。\n二、下一步打算\n继续努力。\n"


@pytest.fixture
def world(make_user, make_department):
    zonghe, xiangmu = make_department("zonghe"), make_department("xiangmu")
    admin = make_user("admin")
    report = reports.create_from_outline(
        simple_outline(("总体情况", "今年工作稳中有进。")), admin, title="2026年工作总结"
    )
    report.sections[0].department = zonghe
    other = reports.create_from_outline(simple_outline(("甲", "乙。")), admin, title="2025年计划")
    other.sections[0].department = xiangmu
    db.session.commit()
    return {"report": report, "other": other, "zonghe": zonghe, "xiangmu": xiangmu}


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}


def test_list_reports_filters_paginates_and_hides_other_departments(client, world, make_user):
    leader, drafter = make_user("leader"), make_user("drafter", world["zonghe"])
    everything = client.get("/api/v1/reports?per_page=1", headers=bearer(leader)).json
    assert everything["total"] == 2 and len(everything["reports"]) == 1
    second = client.get("/api/v1/reports?per_page=1&page=2", headers=bearer(leader)).json
    assert second["reports"][0]["id"] != everything["reports"][0]["id"]
    by_year = client.get("/api/v1/reports?year=2025", headers=bearer(leader)).json
    assert [r["title"] for r in by_year["reports"]] == ["2025年计划"]
    mine = client.get("/api/v1/reports?status=drafting", headers=bearer(drafter)).json
    assert [r["id"] for r in mine["reports"]] == [world["report"].id]
    bad = client.get("/api/v1/reports?status=lost", headers=bearer(leader))
    assert bad.status_code == 422 and bad.json["code"] == "invalid_field"


def test_comment_thread_add_list_resolve_reopen(client, world, make_user):
    section = world["report"].sections[0]
    reviewer = make_user("reviewer", world["zonghe"])
    headers = bearer(reviewer)
    url = f"/api/v1/sections/{section.id}/comments"
    added = client.post(
        url, json={"revision": 1, "body": "请核实", "start": 0, "end": 2}, headers=headers
    )
    assert added.status_code == 201 and added.json["quote"] == "今年"
    comment_id = added.json["id"]
    reply = client.post(
        url, json={"revision": 1, "body": "已核实", "parent_id": comment_id}, headers=headers
    )
    assert reply.status_code == 201
    threads = client.get(url, headers=headers).json["threads"]
    assert threads[0]["anchor"] == [0, 2] and threads[0]["replies"][0]["body"] == "已核实"
    resolved = client.post(f"/api/v1/comments/{comment_id}/resolve", headers=headers)
    assert resolved.json["resolved"] is True
    reopened = client.post(f"/api/v1/comments/{comment_id}/reopen", headers=headers)
    assert reopened.json["resolved"] is False
    bad_anchor = client.post(
        url, json={"revision": 1, "body": "x", "start": 5, "end": 999}, headers=headers
    )
    assert bad_anchor.status_code == 422 and bad_anchor.json["code"] == "invalid_anchor"


def test_notifications_list_and_mark_read(client, world, make_user):
    drafter = make_user("drafter", world["zonghe"])
    notifications.add([drafter], "assigned", "请起草", "/sections/1")
    db.session.commit()
    headers = bearer(drafter)
    page = client.get("/api/v1/notifications", headers=headers).json
    assert page["unread"] == 1 and page["items"][0]["message"] == "请起草"
    item_id = page["items"][0]["id"]
    read = client.post(f"/api/v1/notifications/{item_id}/read", headers=headers)
    assert read.status_code == 200 and read.json["read"] is True
    someone_else = bearer(make_user("drafter", world["zonghe"]))
    assert (
        client.post(f"/api/v1/notifications/{item_id}/read", headers=someone_else).status_code
        == 404
    )


def test_assignment_sets_department_deadline_and_countersign(client, world, make_user):
    section = world["report"].sections[0]
    headers = bearer(make_user("leader"))
    response = client.patch(
        f"/api/v1/sections/{section.id}",
        json={"department": "zonghe", "deadline": "2026-12-31", "countersign": ["xiangmu"]},
        headers=headers,
    )
    assert response.status_code == 200, response.json
    assert {key: response.json[key] for key in ("id", "department", "deadline", "countersign")} == {
        "id": section.id,
        "department": "zonghe",
        "deadline": "2026-12-31",
        "countersign": ["xiangmu"],
    }
    own = client.patch(
        f"/api/v1/sections/{section.id}", json={"countersign": ["zonghe"]}, headers=headers
    )
    assert own.status_code == 422 and own.json["code"] == "countersign_own_department"
    drafter = bearer(make_user("drafter", world["zonghe"]))
    denied = client.patch(f"/api/v1/sections/{section.id}", json={}, headers=drafter)
    assert denied.status_code == 403 and denied.json["code"] == "assign_forbidden"


def test_import_previews_then_commits(client, world, make_user):
    headers = bearer(make_user("admin"))

    def upload(query: str = ""):
        data = {
            "file": (io.BytesIO(REPORT_TEXT.encode()), "report.txt"),
            "assignments": '{"0": "zonghe"}',
        }
        return client.post(f"/api/v1/reports/import{query}", data=data, headers=headers)

    preview = upload()
    assert preview.status_code == 200
    assert [node["heading"] for node in preview.json["sections"]] == ["总体情况", "下一步打算"]
    assert db.session.query(Report).count() == 2
    created = upload("?commit=1")
    assert created.status_code == 201 and created.json["sections"][0]["department"] == "zonghe"
    assert db.session.query(Report).count() == 3
    drafter = bearer(make_user("drafter", world["zonghe"]))
    data = {"file": (io.BytesIO(REPORT_TEXT.encode()), "report.txt")}
    denied = client.post("/api/v1/reports/import", data=data, headers=drafter)
    assert denied.status_code == 403 and denied.json["code"] == "import_forbidden"


def test_documents_download_through_the_api(client, world, make_user, app):
    from webapp.services import assembly

    leader = make_user("leader")
    job = assembly.request_assembly(world["report"].id, leader, ["txt"], draft=True)
    assembly.run_job(job.id)
    headers = bearer(leader)
    versions = client.get(f"/api/v1/reports/{world['report'].id}/documents", headers=headers)
    document = versions.json["versions"][0]["documents"][0]
    download = client.get(f"/api/v1/documents/{document['id']}", headers=headers)
    assert download.status_code == 200 and "今年工作稳中有进" in download.data.decode()
    outsider = bearer(make_user("drafter", world["xiangmu"]))
    assert client.get(f"/api/v1/documents/{document['id']}", headers=outsider).status_code == 403
