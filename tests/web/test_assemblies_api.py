"""The assembly JSON API: 202 and job polling, documents, downloads with Chinese names, verify."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import pytest

from webapp.services import accounts, assembly, final_documents


@pytest.fixture
def report(make_report, make_department):
    return make_report(department=make_department("zonghe"))


@pytest.fixture
def bearer(make_user, report):
    def headers(role: str = "leader", department="auto") -> dict[str, str]:
        if department == "auto":
            department = None if role in ("admin", "leader") else report.sections[0].department
        user = make_user(role, department)
        return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}

    return headers


def request_job(client, report, headers, **body) -> int:
    body = {"formats": ["docx", "txt"], "draft": True, **body}
    response = client.post(f"/api/v1/reports/{report.id}/assemblies", json=body, headers=headers)
    assert response.status_code == 202, response.json
    return response.json["job_id"]


def test_request_returns_202_with_the_job_to_poll(client, report, bearer):
    headers = bearer()
    response = client.post(
        f"/api/v1/reports/{report.id}/assemblies",
        json={"formats": ["pdf"], "draft": True},
        headers=headers,
    )
    assert response.status_code == 202
    assert response.json == {"job_id": response.json["job_id"], "state": "queued"}
    assert response.headers["Location"] == f"/api/v1/assemblies/{response.json['job_id']}"
    status = client.get(response.headers["Location"], headers=headers).json
    assert status["state"] == "queued" and status["progress"] == 0
    assert status["documents"] == [] and status["error"] is None
    assert status["draft"] is True and status["formats"] == ["pdf"]


def test_finished_job_lists_documents_and_the_download_has_a_chinese_name(
    app, client, report, bearer
):
    headers = bearer("drafter")
    job_id = request_job(client, report, headers)
    assembly.run_job(job_id)
    status = client.get(f"/api/v1/assemblies/{job_id}", headers=headers).json
    assert (status["state"], status["progress"]) == ("succeeded", 100)
    docx, txt = status["documents"]
    assert {"format", "url", "sha256", "version", "size"} <= docx.keys()
    assert (docx["format"], txt["format"], docx["version"]) == ("docx", "txt", 1)

    download = client.get(docx["url"], headers=headers)
    assert download.status_code == 200
    assert download.mimetype == final_documents.MIME_TYPES["docx"]
    assert hashlib.sha256(download.data).hexdigest() == docx["sha256"]
    assert len(download.data) == docx["size"]
    disposition = download.headers["Content-Disposition"]
    chinese = quote("某局2026年工作总结-征求意见稿-v1.docx", safe="")
    assert disposition == (
        f"attachment; filename=\"report-{report.id}-draft-v1.docx\"; filename*=UTF-8''{chinese}"
    )
    assert download.headers["ETag"] == f'"{docx["sha256"]}"'
    text = client.get(txt["url"], headers=headers)
    assert text.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert text.data.decode().startswith("【征求意见稿】\n\n某局2026年工作总结\n")


def test_final_request_is_refused_with_the_reason(client, report, bearer):
    response = client.post(
        f"/api/v1/reports/{report.id}/assemblies",
        json={"formats": ["docx"], "draft": False},
        headers=bearer(),
    )
    assert response.status_code == 422
    assert "尚未审核通过" in response.json["error"] and "一、总体情况" in response.json["error"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"formats": ["docx", "exe"]}, 422),
        ({"formats": []}, 422),
        ({"formats": "docx"}, 422),
        ({"draft": True}, 422),
        ({"formats": ["docx"], "draft": "yes"}, 422),
        ([], 400),
    ],
)
def test_bad_requests_are_json_4xx(client, report, bearer, body, status):
    response = client.post(f"/api/v1/reports/{report.id}/assemblies", json=body, headers=bearer())
    assert response.status_code == status and response.json["error"]


def test_missing_things_are_404(client, bearer):
    headers = bearer()
    assert (
        client.post(
            "/api/v1/reports/999/assemblies", json={"formats": ["docx"]}, headers=headers
        ).status_code
        == 404
    )
    assert client.get("/api/v1/assemblies/999", headers=headers).status_code == 404
    assert client.get("/documents/999/download", headers=headers).status_code == 404


def test_authorization(app, client, report, bearer, make_department):
    reviewer = bearer("reviewer")
    final = client.post(
        f"/api/v1/reports/{report.id}/assemblies",
        json={"formats": ["docx"], "draft": False},
        headers=reviewer,
    )
    assert final.status_code == 403
    job_id = request_job(client, report, reviewer)
    assembly.run_job(job_id)
    url = client.get(f"/api/v1/assemblies/{job_id}", headers=reviewer).json["documents"][0]["url"]

    outsider = bearer("drafter", make_department())
    assert client.get(f"/api/v1/assemblies/{job_id}", headers=outsider).status_code == 403
    assert client.get(url, headers=outsider).status_code == 403
    assert client.get(f"/api/v1/assemblies/{job_id}").status_code == 401
    assert (
        client.post(
            f"/api/v1/reports/{report.id}/assemblies", json={"formats": ["docx"]}
        ).status_code
        == 401
    )


def test_versions_and_hash_verification(app, client, report, bearer):
    headers = bearer()
    job_id = request_job(client, report, headers, formats=["txt"])
    assembly.run_job(job_id)
    listed = client.get(f"/api/v1/reports/{report.id}/documents", headers=headers).json
    (version,) = listed["versions"]
    assert version["version"] == 1 and version["draft"] is True
    assert [d["format"] for d in version["documents"]] == ["txt"]
    assert {entry["revision"] for entry in version["manifest"].values()} == {1}

    content = client.get(version["documents"][0]["url"], headers=headers).data
    url = f"/api/v1/reports/{report.id}/documents/verify"
    ours = client.post(
        url, data=content, headers={**headers, "Content-Type": "application/octet-stream"}
    ).json
    assert ours["sha256"] == hashlib.sha256(content).hexdigest()
    assert [(m["version"], m["format"]) for m in ours["matches"]] == [(1, "txt")]
    forged = client.post(url, data=content + b" ", headers=headers).json
    assert forged["matches"] == []


def test_openapi_describes_the_assembly_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "202" in paths["/api/v1/reports/{report_id}/assemblies"]["post"]["responses"]
    assert "documents" in str(paths["/api/v1/assemblies/{job_id}"])
    assert "/api/v1/reports/{report_id}/documents/verify" in paths
