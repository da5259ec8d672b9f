"""Search aggregate: one row of jieba words per report title and per section.

The full-text index over `tokens` lives beside the table and is made by migration 0008 for
each dialect: on PostgreSQL a stored generated column `document` = to_tsvector('simple',
tokens) with a GIN index, on SQLite the FTS5 table `search_fts` (external content, kept in
step by triggers). Neither is in the models, so schema comparisons skip them through
`is_model_table`.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db

SQLITE_FTS_TABLE = "search_fts"
PG_TSVECTOR_INDEX = "ix_search_entry_tsvector"
PG_TSVECTOR_COLUMN = "document"


class SearchEntry(db.Model):
    """`section_id` NULL: the report's title; otherwise the section's heading and head body."""

    __tablename__ = "search_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE"), unique=True
    )
    tokens: Mapped[str] = mapped_column(Text, default="")


def is_model_table(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic `include_name`: leave out the per-dialect full-text index (FTS5's virtual table
    and its shadow tables, the expression GIN index)."""
    if type_ == "table" and name is not None and name.startswith(SQLITE_FTS_TABLE):
        return False
    if type_ == "column" and parent_names.get("table_name") == SearchEntry.__tablename__:
        return name != PG_TSVECTOR_COLUMN
    return not (type_ == "index" and name == PG_TSVECTOR_INDEX)
