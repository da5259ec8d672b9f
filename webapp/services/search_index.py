"""The search index: jieba words of report titles and of each section's heading and head body,
written in the caller's transaction (drafting calls `index_section` beside every revision)."""

from __future__ import annotations

from sqlalchemy import and_, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from webapp.extensions import db
from webapp.models import Report, Revision, SearchEntry, Section
from webapp.text.search_text import index_tokens


def index_section(
    section_id: int, body: str, *, report_id: int | None = None, heading: str | None = None
) -> None:
    """Index the section's heading with `body`, its new head text (the caller commits). A
    caller that knows the report and the heading (a save) spares the lookup."""
    if report_id is None or heading is None:
        section = db.session.execute(
            select(Section.report_id, Section.heading).where(Section.id == section_id)
        ).one()
        report_id, heading = section.report_id, section.heading
    _upsert_section(report_id, section_id, heading, body)


def refresh_section(section_id: int) -> None:
    """Re-index a section from its stored head, e.g. after its heading changed."""
    body = db.session.scalar(
        select(Revision.body)
        .join(Section, Section.id == Revision.section_id)
        .where(Revision.section_id == section_id, Revision.number == Section.head_revision)
    )
    index_section(section_id, body or "")


def index_report(report: Report) -> None:
    """Index the report's title and every section's heading and head body (flushed rows)."""
    db.session.execute(
        delete(SearchEntry).where(
            SearchEntry.report_id == report.id, SearchEntry.section_id.is_(None)
        )
    )
    db.session.add(
        SearchEntry(report_id=report.id, section_id=None, tokens=index_tokens(report.title))
    )
    rows = db.session.execute(
        select(Section.id, Section.heading, Revision.body)
        .outerjoin(
            Revision,
            and_(Revision.section_id == Section.id, Revision.number == Section.head_revision),
        )
        .where(Section.report_id == report.id)
    )
    for section_id, heading, body in rows:
        _upsert_section(report.id, section_id, heading, body or "")


def reindex_all() -> int:
    """Rebuild the whole index from the reports and head revisions; returns the entries."""
    db.session.execute(delete(SearchEntry))
    reports = db.session.scalars(select(Report).order_by(Report.id)).all()
    for report in reports:
        index_report(report)
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(SearchEntry))


def _upsert_section(report_id: int, section_id: int, heading: str, body: str) -> None:
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    tokens = index_tokens(f"{heading}\n{body}")
    statement = insert(SearchEntry).values(
        report_id=report_id, section_id=section_id, tokens=tokens
    )
    db.session.execute(
        statement.on_conflict_do_update(index_elements=["section_id"], set_={"tokens": tokens})
    )
