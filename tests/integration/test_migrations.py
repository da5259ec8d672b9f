"""The schema comes only from Alembic: upgrade from empty works and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from webapp.extensions import db

EXPECTED_TABLES = {
    "department",
    "user_account",
    "api_token",
    "report",
    "section",
    "section_countersign",
    "notification",
    "revision",
    "draft_buffer",
    "review",
    "comment",
    "audit_event",
    "assembly_job",
    "final_document",
}


def test_upgrade_from_empty_creates_every_aggregate_table(app):
    tables = set(inspect(db.engine).get_table_names())
    assert tables >= EXPECTED_TABLES
    assert "alembic_version" in tables


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_second_upgrade_is_a_no_op(app):
    with db.engine.connect() as connection:
        before = MigrationContext.configure(connection).get_current_heads()
    upgrade()
    with db.engine.connect() as connection:
        after = MigrationContext.configure(connection).get_current_heads()
    assert before == after == ("0001",)
