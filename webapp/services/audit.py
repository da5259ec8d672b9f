"""The audit trail: record events in the caller's transaction, seal and verify the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, text

from webapp.extensions import db
from webapp.models import AuditEvent, User
from webapp.models.types import utcnow
from webapp.services import audit_checkpoint
from webapp.services.audit_checkpoint import Checkpoint

GENESIS_HASH = "0" * 64
# Any constant: PostgreSQL advisory lock key that serialises sealers (not savers).
_SEAL_LOCK_KEY = 0x746F6E67


_INSERT_EVENT = insert(AuditEvent.__table__)


def record(
    actor: User | None, action: str, object_type: str, object_id: int | None, **payload: Any
) -> int:
    """Append an unsealed event to the current transaction (the caller commits); its id. A Core
    insert: nothing reads the row back, so the ORM's unit of work would only cost time."""
    result = db.session.execute(
        _INSERT_EVENT,
        {
            "created_at": utcnow(),
            "actor_id": actor.id if actor else None,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "payload": payload,
        },
    )
    return result.inserted_primary_key[0]


def event_hash(event: AuditEvent, prev_hash: str) -> str:
    """sha256 over the previous hash and this row's canonical content (including its place)."""
    content = {
        "seq": event.seq,
        "id": event.id,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "payload": event.payload,
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def seal() -> int:
    """Hash every unsealed event onto the chain, in id order, under one lock. Returns the count."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SEAL_LOCK_KEY})
    last = db.session.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.seq.is_not(None))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    pending = db.session.scalars(
        select(AuditEvent).where(AuditEvent.seq.is_(None)).order_by(AuditEvent.id)
    ).all()
    for event in pending:
        seq += 1
        event.seq = seq
        event.prev_hash = prev_hash
        event.hash = prev_hash = event_hash(event, prev_hash)
    db.session.commit()
    if seq:
        audit_checkpoint.advance(Checkpoint(seq, prev_hash), _hash_at)
    return len(pending)


def _hash_at(seq: int) -> str | None:
    return db.session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == seq))


@dataclass(frozen=True)
class Verification:
    checked: int
    unsealed: int
    first_bad_id: int | None = None
    problem: str = ""

    @property
    def is_intact(self) -> bool:
        return self.first_bad_id is None and not self.problem


def verify(batch_size: int = 5000) -> Verification:
    """Seal what is pending, walk the chain in seq order recomputing every hash, and compare
    it with the checkpoint kept outside the database."""
    checkpoint = audit_checkpoint.read()
    seal()
    result = _walk(batch_size)
    if result.is_intact and checkpoint is not None:
        return _against_checkpoint(result, checkpoint)
    return result


def _against_checkpoint(result: Verification, checkpoint: Checkpoint) -> Verification:
    if result.checked < checkpoint.seq:
        problem = (
            f"chain is shorter than its checkpoint: {result.checked} sealed events in the "
            f"database, {checkpoint.seq} at the last checkpoint (the newest rows were deleted)"
        )
        return Verification(result.checked, result.unsealed, None, problem)
    if _hash_at(checkpoint.seq) != checkpoint.hash:
        problem = (
            f"chain differs from its checkpoint at event {checkpoint.seq} (rows were rewritten)"
        )
        return Verification(result.checked, result.unsealed, None, problem)
    return result


def _walk(batch_size: int) -> Verification:
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    last_seq = 0
    while True:
        rows = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.seq > last_seq)
            .order_by(AuditEvent.seq)
            .limit(batch_size)
        ).all()
        if not rows:
            break
        for event in rows:
            problem = _check(event, expected_seq, prev_hash)
            if problem:
                return Verification(checked, 0, event.id, problem)
            prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
        last_seq = rows[-1].seq
        db.session.expunge_all()
    unsealed = db.session.scalar(select(func.count()).where(AuditEvent.seq.is_(None)))
    return Verification(checked, unsealed or 0)


def _check(event: AuditEvent, expected_seq: int, prev_hash: str) -> str:
    if event.seq != expected_seq:
        return f"sequence gap: expected {expected_seq}, found {event.seq} (a row was deleted)"
    if event.prev_hash != prev_hash:
        return "previous hash does not match (a row was deleted or reordered)"
    if event.hash != event_hash(event, prev_hash):
        return "content does not match its hash (the row was edited)"
    return ""
