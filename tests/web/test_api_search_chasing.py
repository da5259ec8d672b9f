"""The search, claim and 催办 endpoints: shapes, JSON errors with codes, authorization."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import simple_outline
from webapp.extensions import db
from webapp.services import accounts, drafting, workflow
from webapp.services.deadlines import china_today


@pytest.fixture
def team(make_department, make_user, make_report) -> dict:
    department = make_department("jiaoyu", "教育股")
    report = make_report(
        simple_outline(("教育事业", "新建学校12所。"), ("卫生事业", "<b>医院</b>建设。")),
        department=department,
    )
    drafter = make_user("drafter", department)
    section = report.sections[0]
    drafting.save_revision(section.id, drafter, 1, "新建学校15所。")
    workflow.submit(section.id, drafter)
    return {"report": report, "section": section, "department": department}


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}


def test_search_returns_hits_with_escaped_marked_snippets(client, team, make_user):
    response = client.get("/api/v1/search?q=医院", headers=bearer(make_user("leader")))
    assert response.status_code == 200
    [hit] = response.json["results"]
    assert hit["section_id"] == team["report"].sections[1].id
    assert hit["snippet_html"] == "&lt;b&gt;<mark>医院</mark>&lt;/b&gt;建设。"
    assert hit["url"] == f"/sections/{hit['section_id']}"


def test_search_hides_reports_of_other_departments(client, team, make_user):
    response = client.get("/api/v1/search?q=学校", headers=bearer(make_user("drafter")))
    assert response.status_code == 200 and response.json["results"] == []


def test_search_without_words_is_a_422_with_a_code(client, team, make_user):
    response = client.get("/api/v1/search?q=%EF%BC%8C", headers=bearer(make_user("leader")))
    assert response.status_code == 422 and response.json["code"] == "search_query_empty"
    missing = client.get("/api/v1/search", headers=bearer(make_user("leader")))
    assert missing.status_code == 422


def test_claim_and_release(client, team, make_user):
    reviewer = make_user("reviewer", team["department"])
    url = f"/api/v1/sections/{team['section'].id}/claim"
    claimed = client.post(url, headers=bearer(reviewer))
    assert claimed.status_code == 200 and claimed.json["reviewer"] == reviewer.display_name
    other = client.post(url, headers=bearer(make_user("reviewer", team["department"])))
    assert other.status_code == 409 and other.json["code"] == "already_claimed"
    assert client.delete(url, headers=bearer(reviewer)).status_code == 204


def test_a_drafter_cannot_claim(client, team, make_user):
    response = client.post(
        f"/api/v1/sections/{team['section'].id}/claim",
        headers=bearer(make_user("drafter", team["department"])),
    )
    assert response.status_code == 403 and response.json["code"] == "claim_forbidden"


def test_chase_notifies_then_answers_429(client, team, make_user):
    team["section"].deadline = china_today() - timedelta(days=2)
    db.session.commit()
    make_user("drafter", team["department"])
    headers = bearer(make_user("leader"))
    url = f"/api/v1/reports/{team['report'].id}/chase"
    first = client.post(url, json={"department": "jiaoyu"}, headers=headers)
    assert first.status_code == 200 and first.json["notified"] == 2
    again = client.post(url, json={"department": "jiaoyu"}, headers=headers)
    assert again.status_code == 429 and again.json["code"] == "chased_recently"


def test_chase_errors_are_json_with_codes(client, team, make_user):
    url = f"/api/v1/reports/{team['report'].id}/chase"
    leader = bearer(make_user("leader"))
    unknown = client.post(url, json={"department": "nope"}, headers=leader)
    assert unknown.status_code == 404 and unknown.json["code"] == "department_not_found"
    idle = client.post(url, json={"department": "jiaoyu"}, headers=leader)
    assert idle.status_code == 422 and idle.json["code"] == "nothing_overdue"
    drafter = bearer(make_user("drafter", team["department"]))
    forbidden = client.post(url, json={"department": "jiaoyu"}, headers=drafter)
    assert forbidden.status_code == 403 and forbidden.json["code"] == "chase_forbidden"
