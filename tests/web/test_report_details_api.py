"""PATCH /api/v1/reports/{id} and the 成文信息 form: who may set the document details, what a
bad body gets back, and that the final document prints them."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.services import accounts, assembly


@pytest.fixture
def report(make_report, make_department):
    return make_report(department=make_department("zonghe"))


def token_headers(make_user, role: str, department=None) -> dict[str, str]:
    user = make_user(role, department)
    return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}


def patch(client, report, headers, body):
    return client.patch(f"/api/v1/reports/{report.id}", json=body, headers=headers)


def test_leader_sets_issuer_and_date_and_gets_the_fields_back(client, report, make_user):
    body = {
        "issuer": "  某某县发展和改革局 ",
        "issue_date": "2026-11-27",
        "doc_number": "某发改〔2026〕3号",
    }
    response = patch(client, report, token_headers(make_user, "leader"), body)
    assert response.status_code == 200, response.json
    assert response.json == {
        "id": report.id,
        "title": "某局2026年工作总结",
        "issuer": "某某县发展和改革局",
        "issue_date": "2026-11-27",
        "date_of_issue": "2026-11-27",
        "doc_number": "某发改〔2026〕3号",
        "addressee": "",
        "deadline": None,
        "status": "drafting",
    }
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "report.update_details")
    ).one()
    assert event.payload["changes"]["issue_date"] == "2026-11-27"


def test_patch_is_partial_and_null_clears_a_field(client, report, make_user):
    headers = token_headers(make_user, "admin")
    patch(client, report, headers, {"issuer": "某局", "addressee": "市发展和改革委员会"})
    response = patch(client, report, headers, {"addressee": None, "deadline": "2026-12-31"})
    assert response.status_code == 200
    assert (response.json["issuer"], response.json["addressee"]) == ("某局", "")
    assert response.json["deadline"] == "2026-12-31"


def test_issue_date_defaults_to_the_beijing_day_of_sign_off(client, report, make_user):
    report.signed_off_at = datetime.datetime(2026, 11, 26, 17, 30, tzinfo=datetime.UTC)
    db.session.commit()
    response = patch(client, report, token_headers(make_user, "leader"), {"issuer": "某局"})
    assert response.json["issue_date"] is None
    assert response.json["date_of_issue"] == "2026-11-27"  # 01:30 the next day in Beijing


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"issue_date": "2026-13-01"}, "issue_date"),
        ({"issuer": "局" * 201}, "issuer"),
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"deadline": 5}, "deadline"),
    ],
)
def test_invalid_bodies_get_422_naming_the_field(client, report, make_user, body, field):
    response = patch(client, report, token_headers(make_user, "leader"), body)
    assert response.status_code == 422
    assert response.json["code"] in ("invalid_field", "title_required")
    assert response.json["field"] == field
    assert response.json["error"]


def test_malformed_body_is_400(client, report, make_user):
    response = client.patch(
        f"/api/v1/reports/{report.id}",
        data="not json",
        headers={**token_headers(make_user, "leader"), "Content-Type": "application/json"},
    )
    assert response.status_code == 400 and response.is_json


def test_drafters_and_reviewers_may_not_edit_details(client, report, make_user):
    department = report.sections[0].department
    for role in ("drafter", "reviewer"):
        response = patch(
            client, report, token_headers(make_user, role, department), {"issuer": "x"}
        )
        assert response.status_code == 403
        assert response.json["code"] == "report_details_forbidden"


def test_signed_off_report_keeps_its_title_but_takes_an_issue_date(client, report, make_user):
    report.status = "signed_off"
    db.session.commit()
    headers = token_headers(make_user, "leader")
    refused = patch(client, report, headers, {"title": "新标题"})
    assert refused.status_code == 409 and refused.json["code"] == "locked"
    assert patch(client, report, headers, {"issue_date": "2026-11-30"}).status_code == 200


def test_missing_report_is_404(client, make_user):
    response = client.patch(
        "/api/v1/reports/999999", json={"issuer": "x"}, headers=token_headers(make_user, "leader")
    )
    assert response.status_code == 404


def test_draft_document_prints_the_details(app, client, report, make_user):
    headers = token_headers(make_user, "leader")
    body = {"issuer": "某某县发展和改革局", "issue_date": "2026-11-27", "addressee": "市发改委"}
    assert patch(client, report, headers, body).status_code == 200
    job = client.post(
        f"/api/v1/reports/{report.id}/assemblies",
        json={"formats": ["docx", "txt"], "draft": True},
        headers=headers,
    ).json["job_id"]
    assert assembly.run_job(job) == "succeeded"
    documents = client.get(f"/api/v1/assemblies/{job}", headers=headers).json["documents"]
    txt = client.get(documents[1]["url"], headers=headers).data.decode()
    assert txt.startswith("【征求意见稿】\n")
    assert "\n市发改委：\n" in txt
    assert txt.endswith("\n\n某某县发展和改革局\n2026年11月27日\n")
    docx = client.get(documents[0]["url"], headers=headers).data
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read("word/document.xml").decode()
    assert "某某县发展和改革局" in xml and "2026年11月27日" in xml


def test_details_form_on_the_report_page(client, report, make_user, login):
    login(make_user("leader"))
    page = client.get(f"/reports/{report.id}")
    assert 'data-testid="document-details"' in page.text
    response = client.post(
        f"/reports/{report.id}/details",
        data={"issuer": "某局", "issue_date": "2026-11-27", "doc_number": "", "addressee": ""},
        follow_redirects=True,
    )
    assert "已保存成文信息" in response.text
    db.session.refresh(report)
    assert report.issuer == "某局" and report.issue_date == datetime.date(2026, 11, 27)
    bad = client.post(
        f"/reports/{report.id}/details", data={"issue_date": "明天"}, follow_redirects=True
    )
    assert "日期格式应为 YYYY-MM-DD" in bad.text
