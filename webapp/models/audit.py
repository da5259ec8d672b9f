"""Audit aggregate: an append-only, hash-chained event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models.types import JSONType, UTCDateTime, utcnow


class AuditEvent(db.Model):
    """Inserted unsealed (hash NULL) inside the action's transaction, sealed later.

    The chain runs in `seq` order, given at sealing time: ids are handed out at insert, but
    transactions commit in another order, so an id-ordered chain could not take a late commit.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None]
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    seq: Mapped[int | None] = mapped_column(unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), index=True)
