"""Suggestion aggregate: a proposed replacement of a range of one pinned revision."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.org import User
from webapp.models.types import UTCDateTime, utcnow


class SuggestionState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    OUTDATED = "outdated"


class SuggestionSource(StrEnum):
    REVIEW = "review"
    DOCX = "docx"


class Suggestion(db.Model):
    """Replace [start, end) of revision `revision_number` by `replacement` (start == end inserts,
    an empty replacement deletes). `original` is that range's text, kept for re-anchoring."""

    __tablename__ = "suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE"), index=True
    )
    revision_number: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    original: Mapped[str] = mapped_column(Text, default="")
    replacement: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    source: Mapped[str] = mapped_column(String(16), default=SuggestionSource.REVIEW)
    # The author name a tracked change carried in an uploaded DOCX (w:author).
    word_author: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default=SuggestionState.OPEN, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The revision an accept produced (None when accepting changed nothing).
    resulting_revision: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
