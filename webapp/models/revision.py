"""Revision aggregate: immutable section revisions and per-user draft buffers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.org import User
from webapp.models.types import UTCDateTime, utcnow


class Revision(db.Model):
    """Never updated after insert: number is 1, 2, 3… per section."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("section_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"))
    number: Mapped[int]
    # The heading is part of the text a reader reads (DESIGN "Revision"); None on revisions
    # written before headings were versioned: their heading is the section's at the time.
    heading: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    base_number: Mapped[int | None]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    message: Mapped[str] = mapped_column(String(500), default="")
    merged: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()


class DraftBuffer(db.Model):
    """A user's unsaved (autosaved or conflicting) text for one section."""

    __tablename__ = "draft_buffer"
    __table_args__ = (UniqueConstraint("user_id", "section_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    section_id: Mapped[int] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    base_revision: Mapped[int] = mapped_column(default=0)
    has_conflict: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
