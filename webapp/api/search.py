"""Search endpoint: report titles, headings and section text the caller may read."""

from __future__ import annotations

from typing import Annotated

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Query, operation, responses
from webapp.services import search
from webapp.text.search_text import query_terms


class SearchQuery(Query):
    q: Annotated[str, Field(min_length=1, max_length=search.MAX_QUERY_CHARS)]


class SearchResult(BaseModel):
    report_id: int
    report_title: str
    section_id: int | None = Field(description="null: the report's title matched")
    heading: str
    snippet_html: str = Field(description="escaped text around the first hit, hits in <mark>")
    url: str


class SearchResults(BaseModel):
    query: str
    terms: list[str] = Field(description="the words searched for (jieba)")
    results: list[SearchResult]


@bp.get("/search")
@operation(query=SearchQuery, resp=responses(HTTP_200=SearchResults), tags=["search"])
def search_reports(query: SearchQuery):
    """Every word of `q` (tokenised with jieba), best matches first, at most 50."""
    hits = search.search(query.q, current_user)
    return SearchResults(
        query=query.q,
        terms=query_terms(query.q),
        results=[
            SearchResult(
                report_id=hit.report_id,
                report_title=hit.report_title,
                section_id=hit.section_id,
                heading=hit.heading,
                snippet_html=str(hit.snippet),
                url=hit.url,
            )
            for hit in hits
        ],
    )
