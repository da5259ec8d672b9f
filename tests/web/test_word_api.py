"""The Word round trip API: download, multipart upload with per-section outcomes, 409 on a
conflict, JSON errors with codes for bad files."""

from __future__ import annotations

import io

import docx
import pytest

from webapp.services import accounts, drafting

BODY = "全年完成投资12亿元。"


@pytest.fixture
def section(make_report, make_department):
    return make_report(department=make_department("zonghe")).sections[0]


@pytest.fixture
def headers(make_user, section):
    drafter = make_user("drafter", section.department)
    drafting.save_revision(section.id, drafter, 1, BODY)
    return {"Authorization": f"Bearer {accounts.issue_token(drafter.username)}"}, drafter


def _edited(data: bytes, old: str, new: str) -> bytes:
    document = docx.Document(io.BytesIO(data))
    paragraph = next(p for p in document.paragraphs if old in p.text)
    paragraph.runs[0].text = paragraph.runs[0].text.replace(old, new)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client, url: str, data: bytes, auth: dict):
    return client.post(
        url,
        data={"file": (io.BytesIO(data), "edited.docx")},
        headers=auth,
        content_type="multipart/form-data",
    )


def test_download_edit_upload(client, section, headers):
    auth, _ = headers
    url = f"/api/v1/sections/{section.id}/docx"
    download = client.get(url, headers=auth)
    assert download.status_code == 200
    assert download.mimetype.endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]
    response = _upload(client, url, _edited(download.data, "12亿元", "12.3亿元"), auth)
    assert response.status_code == 201
    [outcome] = response.json["sections"]
    assert (outcome["section_id"], outcome["status"], outcome["revision"]) == (
        section.id,
        "saved",
        3,
    )


def test_conflict_is_409_with_the_outcomes(client, section, headers):
    auth, drafter = headers
    url = f"/api/v1/sections/{section.id}/docx"
    data = client.get(url, headers=auth).data
    drafting.save_revision(section.id, drafter, 2, BODY.replace("12亿元", "11亿元"))
    response = _upload(client, url, _edited(data, "12亿元", "13亿元"), auth)
    assert response.status_code == 409 and response.json["sections"][0]["status"] == "conflict"


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"not a docx", 422, "docx_invalid"),
        (None, 422, "file_missing"),
    ],
)
def test_bad_uploads_are_json_errors(client, section, headers, data, status, code):
    auth, _ = headers
    url = f"/api/v1/sections/{section.id}/docx"
    if data is None:
        response = client.post(url, headers=auth, data={}, content_type="multipart/form-data")
    else:
        response = _upload(client, url, data, auth)
    assert (response.status_code, response.json["code"]) == (status, code)


def test_too_large_is_413(client, section, headers, app):
    auth, _ = headers
    app.config["MAX_UPLOAD_BYTES"] = 1000
    response = _upload(client, f"/api/v1/sections/{section.id}/docx", b"x" * 2000, auth)
    assert (response.status_code, response.json["code"]) == (413, "docx_too_large")


def test_whole_report_download_and_upload(client, section, headers):
    auth, _ = headers
    url = f"/api/v1/reports/{section.report_id}/docx"
    data = client.get(url, headers=auth).data
    response = _upload(client, url, _edited(data, "12亿元", "12.5亿元"), auth)
    assert response.status_code == 201
    assert [o["status"] for o in response.json["sections"]] == ["saved", "unchanged"]


def test_anonymous_is_401_and_openapi_lists_the_routes(client, section):
    assert client.get(f"/api/v1/sections/{section.id}/docx").status_code == 401
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "post"} <= paths["/api/v1/sections/{section_id}/docx"].keys()
    assert {"get", "post"} <= paths["/api/v1/reports/{report_id}/docx"].keys()
