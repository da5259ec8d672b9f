"""The assembly panel, the htmx progress partial, the versions page and hash verification."""

from __future__ import annotations

import io

import pytest

from webapp.extensions import db
from webapp.models import AssemblyJob, FinalDocument
from webapp.services import assembly


@pytest.fixture
def report(make_report, make_department):
    return make_report(department=make_department("zonghe"))


def latest_job() -> AssemblyJob:
    return db.session.query(AssemblyJob).order_by(AssemblyJob.id.desc()).first()


def test_panel_offers_a_draft_to_readers_and_the_final_to_leaders(client, report, login_as):
    login_as("reviewer", report.sections[0].department)
    page = client.get(f"/reports/{report.id}").text
    assert 'data-testid="assemble-draft"' in page and 'data-testid="assemble-final"' not in page
    client.post("/logout")
    login_as("leader")
    page = client.get(f"/reports/{report.id}").text
    assert 'data-testid="assemble-final"' in page


def test_requesting_a_draft_shows_a_polling_progress_bar_until_done(client, report, login_as):
    login_as("leader")
    response = client.post(
        f"/reports/{report.id}/assemblies", data={"formats": ["docx", "txt"], "draft": "1"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/reports/{report.id}#assembly"
    job = latest_job()
    assert (job.formats, job.draft) == (["docx", "txt"], True)

    page = client.get(f"/reports/{report.id}").text
    assert "已提交生成任务" in page
    assert f'hx-get="/assemblies/{job.id}/progress"' in page and 'hx-trigger="every 1s"' in page

    assembly.run_job(job.id)
    done = client.get(f"/assemblies/{job.id}/progress").text
    assert 'data-state="succeeded"' in done and "hx-trigger" not in done
    assert 'data-testid="download-docx"' in done and 'data-testid="download-txt"' in done


def test_a_refused_final_request_is_flashed(client, report, login_as):
    login_as("leader")
    response = client.post(
        f"/reports/{report.id}/assemblies",
        data={"formats": ["docx"], "draft": "0"},
        follow_redirects=True,
    )
    assert "尚未审核通过" in response.text and latest_job() is None


def test_a_failed_job_shows_its_error(app, client, report, login_as):
    user = login_as("leader")
    job = assembly.create_job(report.id, user, ["txt"], draft=True)
    job.state, job.error = "failed", "PDF 转换失败：LibreOffice exited with 77"
    db.session.commit()
    partial = client.get(f"/assemblies/{job.id}/progress").text
    assert 'data-testid="assembly-error"' in partial and "exited with 77" in partial


def test_versions_page_lists_manifest_and_verifies_an_upload(app, client, report, login_as):
    user = login_as("leader")
    job = assembly.create_job(report.id, user, ["txt"], draft=True)
    assembly.run_job(job.id)
    document = db.session.query(FinalDocument).one()

    page = client.get(f"/reports/{report.id}/documents").text
    assert 'data-testid="version-1"' in page and document.sha256 in page
    assert "一、总体情况" in page and "某局2026年工作总结-征求意见稿-v1.txt" in page

    url = f"/reports/{report.id}/documents/verify"
    ours = client.post(url, data={"file": (io.BytesIO(document.content), "x.txt")}).text
    assert "这是第 1 版的 TXT 文件" in ours
    forged = client.post(url, data={"file": (io.BytesIO(b"forged"), "x.txt")}).text
    assert "不是本系统为这个报告生成的文件" in forged


def test_outsiders_cannot_see_or_download(app, client, report, login_as, make_user):
    leader = make_user("leader")
    job = assembly.create_job(report.id, leader, ["txt"], draft=True)
    assembly.run_job(job.id)
    document = db.session.query(FinalDocument).one()
    login_as("drafter")
    assert client.get(f"/documents/{document.id}/download").status_code == 403
    assert client.get(f"/assemblies/{job.id}/progress").status_code == 403
    assert client.get(f"/reports/{report.id}/documents").status_code == 403
