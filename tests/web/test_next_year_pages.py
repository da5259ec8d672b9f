"""Next year's report from the page and the API, and last year's text beside the editor."""

from __future__ import annotations

import pytest

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import Report
from webapp.services import accounts, drafting, next_year
from webapp.text.nodes import Outline, OutlineNode


@pytest.fixture
def report(make_report, make_department):
    return make_report(
        simple_outline(("总体情况", "今年工作稳中有进。"), ("存在问题", "短板仍然明显。")),
        department=make_department("zonghe"),
    )


def _token(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}


def test_api_creates_next_years_report(client, make_user, report):
    response = client.post(
        f"/api/v1/reports/{report.id}/next-year", headers=_token(make_user("leader", None))
    )
    assert response.status_code == 201
    body = response.json
    assert body == {
        "id": body["id"],
        "title": "某局2027年工作总结",
        "year": 2027,
        "previous_report_id": report.id,
        "sections": 2,
    }
    assert db.session.get(Report, body["id"]).previous_report_id == report.id


def test_api_takes_a_title(client, make_user, report):
    response = client.post(
        f"/api/v1/reports/{report.id}/next-year",
        json={"title": "某局2027年工作总结（修订）"},
        headers=_token(make_user("admin", None)),
    )
    assert response.status_code == 201 and response.json["title"] == "某局2027年工作总结（修订）"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"title": 5}, 422, "invalid_field"),
        ({"title": ""}, 422, "invalid_field"),
        ({"title": ["某局2027年工作总结"]}, 422, "invalid_field"),
    ],
)
def test_api_refuses_a_bad_body(client, make_user, report, body, status, code):
    response = client.post(
        f"/api/v1/reports/{report.id}/next-year",
        json=body,
        headers=_token(make_user("leader", None)),
    )
    assert response.status_code == status and response.json["code"] == code
    assert response.json["field"]


def test_api_refuses_malformed_json(client, make_user, report):
    response = client.post(
        f"/api/v1/reports/{report.id}/next-year",
        data="{",
        content_type="application/json",
        headers=_token(make_user("leader", None)),
    )
    assert response.status_code == 400


def test_api_errors_carry_codes(client, make_user, report):
    leader = _token(make_user("leader", None))
    url = f"/api/v1/reports/{report.id}/next-year"
    assert client.post(url).status_code == 401
    drafter = _token(make_user("drafter", report.sections[0].department))
    assert client.post(url, headers=drafter).json["code"] == "next_year_forbidden"
    assert client.post(url, headers=leader).status_code == 201
    second = client.post(url, headers=leader)
    assert (second.status_code, second.json["code"]) == (409, "next_year_exists")
    missing = client.post("/api/v1/reports/999999/next-year", headers=leader)
    assert missing.status_code == 404


def test_report_page_button_creates_and_opens_it(client, login_as, report):
    login_as("leader", None)
    page = client.get(f"/reports/{report.id}").text
    assert 'data-testid="next-year"' in page and "previous-report" not in page
    response = client.post(f"/reports/{report.id}/next-year", follow_redirects=True)
    assert response.status_code == 200
    assert "某局2027年工作总结" in response.text
    assert f'href="/reports/{report.id}" data-testid="previous-report"' in response.text


def test_a_second_click_opens_the_report_made_by_the_first(client, login_as, report):
    login_as("leader", None)
    first = client.post(f"/reports/{report.id}/next-year")
    second = client.post(f"/reports/{report.id}/next-year", follow_redirects=True)
    assert second.status_code == 200 and "已经生成过下一年度报告" in second.text
    assert second.request.path == first.headers["Location"]


def test_a_title_without_a_year_is_said_on_the_page(client, login_as, make_report):
    login_as("admin", None)
    report = make_report(Outline("县发改局工作总结", (OutlineNode("numbered", 1, "概况", "正文"),)))
    response = client.post(f"/reports/{report.id}/next-year", follow_redirects=True)
    assert response.status_code == 200 and "标题中没有可顺延的年份" in response.text


def test_drafters_see_no_button(client, login_as, report):
    login_as("drafter", report.sections[0].department)
    assert 'data-testid="next-year"' not in client.get(f"/reports/{report.id}").text
    assert client.post(f"/reports/{report.id}/next-year").status_code == 403


def test_editor_loads_last_years_text_beside_it(client, login_as, make_user, report):
    leader = make_user("leader", None)
    drafter = login_as("drafter", report.sections[0].department)
    first = report.sections[0]
    drafting.save_revision(first.id, drafter, first.head_revision, "去年的<正文>。")
    new = next_year.create(report.id, leader)
    section = new.sections[0]
    editor = client.get(f"/sections/{section.id}").text
    assert f'hx-get="/sections/{section.id}/last-year"' in editor
    partial = client.get(f"/sections/{section.id}/last-year").text
    assert 'data-testid="last-year-text"' in partial and "readonly" in partial
    assert "去年的&lt;正文&gt;。" in partial


def test_first_years_editor_has_no_last_year(client, login_as, report):
    login_as("drafter", report.sections[0].department)
    section = report.sections[0]
    assert "last-year" not in client.get(f"/sections/{section.id}").text
    assert "last-year-text" not in client.get(f"/sections/{section.id}/last-year").text


def test_openapi_describes_next_year_from_the_pydantic_models(client):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    post = document["paths"]["/api/v1/reports/{report_id}/next-year"]["post"]

    def schema(content):
        return schemas[content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]

    assert "title" in schema(post["requestBody"]["content"])["properties"]
    created = schema(post["responses"]["201"]["content"])
    assert set(created["required"]) == {"id", "title", "year", "previous_report_id", "sections"}
