"""Chasing aggregate: each 催办 of a department for a report (rate limit and "last chased")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import UTCDateTime, utcnow


class Chase(db.Model):
    __tablename__ = "chase"
    __table_args__ = (Index("ix_chase_report_department", "report_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    chased_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    chased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
