"""The hash-chained audit trail: sealing, and verify catching edits, deletions, reordering."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.services import audit, audit_checkpoint


def _events(n: int) -> list[int]:
    for i in range(n):
        audit.record(None, "test.event", "report", i, note=f"第{i}条")
    db.session.commit()
    return list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def test_events_are_inserted_unsealed_and_sealed_in_order(app):
    ids = _events(3)
    assert db.session.scalar(select(AuditEvent.hash).where(AuditEvent.id == ids[0])) is None
    assert audit.seal() == 3
    rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    assert [row.seq for row in rows] == [1, 2, 3]
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert audit.seal() == 0


def test_verify_accepts_an_intact_chain_and_counts_it(app):
    _events(5)
    result = audit.verify()
    assert result.is_intact and result.checked == 5 and result.unsealed == 0


def test_verify_names_an_edited_row(app):
    ids = _events(4)
    audit.seal()
    db.session.execute(
        update(AuditEvent).where(AuditEvent.id == ids[2]).values(payload={"note": "篡改"})
    )
    db.session.commit()
    result = audit.verify()
    assert not result.is_intact and result.first_bad_id == ids[2]
    assert "edited" in result.problem


def test_verify_names_the_row_after_a_deleted_one(app):
    ids = _events(4)
    audit.seal()
    db.session.delete(db.session.get(AuditEvent, ids[1]))
    db.session.commit()
    result = audit.verify()
    assert not result.is_intact and result.first_bad_id == ids[2]


def test_verify_detects_reordered_rows(app):
    ids = _events(4)
    audit.seal()
    first, second = (db.session.get(AuditEvent, i) for i in ids[1:3])
    first_seq, second_seq = first.seq, second.seq
    first.seq = None
    db.session.flush()
    second.seq = first_seq
    db.session.flush()
    first.seq = second_seq
    db.session.commit()
    result = audit.verify()
    assert not result.is_intact and result.first_bad_id in (ids[1], ids[2])


def test_seal_writes_a_checkpoint_outside_the_database(app):
    _events(3)
    audit.seal()
    checkpoint = audit_checkpoint.read()
    last = db.session.scalar(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    assert checkpoint == audit_checkpoint.Checkpoint(3, last.hash)
    assert audit_checkpoint.path().parent == Path(app.config["INSTANCE_PATH"])


def test_deleting_the_newest_rows_fails_verify_against_the_checkpoint(app):
    ids = _events(5)
    audit.seal()
    for event_id in ids[3:]:
        db.session.delete(db.session.get(AuditEvent, event_id))
    db.session.commit()
    result = audit.verify()
    assert not result.is_intact and "shorter" in result.problem


def test_a_rewritten_tail_fails_verify_even_after_new_events(app):
    ids = _events(5)
    audit.seal()
    for event_id in ids[3:]:
        db.session.delete(db.session.get(AuditEvent, event_id))
    db.session.commit()
    _events(4)  # new events take the deleted places (and more) on the chain
    result = audit.verify()
    assert not result.is_intact and "differs" in result.problem


def test_the_checkpoint_path_is_configurable(app, tmp_path):
    app.config["AUDIT_CHECKPOINT_PATH"] = str(tmp_path / "elsewhere" / "anchor.json")
    _events(2)
    audit.seal()
    assert (tmp_path / "elsewhere" / "anchor.json").exists()
    assert audit.verify().is_intact


def test_cli_verify_fails_when_the_chain_is_shorter_than_its_checkpoint(app, runner):
    ids = _events(3)
    audit.seal()
    db.session.delete(db.session.get(AuditEvent, ids[-1]))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "shorter" in result.output
