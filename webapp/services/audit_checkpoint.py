"""The audit chain's anchor outside the database: after every seal, the newest sequence number
and chain hash are written to a file (AUDIT_CHECKPOINT_PATH, default in the instance folder).

Someone who can write to the database can delete the newest rows and the chain still links
up; the checkpoint cannot be rewritten from inside the database, so `verify` then finds the
chain shorter than, or different from, what was sealed. A checkpoint only moves forward, and
never over a chain that no longer contains it (that evidence is kept for `verify`)."""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)
DEFAULT_FILE_NAME = "audit-checkpoint.json"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str


def path() -> Path:
    configured = current_app.config.get("AUDIT_CHECKPOINT_PATH")
    return Path(configured or Path(current_app.config["INSTANCE_PATH"]) / DEFAULT_FILE_NAME)


def read() -> Checkpoint | None:
    try:
        data = json.loads(path().read_text())
        return Checkpoint(int(data["seq"]), str(data["hash"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as error:
        raise CheckpointUnreadable(f"审计检查点文件无法读取：{path()}（{error}）") from None


class CheckpointUnreadable(RuntimeError):
    pass


def advance(new: Checkpoint, hash_at: Callable[[int], str | None]) -> bool:
    """Write `new` if it is past the current checkpoint and the chain still holds the current
    one (`hash_at(seq)` is the database's hash at that place). Serialised by a file lock."""
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = read()
        if current is not None and new.seq <= current.seq:
            return False
        if current is not None and hash_at(current.seq) != current.hash:
            log.error("audit chain no longer contains checkpoint %s; not advancing", current.seq)
            return False
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps({"seq": new.seq, "hash": new.hash}))
        os.replace(temporary, target)
        return True
