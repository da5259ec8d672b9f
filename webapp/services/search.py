"""Search: the sections and report titles a user may read that contain every word asked for,
best first, each with a highlighted snippet and a link."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import Select, and_, column, func, literal_column, or_, select, table, text

from webapp.extensions import db
from webapp.models import Report, Revision, SearchEntry, Section, User
from webapp.models.search import PG_TSVECTOR_COLUMN, SQLITE_FTS_TABLE
from webapp.services import policy
from webapp.services.errors import InvalidInput
from webapp.text.search_text import (
    fts5_match,
    highlight,
    marked_terms,
    query_terms,
    snippet,
    tsquery,
)

MAX_RESULTS = 50
MAX_QUERY_CHARS = 200
# PostgreSQL: the stored tsvector of migration 0008 (GIN-indexed), queried in the same
# `simple` configuration it was built with.
_SIMPLE = literal_column("'simple'::regconfig")
_DOCUMENT = literal_column(f"search_entry.{PG_TSVECTOR_COLUMN}")
_FTS = table(SQLITE_FTS_TABLE, column("rowid"), column("rank"))


@dataclass(frozen=True)
class SearchHit:
    """A matching section (or, `section_id` None, a report's title); `snippet` is escaped."""

    report_id: int
    report_title: str
    section_id: int | None
    heading: str
    snippet: Markup
    terms: tuple[str, ...]

    @property
    def report_title_html(self) -> Markup:
        return highlight(self.report_title, self.terms)

    @property
    def heading_html(self) -> Markup:
        return highlight(self.heading, self.terms)

    @property
    def url(self) -> str:
        if self.section_id is None:
            return f"/reports/{self.report_id}"
        return f"/sections/{self.section_id}"


def search(query: str, actor: User, limit: int = MAX_RESULTS) -> list[SearchHit]:
    """Hits for `query` among what `actor` may read (policy.readable_report_ids)."""
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(
            f"搜索词不能超过 {MAX_QUERY_CHARS} 字",
            code="search_query_too_long",
            limit=MAX_QUERY_CHARS,
        )
    terms = query_terms(query)
    if not terms:
        raise InvalidInput("请输入要搜索的词（汉字、字母或数字）", code="search_query_empty")
    statement = _matching(terms).limit(limit)
    readable = policy.readable_report_ids(actor)
    if readable is not None:
        statement = statement.where(SearchEntry.report_id.in_(readable))
    marked = marked_terms(query)
    return [_hit(row, marked) for row in db.session.execute(statement)]


def _matching(terms: list[str]) -> Select:
    base = (
        select(
            SearchEntry.report_id,
            Report.title,
            SearchEntry.section_id,
            Section.heading,
            Revision.body,
        )
        .join(Report, Report.id == SearchEntry.report_id)
        .outerjoin(Section, Section.id == SearchEntry.section_id)
        .outerjoin(
            Revision,
            and_(Revision.section_id == Section.id, Revision.number == Section.head_revision),
        )
        .where(or_(SearchEntry.section_id.is_(None), Section.archived_at.is_(None)))
    )
    if db.engine.dialect.name == "postgresql":
        wanted = func.to_tsquery(_SIMPLE, tsquery(terms))
        return base.where(_DOCUMENT.op("@@")(wanted)).order_by(
            func.ts_rank(_DOCUMENT, wanted).desc(), SearchEntry.id
        )
    match = fts5_match(terms)
    return (
        base.join(_FTS, _FTS.c.rowid == SearchEntry.id)
        .where(text(f"{SQLITE_FTS_TABLE} MATCH :match").bindparams(match=match))
        .order_by(_FTS.c.rank, SearchEntry.id)
    )


def _hit(row, terms: list[str]) -> SearchHit:
    report_id, title, section_id, heading, body = row
    if section_id is None:
        return SearchHit(report_id, title, None, title, Markup(""), tuple(terms))
    return SearchHit(
        report_id, title, section_id, heading, snippet(body or "", terms), tuple(terms)
    )
