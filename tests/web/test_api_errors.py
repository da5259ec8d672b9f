"""Errors carry stable codes: the API returns them beside the message, and the English UI shows
service errors in English (translated by code), the Chinese UI the service's own words."""

from __future__ import annotations

import pytest

from conftest import simple_outline
from webapp.extensions import db
from webapp.services import accounts, drafting, reports


@pytest.fixture
def section(make_user, make_department):
    department = make_department("zonghe")
    report = reports.create_from_outline(simple_outline(("总体情况", "原稿。")), make_user("admin"))
    report.sections[0].department = department
    db.session.commit()
    return report.sections[0]


def _bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}


def test_api_errors_name_their_code(client, section, make_user, make_department):
    drafter = make_user("drafter", section.department)
    outsider = make_user("drafter", make_department("xiangmu"))
    leader = make_user("leader")
    url = f"/api/v1/sections/{section.id}/revisions"

    drafting.save_revision(section.id, drafter, 1, "甲乙丙。")
    conflict = client.post(url, json={"base_revision": 1, "body": "丁。"}, headers=_bearer(drafter))
    forbidden = client.post(url, json={"base_revision": 2, "body": "x"}, headers=_bearer(outsider))
    missing = client.get("/api/v1/sections/999999", headers=_bearer(drafter))
    sign_off = client.post("/api/v1/reports/999999/sign-off", headers=_bearer(leader))
    bad_field = client.post(url, json={"base_revision": "2", "body": "x"}, headers=_bearer(drafter))

    assert (conflict.status_code, conflict.json["code"]) == (409, "merge_conflict")
    assert conflict.json["head"] == 2
    assert (forbidden.status_code, forbidden.json["code"]) == (403, "not_your_department")
    assert (missing.status_code, missing.json["code"]) == (404, "section_not_found")
    assert (sign_off.status_code, sign_off.json["code"]) == (404, "report_not_found")
    assert bad_field.status_code == 422
    assert bad_field.json["code"] == "invalid_field" and bad_field.json["field"] == "base_revision"


def test_http_errors_have_codes_too(client, make_user):
    headers = _bearer(make_user("drafter"))
    assert client.get("/api/v1/nowhere", headers=headers).json["code"] == "not_found"
    assert client.get("/api/v1/me").json["code"] == "unauthenticated"


def test_countersign_must_be_a_list_of_codes(client, section, make_user):
    response = client.patch(
        f"/api/v1/sections/{section.id}",
        json={"countersign": [1, {"a": 1}]},
        headers=_bearer(make_user("admin")),
    )
    assert response.status_code == 422 and response.json["code"] == "invalid_field"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Only sections being drafted or sent back can be submitted"), ("zh_CN", "只有起草中")],
)
def test_service_errors_show_in_the_readers_language(
    client, login, section, make_user, lang, expected
):
    drafter = make_user("drafter", section.department)
    section.status = "approved"
    db.session.commit()
    login(drafter)
    client.post(f"/lang/{lang}")
    client.post(f"/sections/{section.id}/submit")
    assert expected in client.get(f"/sections/{section.id}").text


def test_missing_report_on_the_assignment_page_is_404(client, login_as):
    login_as("admin")
    assert client.post("/reports/999999/assign", data={}).status_code == 404
