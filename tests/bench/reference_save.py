"""The reference for the save benchmark: the least a save must do, in plain Flask and
SQLAlchemy Core — look up the bearer token, compare-and-set the section's head, insert the
revision and an audit row, commit. No validation library, no ORM, no merge, no audit chain.

Run by tests/bench/test_save_bench.py under the same gunicorn settings as the app:
`gunicorn --pythonpath tests/bench reference_save:app` with TONGGAO_DATABASE_URL set."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime

from flask import Flask, request
from sqlalchemy import create_engine, text

engine = create_engine(
    os.environ["TONGGAO_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1),
    pool_size=8,
)
app = Flask(__name__)

_TOKEN = text(
    "SELECT u.id, u.department_id FROM api_token t JOIN user_account u ON u.id = t.user_id "
    "WHERE t.token_sha256 = :digest AND t.revoked_at IS NULL AND u.active"
)
_CLAIM = text(
    "UPDATE section SET head_revision = :number, head_sha256 = :sha, updated_at = :now "
    "WHERE id = :section AND head_revision = :base AND department_id = :department "
    "RETURNING id"
)
_REVISION = text(
    "INSERT INTO revision (section_id, number, body, sha256, base_number, author_id, message, "
    "merged, created_at) VALUES (:section, :number, :body, :sha, :base, :author, '', false, :now)"
)
_AUDIT = text(
    "INSERT INTO audit_event (created_at, actor_id, action, object_type, object_id, payload) "
    "VALUES (:now, :author, 'revision.save', 'section', :section, CAST(:payload AS jsonb))"
)


@app.post("/api/v1/sections/<int:section_id>/revisions")
def save(section_id: int):
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    data = request.get_json()
    base, body = data["base_revision"], data["body"]
    sha = hashlib.sha256(body.encode()).hexdigest()
    now = datetime.now(UTC)
    with engine.begin() as connection:
        digest = hashlib.sha256(token.encode()).hexdigest()
        user = connection.execute(_TOKEN, {"digest": digest}).first()
        if user is None:
            return {"error": "unauthenticated"}, 401
        claimed = connection.execute(
            _CLAIM,
            {
                "number": base + 1,
                "sha": sha,
                "now": now,
                "section": section_id,
                "base": base,
                "department": user.department_id,
            },
        ).first()
        if claimed is None:
            return {"error": "conflict"}, 409
        values = {
            "section": section_id,
            "number": base + 1,
            "body": body,
            "sha": sha,
            "base": base,
            "author": user.id,
            "now": now,
        }
        connection.execute(_REVISION, values)
        payload = json.dumps({"revision": base + 1, "base": base, "sha256": sha, "merged": False})
        connection.execute(_AUDIT, {**values, "payload": payload})
    return {"revision": base + 1, "merged": False, "created": True}, 201
