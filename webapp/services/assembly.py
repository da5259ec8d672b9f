"""Assembly: request a final or draft document and run the job idempotently.

A job is a row in the outbox (AssemblyJob). Whoever runs it — a Celery worker, `tonggao
reports assemble --inline`, or a second worker after the sweep re-sent it — first claims the
row with one conditional UPDATE that also increments `attempts`; that number is the run's
fencing token. Every later write (progress, lease renewal, the result) is conditional on it,
so a run that lost its lease cannot overwrite the run that took over, and the unique key
(job, format) of FinalDocument makes a duplicate result impossible.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from webapp.documents.gbt9704 import render_docx
from webapp.documents.model import DocumentSpec
from webapp.documents.pdf import PdfConversionError, docx_to_pdf
from webapp.documents.plaintext import render_markdown, render_txt
from webapp.extensions import db
from webapp.models import (
    AssemblyJob,
    FinalDocument,
    JobState,
    Report,
    ReportStatus,
    Revision,
    Section,
    SectionStatus,
    User,
)
from webapp.models.types import utcnow
from webapp.services import (
    audit,
    lock,
    notifications,
    outbox,
    policy,
    report_details,
    reports,
    workflow,
)
from webapp.services.errors import Forbidden, InvalidInput, NotFound
from webapp.services.outbox import MAX_JOB_ATTEMPTS
from webapp.services.reports import SectionRow, text_sha256
from webapp.text.nodes import PREAMBLE_LABEL, OutlineNode
from webapp.text.proofing import placeholders

log = logging.getLogger(__name__)

FORMATS = ("docx", "pdf", "txt", "md")
# LibreOffice now and then fails under load; one more try before the job fails for good.
PDF_ATTEMPTS = 2
# Two jobs of one report finishing together race for the next version number.
MAX_STORE_ATTEMPTS = 5
# Rough share of the run time of each step (200-section benchmark: DOCX ~0.3 s, PDF ~1.5 s).
STEP_WEIGHTS = {"load": 1, "docx": 3, "pdf": 10, "txt": 1, "md": 1}
# Steps long enough that the progress bar and the lease are brought up to date before them.
SLOW_STEPS = frozenset({"pdf"})
HEARTBEAT_INTERVAL_S = 1.0
# Names listed in a refusal; the rest are counted.
MAX_LISTED_SECTIONS = 10


class LostLease(Exception):
    """Another run claimed the job (this one's lease expired): stop without writing."""


# --- requesting -----------------------------------------------------------------------


def create_job(report_id: int, actor: User, formats: Sequence[Any], draft: bool) -> AssemblyJob:
    """Insert the job and its audit event in one transaction, without sending it anywhere."""
    chosen = normalise_formats(formats)
    report = reports.get_report(report_id, actor)
    if not draft:
        _check_final_request(report, actor)
    job = AssemblyJob(report_id=report.id, requested_by_id=actor.id, formats=chosen, draft=draft)
    db.session.add(job)
    db.session.flush()
    audit.record(
        actor,
        "assembly.request",
        "assembly_job",
        job.id,
        report_id=report.id,
        formats=chosen,
        draft=draft,
    )
    db.session.commit()
    return job


def request_assembly(
    report_id: int, actor: User, formats: Sequence[Any], draft: bool
) -> AssemblyJob:
    """Queue a job: commit the outbox row, then hand it to Celery (the sweep covers failures)."""
    job = create_job(report_id, actor, formats, draft)
    outbox.dispatch(job.id)
    return job


def normalise_formats(formats: Sequence[Any]) -> list[str]:
    """The requested formats in canonical order; InvalidInput on anything unknown or none."""
    if not isinstance(formats, list | tuple) or not all(isinstance(f, str) for f in formats):
        raise InvalidInput(
            'formats 应为格式名数组，如 ["docx", "pdf"]', code="formats_not_a_list", field="formats"
        )
    wanted = {f.strip().lower() for f in formats}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise InvalidInput(
            f"不支持的格式：{'、'.join(unknown)}（可选 {', '.join(FORMATS)}）",
            code="unsupported_format",
            field="formats",
            formats="、".join(unknown),
        )
    if not wanted:
        raise InvalidInput("至少选择一种格式", code="no_format", field="formats")
    return [f for f in FORMATS if f in wanted]


def _check_final_request(report: Report, actor: User) -> None:
    if not policy.can_request_assembly(actor):
        raise Forbidden(
            "只有签发人可以生成正式文本；其他用户可以生成征求意见稿", code="final_leaders_only"
        )
    final_bodies(report.id)
    # Only a signed-off (locked) text is final: an open report could change under the job.
    if not lock.is_locked(report):
        raise InvalidInput(
            "报告尚未签发，只能生成征求意见稿；签发后才能生成正式文本", code="not_signed_off"
        )


# --- which text goes in ---------------------------------------------------------------


def approved_revisions(report_id: int) -> dict[int, Revision]:
    """Per section of the report, the newest revision whose text a standing approval covers."""
    newest = workflow.newest_approved_revisions(
        Revision.section_id.in_(select(Section.id).where(Section.report_id == report_id))
    ).subquery()
    rows = db.session.scalars(
        select(Revision).join(
            newest,
            and_(Revision.section_id == newest.c.section_id, Revision.number == newest.c.number),
        )
    )
    return {revision.section_id: revision for revision in rows}


@dataclass(frozen=True)
class ChosenText:
    """The text of one section that goes into a document, and the revision it came from."""

    revision: int
    body: str


@dataclass(frozen=True)
class DocumentRow:
    """What the document needs of one section, read as plain columns (no ORM objects: for a
    re-assembly the load is a large share of the time)."""

    id: int
    parent_id: int | None
    kind: str
    level: int
    heading: str
    run_in: bool
    status: str
    head_revision: int
    heading_only: bool
    body: str


def document_rows(report_id: int) -> list[DocumentRow]:
    """The report's sections in document order with their head text; archived ones left out."""
    rows = db.session.execute(
        select(
            Section.id,
            Section.parent_id,
            Section.kind,
            Section.level,
            Section.heading,
            Section.run_in,
            Section.status,
            Section.head_revision,
            Section.heading_only,
            Revision.body,
        )
        .outerjoin(
            Revision,
            and_(Revision.section_id == Section.id, Revision.number == Section.head_revision),
        )
        .where(Section.report_id == report_id, Section.archived_at.is_(None))
        .order_by(Section.position)
    )
    return [DocumentRow(*row[:-1], body=row[-1] or "") for row in rows]


def draft_bodies(report_id: int) -> tuple[list[DocumentRow], dict[int, ChosenText]]:
    """Head revisions: a 征求意见稿 shows the text as it stands."""
    rows = document_rows(report_id)
    return rows, {row.id: ChosenText(row.head_revision, row.body) for row in rows}


def final_bodies(report_id: int) -> tuple[list[DocumentRow], dict[int, ChosenText]]:
    """Approved revisions; InvalidInput naming the sections that are unapproved or unfinished.
    A heading-only section is structure, not a task: it needs no approval (DESIGN)."""
    rows = document_rows(report_id)
    approved = approved_revisions(report_id)
    tasks = [row for row in rows if not row.heading_only]
    missing = [
        row.id for row in tasks if row.status != SectionStatus.APPROVED or row.id not in approved
    ]
    if missing:
        raise InvalidInput(
            f"以下章节尚未审核通过，不能生成正式文本：{_listing(report_id, missing)}",
            code="sections_unapproved",
            count=len(missing),
            sections=_listing(report_id, missing),
        )
    unfinished = {
        row.id: finding
        for row in rows
        for finding in _placeholders(
            row.heading, approved[row.id].body if row.id in approved else ""
        )[:1]
    }
    if unfinished:
        raise InvalidInput(
            "以下章节仍有未填写的占位符，请修改后重新审核："
            + _listing(report_id, list(unfinished), unfinished),
            code="placeholders_left",
            sections=_listing(report_id, list(unfinished), unfinished),
        )
    chosen = {row.id: ChosenText(0, "") for row in rows if row.heading_only}
    live = {row.id for row in rows}  # an archived section's approval stays out
    chosen.update(
        {sid: ChosenText(rev.number, rev.body) for sid, rev in approved.items() if sid in live}
    )
    return rows, chosen


def _placeholders(*texts: str) -> list[str]:
    # Only the placeholder rule gates a final text (DESIGN: Proofreading); the other rules
    # are advice the reviewers already saw.
    return [finding.text for text in texts for finding in placeholders.check(text)]


def section_labels(rows: list[SectionRow]) -> dict[int, str]:
    numbers = reports.section_numbers(rows)
    labels = {}
    for row in rows:
        section = row.section
        heading = numbers.get(section.id, "") + section.heading
        labels[section.id] = heading if section.kind != "preamble" else PREAMBLE_LABEL
    return labels


def headings_only(report_id: int) -> list[SectionRow]:
    """The sections without their text: enough to number and name them."""
    sections = db.session.scalars(
        select(Section)
        .where(Section.report_id == report_id, Section.archived_at.is_(None))
        .order_by(Section.position)
    )
    return [SectionRow(section, "") for section in sections]


def _listing(report_id: int, section_ids: list[int], notes: dict[int, str] | None = None) -> str:
    """The sections named as a reader sees them (number and heading), with a note each."""
    all_labels = section_labels(headings_only(report_id))
    notes = notes or {}
    labels = [
        all_labels[sid] + (f"（“{notes[sid]}”）" if sid in notes else "") for sid in section_ids
    ]
    listed = "；".join(labels[:MAX_LISTED_SECTIONS])
    rest = len(labels) - MAX_LISTED_SECTIONS
    return f"{listed} 等 {len(labels)} 个章节" if rest > 0 else listed


def document_spec(
    report: Report, rows: list[DocumentRow], chosen: dict[int, ChosenText], draft: bool
) -> DocumentSpec:
    """The renderers' input: the section tree (rows are in document order) with chosen text."""
    children: dict[int | None, list[DocumentRow]] = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)

    def nodes(parent_id: int | None) -> tuple[OutlineNode, ...]:
        return tuple(
            OutlineNode(s.kind, s.level, s.heading, chosen[s.id].body, s.run_in, nodes(s.id))
            for s in children[parent_id]
        )

    return DocumentSpec(
        title=report.title,
        sections=nodes(None),
        draft=draft,
        issuer=report.issuer or "",
        date_of_issue=report_details.date_of_issue(report),
        doc_number=report.doc_number or "",
        addressee=report.addressee or "",
    )


def manifest_of(chosen: dict[int, ChosenText]) -> dict[str, dict[str, Any]]:
    """section id → revision number and sha256 of the exact text used."""
    return {
        str(section_id): {"revision": text.revision, "sha256": text_sha256(text.body)}
        for section_id, text in sorted(chosen.items())
    }


# --- running --------------------------------------------------------------------------


def run_job(job_id: int) -> str:
    """Claim the job and produce its documents; safe to call any number of times.

    Returns the job's state afterwards. Transient database errors propagate (Celery retries
    them) after the lease is released; every other failure marks the job failed.
    """
    attempt = _claim(job_id)
    if attempt is None:
        return _state_of(job_id)
    try:
        _produce(job_id, attempt)
        return JobState.SUCCEEDED  # _store committed it; no need to read it back
    except LostLease:
        db.session.rollback()
        log.info("assembly job %s: another run took over (attempt %s stops)", job_id, attempt)
    except OperationalError:
        _release(job_id, attempt)
        raise
    except (PdfConversionError, InvalidInput) as error:
        _fail(job_id, attempt, str(error))
    except Exception as error:
        # A bug or bad data: fail the job with the reason rather than let the sweep re-run
        # it forever; the traceback goes to the log.
        log.exception("assembly job %s failed", job_id)
        _fail(job_id, attempt, f"内部错误：{type(error).__name__}: {error}")
    return _state_of(job_id)


def _claim(job_id: int) -> int | None:
    """queued, or running with an expired lease → running; the new attempt number or None."""
    now = utcnow()
    result = db.session.execute(
        update(AssemblyJob)
        .where(
            AssemblyJob.id == job_id,
            AssemblyJob.attempts < MAX_JOB_ATTEMPTS,
            or_(
                AssemblyJob.state == JobState.QUEUED,
                and_(AssemblyJob.state == JobState.RUNNING, AssemblyJob.lease_until < now),
            ),
        )
        .values(
            state=JobState.RUNNING,
            lease_until=now + _lease(),
            attempts=AssemblyJob.attempts + 1,
            progress=0,
            error=None,
        )
        .returning(AssemblyJob.attempts)
        .execution_options(synchronize_session=False)
    )
    attempt = result.scalar_one_or_none()
    db.session.commit()
    return attempt


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config["ASSEMBLY_LEASE_S"])


def _produce(job_id: int, attempt: int) -> None:
    job = db.session.get(AssemblyJob, job_id, populate_existing=True)
    formats, draft = list(job.formats), job.draft
    report = db.session.get(Report, job.report_id)
    rows, chosen = draft_bodies(report.id) if draft else final_bodies(report.id)
    spec = document_spec(report, rows, chosen, draft)
    steps = _steps(formats)
    total = sum(STEP_WEIGHTS[step] for step in steps)
    done = STEP_WEIGHTS["load"]
    reported_at = time.monotonic()
    outputs: dict[str, bytes] = {}
    for step in steps[1:]:
        # Each heartbeat is a commit (an fsync on SQLite): report progress before a slow step
        # or when the last report is old, not after every quick one (a re-assembled DOCX
        # takes less time than two commits).
        if step in SLOW_STEPS or time.monotonic() - reported_at >= HEARTBEAT_INTERVAL_S:
            _heartbeat(job_id, attempt, min(99, done * 100 // total))
            reported_at = time.monotonic()
        outputs[step] = _render(step, spec, outputs)
        done += STEP_WEIGHTS[step]
    documents = {fmt: outputs[fmt] for fmt in formats}
    _store(job_id, attempt, documents, manifest_of(chosen))


def _steps(formats: list[str]) -> list[str]:
    """The work in order; a PDF is converted from the DOCX, so it needs one even if unasked."""
    needs_docx = "docx" in formats or "pdf" in formats
    return ["load"] + [f for f in FORMATS if f in formats or (f == "docx" and needs_docx)]


def _render(step: str, spec: DocumentSpec, outputs: dict[str, bytes]) -> bytes:
    if step == "docx":
        # The module-level DocxCache keeps per-paragraph XML between jobs in this process.
        return render_docx(spec)
    if step == "pdf":
        return _pdf(outputs["docx"])
    if step == "txt":
        return render_txt(spec)
    return render_markdown(spec)


def _pdf(docx: bytes) -> bytes:
    font_dir = current_app.config["FONT_DIR"]
    for attempt in range(1, PDF_ATTEMPTS + 1):
        try:
            return docx_to_pdf(docx, font_dir=Path(font_dir) if font_dir else None)
        except PdfConversionError as error:
            if attempt == PDF_ATTEMPTS:
                raise PdfConversionError(f"PDF 转换失败：{error}") from error
            log.warning("PDF conversion failed, retrying: %s", error)
    raise AssertionError("unreachable")


def _owned(job_id: int, attempt: int):
    return and_(
        AssemblyJob.id == job_id,
        AssemblyJob.state == JobState.RUNNING,
        AssemblyJob.attempts == attempt,
    )


def _heartbeat(job_id: int, attempt: int, progress: int) -> None:
    """Commit progress and renew the lease; LostLease if another run owns the job now."""
    result = db.session.execute(
        update(AssemblyJob)
        .where(_owned(job_id, attempt))
        .values(progress=progress, lease_until=utcnow() + _lease())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        raise LostLease(job_id)


def _store(job_id: int, attempt: int, documents: dict[str, bytes], manifest: dict) -> None:
    """Documents, the job's success and the audit event in one transaction."""
    for _ in range(MAX_STORE_ATTEMPTS):
        try:
            _store_once(job_id, attempt, documents, manifest)
            return
        except IntegrityError:
            db.session.rollback()
            if _has_documents(job_id):
                raise LostLease(job_id) from None
            # Another job of the report took this version number first: take the next one.
    raise RuntimeError(f"没能分配版本号（{MAX_STORE_ATTEMPTS} 次冲突）")


def _store_once(job_id: int, attempt: int, documents: dict[str, bytes], manifest: dict) -> None:
    job = db.session.get(AssemblyJob, job_id)
    # Lock the report row (PostgreSQL) so jobs of one report take version numbers in turn.
    report = db.session.scalars(
        select(Report).where(Report.id == job.report_id).with_for_update()
    ).one()
    version = _next_version(report.id)
    for fmt, content in documents.items():
        db.session.add(
            FinalDocument(
                report_id=report.id,
                job_id=job_id,
                version=version,
                format=fmt,
                draft=job.draft,
                content=content,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                manifest=manifest,
                requested_by_id=job.requested_by_id,
            )
        )
    db.session.flush()
    finished = db.session.execute(
        update(AssemblyJob)
        .where(_owned(job_id, attempt))
        .values(state=JobState.SUCCEEDED, progress=100, finished_at=utcnow(), lease_until=None)
        .execution_options(synchronize_session=False)
    )
    if finished.rowcount != 1:
        db.session.rollback()
        raise LostLease(job_id)
    if not job.draft:
        if report.status == ReportStatus.SIGNED_OFF:
            report.status = ReportStatus.FINAL
        requester = db.session.get(User, job.requested_by_id) if job.requested_by_id else None
        notifications.on_report_event(report, "final_ready", requester)
    hashes = {fmt: hashlib.sha256(content).hexdigest() for fmt, content in documents.items()}
    audit.record(
        None,
        "assembly.succeed",
        "assembly_job",
        job_id,
        report_id=report.id,
        version=version,
        draft=job.draft,
        documents=hashes,
    )
    db.session.commit()


def _next_version(report_id: int) -> int:
    latest = db.session.scalar(
        select(func.max(FinalDocument.version)).where(FinalDocument.report_id == report_id)
    )
    return (latest or 0) + 1


def _has_documents(job_id: int) -> bool:
    return (
        db.session.scalar(select(FinalDocument.id).where(FinalDocument.job_id == job_id).limit(1))
        is not None
    )


def _fail(job_id: int, attempt: int, message: str) -> None:
    db.session.rollback()
    result = db.session.execute(
        update(AssemblyJob)
        .where(_owned(job_id, attempt))
        .values(state=JobState.FAILED, error=message[:2000], finished_at=utcnow(), lease_until=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        audit.record(None, "assembly.fail", "assembly_job", job_id, error=message[:500])
    db.session.commit()


def _release(job_id: int, attempt: int) -> None:
    """Back to queued so a retry can claim it at once; if the database is down, the lease
    simply expires and the sweep re-sends the job."""
    try:
        db.session.rollback()
        db.session.execute(
            update(AssemblyJob)
            .where(_owned(job_id, attempt))
            .values(state=JobState.QUEUED, lease_until=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    except OperationalError:
        db.session.rollback()
        log.warning("assembly job %s: could not release the lease", job_id)


def _state_of(job_id: int) -> str:
    state = db.session.scalar(select(AssemblyJob.state).where(AssemblyJob.id == job_id))
    if state is None:
        raise NotFound(f"没有这个生成任务：{job_id}", code="job_not_found", job_id=job_id)
    return state
