"""The schema comes only from Alembic: upgrade from empty works and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from webapp.extensions import db
from webapp.models.search import is_model_table

# The newest Alembic revision: a new migration moves it.
HEAD_REVISION = "0008"

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
    "suggestion",
    "search_entry",
    "chase",
}


def test_upgrade_from_empty_creates_every_aggregate_table(app):
    tables = set(inspect(db.engine).get_table_names())
    assert tables >= EXPECTED_TABLES
    assert "alembic_version" in tables


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": is_model_table})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_second_upgrade_is_a_no_op(app):
    with db.engine.connect() as connection:
        before = MigrationContext.configure(connection).get_current_heads()
    upgrade()
    with db.engine.connect() as connection:
        after = MigrationContext.configure(connection).get_current_heads()
    assert before == after == (HEAD_REVISION,)


def test_upgrade_from_the_first_revision_keeps_rows(app):
    """An existing database at 0001 upgrades with its rows intact and the new defaults set."""
    from flask_migrate import downgrade

    downgrade(revision="0001")
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO report (title, kind, status, created_at, updated_at) "
            "VALUES ('旧报告', '工作总结', 'drafting', '2026-01-01', '2026-01-01')"
        )
    upgrade()
    with db.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT title, issuer, doc_number FROM report WHERE title = '旧报告'"
        ).one()
    assert tuple(row) == ("旧报告", "", "")
