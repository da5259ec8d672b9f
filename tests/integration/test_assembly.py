"""Assembly service on SQLite and PostgreSQL: the outbox row, idempotent runs, the final gate."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from kombu.exceptions import OperationalError as BrokerDown
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from conftest import simple_outline
from webapp import jobs
from webapp.documents.pdf import PdfConversionError
from webapp.extensions import db
from webapp.models import (
    AssemblyJob,
    AuditEvent,
    Decision,
    FinalDocument,
    Notification,
    Report,
    ReportStatus,
    Review,
    Revision,
    Section,
    SectionStatus,
)
from webapp.models.types import utcnow
from webapp.services import assembly, final_documents, outbox
from webapp.services.errors import Forbidden, InvalidInput
from webapp.services.reports import text_sha256

BODIES = ("今年工作稳中有进。\n全年完成投资十二亿元。", "短板仍然明显。")


@pytest.fixture(autouse=True)
def sent(monkeypatch) -> list[int]:
    """Job ids handed to the broker (nothing is sent anywhere in these tests)."""
    ids: list[int] = []

    def publish(task_name: str, *args) -> bool:
        if task_name == jobs.ASSEMBLE:
            ids.append(args[0])
        return True

    monkeypatch.setattr(jobs, "publish", publish)
    return ids


@pytest.fixture
def report(make_report, make_department) -> Report:
    department = make_department()
    return make_report(
        simple_outline(("总体情况", BODIES[0]), ("存在问题", BODIES[1])), department=department
    )


@pytest.fixture
def leader(make_user):
    return make_user("leader")


def approve(section: Section, reviewer, number: int | None = None) -> None:
    """A standing approval of one revision (what the review workflow records)."""
    revision = db.session.scalar(
        select(Revision).where(
            Revision.section_id == section.id,
            Revision.number == (number or section.head_revision),
        )
    )
    db.session.add(
        Review(
            section_id=section.id,
            revision_id=revision.id,
            text_sha256=revision.sha256,
            reviewer_id=reviewer.id,
            decision=Decision.APPROVE,
        )
    )
    section.status = SectionStatus.APPROVED
    db.session.commit()


def add_revision(section: Section, body: str) -> None:
    number = section.head_revision + 1
    db.session.add(
        Revision(section_id=section.id, number=number, body=body, sha256=text_sha256(body))
    )
    section.head_revision, section.head_sha256 = number, text_sha256(body)
    db.session.commit()


def documents(job_id: int) -> list[FinalDocument]:
    return list(
        db.session.scalars(
            select(FinalDocument).where(FinalDocument.job_id == job_id).order_by(FinalDocument.id)
        )
    )


def reload(job: AssemblyJob) -> AssemblyJob:
    return db.session.get(AssemblyJob, job.id, populate_existing=True)


def test_request_commits_the_job_and_its_audit_event_before_dispatching(
    app, report, leader, monkeypatch
):
    seen = {}

    def dispatch(job_id: int) -> bool:
        # A second connection sees only what is committed.
        with db.engine.connect() as other:
            seen["jobs"] = other.scalar(text("SELECT count(*) FROM assembly_job"))
            seen["events"] = other.scalar(
                text("SELECT count(*) FROM audit_event WHERE action = 'assembly.request'")
            )
        return True

    monkeypatch.setattr(outbox, "dispatch", dispatch)
    job = assembly.request_assembly(report.id, leader, ["pdf", "docx"], draft=True)
    assert seen == {"jobs": 1, "events": 1}
    assert (job.state, job.formats, job.draft, job.attempts) == ("queued", ["docx", "pdf"], True, 0)


def test_job_and_audit_event_are_one_transaction(app, report, leader, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(assembly.audit, "record", broken_audit)
    with pytest.raises(RuntimeError):
        assembly.request_assembly(report.id, leader, ["docx"], draft=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AssemblyJob)) == 0


def test_broker_outage_leaves_the_job_queued_for_the_sweep(app, report, leader, monkeypatch):
    def unreachable(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.undo()  # the real publisher, with a broker that refuses connections
    monkeypatch.setattr(app.extensions["celery"], "send_task", unreachable)
    job = assembly.request_assembly(report.id, leader, ["docx"], draft=True)
    assert reload(job).state == "queued"


def test_draft_run_inline_stores_every_format_with_one_version_and_a_manifest(
    app, report, make_user
):
    drafter = make_user("drafter", report.sections[0].department)
    job = assembly.create_job(report.id, drafter, ["md", "docx", "txt"], draft=True)
    assert assembly.run_job(job.id) == "succeeded"

    job = reload(job)
    assert (job.state, job.progress, job.attempts, job.error) == ("succeeded", 100, 1, None)
    stored = documents(job.id)
    assert [d.format for d in stored] == ["docx", "txt", "md"]
    assert {d.version for d in stored} == {1} and all(d.draft for d in stored)
    for document in stored:
        assert document.sha256 == hashlib.sha256(document.content).hexdigest()
        assert document.size == len(document.content)
        assert document.manifest == {
            str(section.id): {"revision": 1, "sha256": text_sha256(body)}
            for section, body in zip(report.sections, BODIES, strict=True)
        }
    txt = stored[1].content.decode()
    assert "一、总体情况" in txt and "全年完成投资十二亿元。" in txt and "二、存在问题" in txt
    assert stored[0].content.startswith(b"PK")
    assert (
        db.session.scalar(select(func.count()).where(AuditEvent.action == "assembly.succeed")) == 1
    )


def test_pdf_is_converted_from_the_docx(app, report, leader):
    job = assembly.create_job(report.id, leader, ["pdf"], draft=True)
    assert assembly.run_job(job.id) == "succeeded"
    (pdf,) = documents(job.id)
    assert pdf.format == "pdf" and pdf.content.startswith(b"%PDF")


def test_running_a_job_again_creates_nothing_new(app, report, leader):
    job = assembly.create_job(report.id, leader, ["docx", "txt"], draft=True)
    assembly.run_job(job.id)
    first = [(d.id, d.sha256) for d in documents(job.id)]
    assert assembly.run_job(job.id) == "succeeded"
    assert assembly.run_job(job.id) == "succeeded"
    assert [(d.id, d.sha256) for d in documents(job.id)] == first
    assert reload(job).attempts == 1
    assert db.session.scalar(select(func.count()).select_from(FinalDocument)) == 2


def test_a_run_that_died_is_taken_over_once_its_lease_expired(app, report, leader):
    job = assembly.create_job(report.id, leader, ["txt"], draft=True)
    job.state, job.attempts, job.lease_until = "running", 1, utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert assembly.run_job(job.id) == "succeeded"
    assert reload(job).attempts == 2 and len(documents(job.id)) == 1


def test_a_live_lease_is_respected(app, report, leader):
    job = assembly.create_job(report.id, leader, ["txt"], draft=True)
    job.state, job.attempts, job.lease_until = "running", 1, utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert assembly.run_job(job.id) == "running"
    assert reload(job).attempts == 1 and documents(job.id) == []


def test_final_is_refused_naming_the_sections_not_approved(app, report, leader, make_user):
    approve(report.sections[0], make_user("leader"))
    with pytest.raises(InvalidInput) as refused:
        assembly.request_assembly(report.id, leader, ["docx"], draft=False)
    assert "尚未审核通过" in refused.value.message
    assert "二、存在问题" in refused.value.message
    assert "总体情况" not in refused.value.message
    assert db.session.scalar(select(func.count()).select_from(AssemblyJob)) == 0


def test_final_is_refused_while_an_approved_text_has_placeholders(app, make_report, leader):
    report = make_report(simple_outline(("总体情况", "全年完成投资XX亿元。"), ("存在问题", "无。")))
    for section in report.sections:
        approve(section, leader)
    with pytest.raises(InvalidInput) as refused:
        assembly.request_assembly(report.id, leader, ["docx"], draft=False)
    assert "占位符" in refused.value.message
    assert "一、总体情况（“XX”）" in refused.value.message
    assert "存在问题" not in refused.value.message


def test_final_uses_the_approved_revisions_and_finalises_a_signed_off_report(
    app, report, leader, make_user
):
    reviewer = make_user("leader")
    for section in report.sections:
        approve(section, reviewer)
    # A newer head the approval does not cover: the final text is still the approved one.
    add_revision(report.sections[0], "未经审核的新写法。")
    report.status = ReportStatus.SIGNED_OFF
    db.session.commit()

    job = assembly.request_assembly(report.id, leader, ["txt"], draft=False)
    assert assembly.run_job(job.id) == "succeeded"
    (txt,) = documents(job.id)
    assert "全年完成投资十二亿元" in txt.content.decode()
    assert "未经审核" not in txt.content.decode()
    assert txt.manifest[str(report.sections[0].id)]["revision"] == 1
    assert txt.draft is False
    assert db.session.get(Report, report.id, populate_existing=True).status == "final"
    ready = db.session.scalars(
        select(Notification).where(Notification.kind == "report_final_ready")
    ).all()
    assert leader.id in {notification.user_id for notification in ready}


def test_draft_assembly_leaves_the_report_status_alone(app, report, leader):
    report.status = ReportStatus.SIGNED_OFF
    db.session.commit()
    job = assembly.create_job(report.id, leader, ["txt"], draft=True)
    assembly.run_job(job.id)
    assert db.session.get(Report, report.id, populate_existing=True).status == "signed_off"


def test_only_leaders_request_final_and_only_readers_request_drafts(
    app, report, make_user, make_department
):
    reviewer = make_user("reviewer", report.sections[0].department)
    with pytest.raises(Forbidden):
        assembly.request_assembly(report.id, reviewer, ["docx"], draft=False)
    assert assembly.request_assembly(report.id, reviewer, ["docx"], draft=True).id
    outsider = make_user("drafter", make_department())
    with pytest.raises(Forbidden):
        assembly.request_assembly(report.id, outsider, ["docx"], draft=True)


@pytest.mark.parametrize("formats", [[], ["docx", "odt"], "docx", [1]])
def test_formats_are_validated(app, report, leader, formats):
    with pytest.raises(InvalidInput):
        assembly.request_assembly(report.id, leader, formats, draft=True)


def test_a_failed_pdf_conversion_fails_the_job_with_the_reason(app, report, leader, monkeypatch):
    calls = []

    def failing(docx, **kwargs):
        calls.append(1)
        raise PdfConversionError("LibreOffice exited with 77")

    monkeypatch.setattr(assembly, "docx_to_pdf", failing)
    job = assembly.create_job(report.id, leader, ["docx", "pdf"], draft=True)
    assert assembly.run_job(job.id) == "failed"
    job = reload(job)
    assert "PDF 转换失败" in job.error and "77" in job.error
    assert len(calls) == assembly.PDF_ATTEMPTS and documents(job.id) == []
    assert assembly.run_job(job.id) == "failed"  # a failed job is not claimed again


def test_a_transient_database_error_releases_the_job_for_a_retry(app, report, leader, monkeypatch):
    def locked(spec):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(assembly, "render_txt", locked)
    job = assembly.create_job(report.id, leader, ["txt"], draft=True)
    with pytest.raises(OperationalError):
        assembly.run_job(job.id)
    assert reload(job).state == "queued"
    monkeypatch.undo()
    assert assembly.run_job(job.id) == "succeeded"
    assert reload(job).attempts == 2


def test_sweep_resends_only_lost_jobs(app, report, leader, sent):
    def job(state: str, age_s: float = 0, lease_s: float | None = None) -> int:
        row = assembly.create_job(report.id, leader, ["txt"], draft=True)
        row.state, row.created_at = state, utcnow() - timedelta(seconds=age_s)
        if lease_s is not None:
            row.attempts, row.lease_until = 1, utcnow() + timedelta(seconds=lease_s)
        db.session.commit()
        return row.id

    old_queued = job("queued", age_s=60)
    job("queued")
    expired = job("running", age_s=60, lease_s=-1)
    job("running", age_s=60, lease_s=300)
    job("succeeded", age_s=60)
    assert outbox.sweep(queued_for_s=5) == 2
    assert sent == [old_queued, expired]


def test_sweep_gives_up_on_a_job_whose_runs_keep_dying(app, report, leader, sent):
    job = assembly.create_job(report.id, leader, ["txt"], draft=True)
    job.state, job.attempts = "running", outbox.MAX_JOB_ATTEMPTS
    job.lease_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert outbox.sweep() == 0 and sent == []
    job = reload(job)
    assert job.state == "failed" and "已放弃" in job.error


def test_versions_count_up_and_a_file_is_recognised_by_its_hash(app, report, leader):
    for _ in range(2):
        job = assembly.create_job(report.id, leader, ["docx", "txt"], draft=True)
        assembly.run_job(job.id)
    versions = final_documents.documents_for(report.id, leader)
    assert [v.number for v in versions] == [2, 1]
    assert [e.label for e in versions[0].manifest] == ["一、总体情况", "二、存在问题"]
    latest_txt = versions[0].documents[1]
    content = db.session.get(FinalDocument, latest_txt.id).content
    found = final_documents.verify_upload(report.id, leader, io.BytesIO(content))
    # Same text, same bytes: the TXT of both versions matches.
    assert {(d.version, d.format) for d in found.matches} == {(1, "txt"), (2, "txt")}
    assert final_documents.verify_upload(report.id, leader, io.BytesIO(b"forged")).matches == []


def test_a_heading_only_section_needs_no_approval_and_prints_its_heading(
    app, report, leader, make_user
):
    reviewer = make_user("leader")
    for section in report.sections[1:]:
        approve(section, reviewer)
    structure = report.sections[0]
    structure.heading_only = True
    report.status = ReportStatus.SIGNED_OFF
    db.session.commit()

    job = assembly.request_assembly(report.id, leader, ["txt"], draft=False)
    assert assembly.run_job(job.id) == "succeeded"
    text = documents(job.id)[0].content.decode()
    assert "一、总体情况\n" in text and "今年工作稳中有进" not in text


def test_an_archived_section_leaves_the_document(app, report, leader):
    report.sections[1].archived_at = utcnow()
    db.session.commit()
    job = assembly.request_assembly(report.id, leader, ["txt"], draft=True)
    assert assembly.run_job(job.id) == "succeeded"
    text = documents(job.id)[0].content.decode()
    assert "总体情况" in text and "存在问题" not in text


def test_the_final_document_carries_issuer_and_sign_off_date(app, report, leader, make_user):
    reviewer = make_user("leader")
    for section in report.sections:
        approve(section, reviewer)
    report.issuer = "某某县发展和改革局"
    report.signed_off_at = utcnow().replace(year=2026, month=11, day=26, hour=20)  # 27th, Beijing
    report.status = ReportStatus.SIGNED_OFF
    db.session.commit()
    job = assembly.request_assembly(report.id, leader, ["txt"], draft=False)
    assert assembly.run_job(job.id) == "succeeded"
    assert (
        documents(job.id)[0].content.decode().endswith("\n\n某某县发展和改革局\n2026年11月27日\n")
    )
