"""Assembly aggregate: the outbox of assembly jobs and the immutable final documents."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.types import JSONType, UTCDateTime, utcnow


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class AssemblyJob(db.Model):
    __tablename__ = "assembly_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    formats: Mapped[list[str]] = mapped_column(JSONType)
    draft: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    progress: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    documents: Mapped[list[FinalDocument]] = relationship(back_populates="job")


class FinalDocument(db.Model):
    """Immutable output of one job in one format; (job, format) is unique so re-runs are no-ops."""

    __tablename__ = "final_document"
    __table_args__ = (
        UniqueConstraint("job_id", "format"),
        UniqueConstraint("report_id", "version", "format"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("assembly_job.id"))
    version: Mapped[int]
    format: Mapped[str] = mapped_column(String(8))
    draft: Mapped[bool] = mapped_column(default=False)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[dict[str, Any]] = mapped_column(JSONType)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    job: Mapped[AssemblyJob] = relationship(back_populates="documents")
