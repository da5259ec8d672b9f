"""Final documents: job status, the versions of a report, downloads and hash verification."""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import IO
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import defer

from webapp.documents.model import DRAFT_MARK
from webapp.extensions import db
from webapp.models import AssemblyJob, FinalDocument, JobState, Report, User
from webapp.services import assembly, policy, reports
from webapp.services.errors import Forbidden, InvalidInput, NotFound

MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]+')
MAX_FILE_TITLE_CHARS = 80
HASH_CHUNK_BYTES = 1 << 16
# Versions listed on the report page; the documents page lists them all.
PANEL_VERSIONS = 3


@dataclass(frozen=True)
class JobStatus:
    job: AssemblyJob
    documents: list[FinalDocument]

    @property
    def is_done(self) -> bool:
        return self.job.state in (JobState.SUCCEEDED, JobState.FAILED)


def job_status(job_id: int, actor: User) -> JobStatus:
    """The job as it stands in the database now (not as this session last saw it)."""
    job = db.session.get(AssemblyJob, job_id, populate_existing=True)
    if job is None:
        raise NotFound(f"没有这个生成任务：{job_id}", code="job_not_found", job_id=job_id)
    reports.get_report(job.report_id, actor)
    documents = db.session.scalars(
        select(FinalDocument)
        .options(defer(FinalDocument.content))
        .where(FinalDocument.job_id == job_id)
        .order_by(FinalDocument.id)
    ).all()
    return JobStatus(job, list(documents))


class WaitTimedOut(InvalidInput):
    """The job did not finish within the time the caller was willing to wait."""


def wait_for(job_id: int, actor: User, timeout_s: float, poll_s: float = 0.5) -> JobStatus:
    """Poll the job row until it succeeded or failed; WaitTimedOut says how far it got."""
    deadline = time.monotonic() + timeout_s
    while True:
        db.session.rollback()  # end the read transaction so the next poll sees new commits
        status = job_status(job_id, actor)
        if status.is_done:
            return status
        if time.monotonic() >= deadline:
            raise WaitTimedOut(_timeout_message(status.job, timeout_s))
        time.sleep(poll_s)


def _timeout_message(job: AssemblyJob, timeout_s: float) -> str:
    if job.state == JobState.QUEUED:
        return (
            f"等待 {timeout_s:g} 秒后任务 {job.id} 仍在排队，没有工作进程接手"
            "（是否已运行 `tonggao worker`？也可以改用 --inline）"
        )
    return f"等待 {timeout_s:g} 秒后任务 {job.id} 仍在进行（进度 {job.progress}%）"


@dataclass(frozen=True)
class Version:
    """One assembled version of a report: its documents (one per format) and manifest."""

    number: int
    draft: bool
    created_at: datetime
    requested_by: str
    documents: list[FinalDocument]
    manifest: list[ManifestEntry]


@dataclass(frozen=True)
class ManifestEntry:
    section_id: int
    label: str
    revision: int
    sha256: str


def documents_for(report_id: int, actor: User) -> list[Version]:
    """Every version of the report, newest first, without loading the files' bytes."""
    report = reports.get_report(report_id, actor)
    if not policy.can_download(actor, report):
        raise Forbidden("无权查看这个报告的文档", code="documents_not_readable")
    documents = db.session.scalars(
        select(FinalDocument)
        .options(defer(FinalDocument.content))
        .where(FinalDocument.report_id == report.id)
        .order_by(FinalDocument.version.desc(), FinalDocument.id)
    ).all()
    labels = assembly.section_labels(assembly.headings_only(report.id))
    by_version: dict[int, list[FinalDocument]] = defaultdict(list)
    for document in documents:
        by_version[document.version].append(document)
    return [_version(docs, labels) for docs in by_version.values()]


def _version(documents: list[FinalDocument], labels: dict[int, str]) -> Version:
    first = documents[0]
    requester = db.session.get(User, first.requested_by_id) if first.requested_by_id else None
    # Document order (labels are in it); PostgreSQL's JSONB does not keep the keys' order.
    order = {section_id: index for index, section_id in enumerate(labels)}
    manifest = sorted(
        (
            ManifestEntry(
                int(sid), labels.get(int(sid), f"#{sid}"), item["revision"], item["sha256"]
            )
            for sid, item in first.manifest.items()
        ),
        key=lambda entry: order.get(entry.section_id, len(order)),
    )
    return Version(
        number=first.version,
        draft=first.draft,
        created_at=first.created_at,
        requested_by=requester.display_name if requester else "",
        documents=documents,
        manifest=manifest,
    )


def document_for_download(document_id: int, actor: User) -> FinalDocument:
    document = db.session.get(FinalDocument, document_id)
    if document is None:
        raise NotFound(
            f"没有这个文档：{document_id}", code="document_not_found", document_id=document_id
        )
    report = db.session.get(Report, document.report_id)
    if not policy.can_download(actor, report):
        raise Forbidden("无权下载这个文档", code="download_forbidden")
    return document


def file_name(title: str, document: FinalDocument) -> str:
    """The Chinese file name: 某局2026年工作总结-v3.docx, or …-征求意见稿-v3.docx for drafts."""
    mark = f"-{DRAFT_MARK}" if document.draft else ""
    return f"{safe_file_title(title)}{mark}-v{document.version}.{document.format}"


def safe_file_title(title: str) -> str:
    """A title as part of a file name: no path separators, controls or spaces, not too long."""
    safe = _UNSAFE_FILE_CHARS.sub("_", title).strip("._")[:MAX_FILE_TITLE_CHARS]
    return safe or "report"


def content_disposition(name: str, ascii_name: str) -> str:
    """An attachment's Chinese name (RFC 6266/5987 filename*) with an ASCII fallback."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def ascii_file_name(document: FinalDocument) -> str:
    """The fallback name for clients that ignore RFC 5987's filename*."""
    mark = "-draft" if document.draft else ""
    return f"report-{document.report_id}{mark}-v{document.version}.{document.format}"


@dataclass(frozen=True)
class UploadCheck:
    sha256: str
    matches: list[FinalDocument]


def verify_upload(report_id: int, actor: User, stream: IO[bytes]) -> UploadCheck:
    """Which version and format of this report a file is, by its sha256 (none: not ours)."""
    report = reports.get_report(report_id, actor)
    if not policy.can_download(actor, report):
        raise Forbidden("无权查看这个报告的文档", code="documents_not_readable")
    digest = _sha256_of(stream)
    matches = db.session.scalars(
        select(FinalDocument)
        .options(defer(FinalDocument.content))
        .where(FinalDocument.report_id == report.id, FinalDocument.sha256 == digest)
        .order_by(FinalDocument.version)
    ).all()
    return UploadCheck(digest, list(matches))


def _sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(HASH_CHUNK_BYTES), b""):
        digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Panel:
    """What the report page shows about assembly: buttons, the latest job, recent versions."""

    can_request_final: bool
    can_edit_details: bool
    latest_job: JobStatus | None
    versions: list[Version]


def panel(report: Report, actor: User) -> Panel:
    latest_id = db.session.scalar(
        select(AssemblyJob.id)
        .where(AssemblyJob.report_id == report.id)
        .order_by(AssemblyJob.id.desc())
        .limit(1)
    )
    return Panel(
        can_request_final=policy.can_request_assembly(actor),
        can_edit_details=policy.can_edit_report_details(actor),
        latest_job=job_status(latest_id, actor) if latest_id else None,
        versions=(
            documents_for(report.id, actor)[:PANEL_VERSIONS]
            if policy.can_download(actor, report)
            else []
        ),
    )
