"""Report aggregate: a report and its tree of sections."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.org import Department, User
from webapp.models.types import UTCDateTime, utcnow

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


class ReportStatus(StrEnum):
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    SIGNED_OFF = "signed_off"
    FINAL = "final"


class SectionStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"


class Report(db.Model):
    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    year: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(32), default="工作总结")
    status: Mapped[str] = mapped_column(String(16), default=ReportStatus.DRAFTING, index=True)
    deadline: Mapped[date | None]
    # GB/T 9704 §7.2.4, §7.3.2, §7.3.5: 发文机关署名, 成文日期 (set at sign-off unless given),
    # 发文字号 and 主送机关 (both optional).
    issuer: Mapped[str] = mapped_column(String(200), default="")
    issue_date: Mapped[date | None]
    doc_number: Mapped[str] = mapped_column(String(100), default="")
    addressee: Mapped[str] = mapped_column(String(300), default="")
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Next year's report links to the one it was copied from.
    previous_report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    # The live tree: archived sections leave it (and the numbering, the tasks, the document).
    sections: Mapped[list[Section]] = relationship(
        back_populates="report",
        order_by="Section.position",
        primaryjoin="and_(Report.id == Section.report_id, Section.archived_at.is_(None))",
        cascade="all, delete-orphan",
    )

    @property
    def is_locked(self) -> bool:
        """Signed off (or final): saves, submissions and structure edits are refused."""
        return self.status in (ReportStatus.SIGNED_OFF, ReportStatus.FINAL)


class Section(db.Model):
    """One node of the report's tree. `head_revision` is the newest revision's number (0: none)."""

    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("report_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("section.id"), index=True)
    # Document order over the whole report (pre-order walk), so one ORDER BY gives the tree.
    position: Mapped[int]
    level: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    heading: Mapped[str] = mapped_column(Text, default="")
    run_in: Mapped[bool] = mapped_column(default=False)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), default=SectionStatus.DRAFT, index=True)
    deadline: Mapped[date | None]
    head_revision: Mapped[int] = mapped_column(default=0)
    # sha256 of the head text, kept beside the number so a save compares texts without a read.
    head_sha256: Mapped[str] = mapped_column(String(64), default=EMPTY_SHA256)
    # Structure, not a task (DESIGN "Structure"): a heading with no body, only children. It
    # needs no draft, submission or approval; kept by the structure and drafting services.
    heading_only: Mapped[bool] = mapped_column(default=False)
    # Archived sections leave the tree and the document; their history stays readable.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A reviewer's claim on a submitted section ("正在审核"): released by a decision or when
    # older than CLAIM_TIMEOUT_MIN (services/claims.py decides which claims still hold).
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    report: Mapped[Report] = relationship(back_populates="sections")
    department: Mapped[Department | None] = relationship(lazy="joined")
    parent: Mapped[Section | None] = relationship(remote_side=[id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])

    @property
    def is_task(self) -> bool:
        """Work someone drafts, submits and gets approved: not structure, not archived."""
        return not self.heading_only and self.archived_at is None


class SectionCountersign(db.Model):
    """会签: a department besides the section's own whose approval the section also needs."""

    __tablename__ = "section_countersign"

    section_id: Mapped[int] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True)


def countersigning_department_ids(report_id: int) -> set[int]:
    """Departments that countersign at least one section of the report (one query)."""
    return set(
        db.session.scalars(
            select(SectionCountersign.department_id)
            .join(Section, Section.id == SectionCountersign.section_id)
            .where(Section.report_id == report_id)
        )
    )


def section_countersign_ids(section_id: int) -> set[int]:
    """Departments that countersign (会签) one section."""
    return set(
        db.session.scalars(
            select(SectionCountersign.department_id).where(
                SectionCountersign.section_id == section_id
            )
        )
    )
