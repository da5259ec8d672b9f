"""Search on a realistic corpus: PostgreSQL full text over jieba words (what we ship) against
pg_trgm over the raw text, and SQLite FTS5 against a LIKE scan; plus the cost a save pays to
index its text. Numbers are printed and kept in the benchmark's extra_info, never asserted.

Run: .venv/bin/python -m pytest tests/bench/test_search_bench.py --benchmark-enable \
     -o addopts="" -p no:cacheprovider --import-mode=importlib -s
"""

from __future__ import annotations

import statistics
import time

import pytest
from sqlalchemy import text

from support.big_report import long_outline
from support.search_corpus import varied_outline
from webapp.extensions import db
from webapp.services import reports, search
from webapp.text.search_text import fts5_match, index_tokens, query_terms, tsquery

REPORTS = 15  # 15 × 200 sections = 3,000 sections, about 0.9 million characters
# Rare (a place and a subject), medium (a subject), common (an official phrase), two words.
QUERIES = ("城关镇污水处理", "招商引资", "河长制", "营商环境", "高新区 养老服务", "安全生产")
REPEATS = 20


@pytest.fixture
def corpus(make_user):
    admin = make_user("admin")
    started = time.perf_counter()
    for seed in range(REPORTS):
        reports.create_from_outline(varied_outline(seed), admin)
    seconds = time.perf_counter() - started
    sections = db.session.execute(text("SELECT count(*) FROM section")).scalar_one()
    chars = db.session.execute(text("SELECT sum(length(body)) FROM revision")).scalar_one()
    print(
        f"\ncorpus: {REPORTS} reports, {sections} sections, {chars} characters; "
        f"created and indexed in {seconds:.1f} s"
    )
    return admin


def _median_ms(run) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


@pytest.mark.both_databases
def test_search_latency_on_the_corpus(corpus, backend, benchmark):
    found = {query: len(search.search(query, corpus)) for query in QUERIES}
    assert all(found.values()), found
    for query in QUERIES:
        print(
            f"[{backend}] {query!r}: {found[query]} hits, "
            f"median {_median_ms(lambda q=query: search.search(q, corpus)):.1f} ms"
        )
    benchmark.pedantic(lambda: search.search("营商环境", corpus), rounds=20, iterations=1)


@pytest.mark.postgres
def test_postgres_tsvector_against_trigram(corpus, benchmark):
    """The two options of the issue on the same text; the trigram index is built here only."""
    db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    db.session.execute(
        text(
            "CREATE TEMP TABLE trgm_text AS SELECT s.id, s.heading || E'\\n' || r.body AS body "
            "FROM section s JOIN revision r ON r.section_id = s.id AND r.number = s.head_revision"
        )
    )
    started = time.perf_counter()
    db.session.execute(
        text("CREATE INDEX trgm_text_gin ON trgm_text USING gin (body gin_trgm_ops)")
    )
    trgm_build_s = time.perf_counter() - started
    db.session.execute(text("ANALYZE trgm_text"))
    db.session.execute(text("ANALYZE search_entry"))
    sizes = db.session.execute(
        text(
            "SELECT pg_relation_size('ix_search_entry_tsvector'), pg_relation_size('trgm_text_gin')"
        )
    ).one()
    print(
        f"\nGIN sizes: tsvector over jieba words {sizes[0] // 1024} KiB, "
        f"trigram {sizes[1] // 1024} KiB; trigram index built in {trgm_build_s:.2f} s"
    )

    def by_tsvector(query: str) -> set[int]:
        return set(
            db.session.execute(
                text(
                    "SELECT section_id FROM search_entry WHERE section_id IS NOT NULL AND "
                    "document @@ to_tsquery('simple'::regconfig, :q)"
                ),
                {"q": tsquery(query_terms(query))},
            ).scalars()
        )

    def by_trigram(query: str) -> set[int]:
        words = query_terms(query)  # the same words, each as a substring
        where = " AND ".join(f"body LIKE :w{i}" for i in range(len(words)))
        params = {f"w{i}": f"%{word}%" for i, word in enumerate(words)}
        return set(
            db.session.execute(text(f"SELECT id FROM trgm_text WHERE {where}"), params).scalars()
        )

    for query in QUERIES:
        words, grams = by_tsvector(query), by_trigram(query)
        # Every section holding the words as substrings is found (words or bigram phrases).
        assert grams <= words, query
        plan = (
            db.session.execute(
                text("EXPLAIN SELECT id FROM trgm_text WHERE body LIKE :w"),
                {"w": f"%{query_terms(query)[0]}%"},
            )
            .scalars()
            .first()
        )
        print(
            f"{query!r}: tsvector {len(words)} hits "
            f"{_median_ms(lambda q=query: by_tsvector(q)):.2f} ms | trigram {len(grams)} hits "
            f"{_median_ms(lambda q=query: by_trigram(q)):.2f} ms ({plan.split('  ')[0]})"
        )
    benchmark.pedantic(lambda: by_tsvector("营商环境"), rounds=20, iterations=1)


def test_sqlite_fts5_against_a_like_scan(corpus, benchmark):
    def by_fts(query: str) -> int:
        match = fts5_match(query_terms(query))
        return db.session.execute(
            text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :m"), {"m": match}
        ).scalar_one()

    def by_like(query: str) -> int:
        words = query_terms(query)
        where = " AND ".join(f"body LIKE :w{i}" for i in range(len(words)))
        params = {f"w{i}": f"%{word}%" for i, word in enumerate(words)}
        return db.session.execute(
            text(
                "SELECT count(*) FROM (SELECT s.heading || char(10) || r.body AS body "
                "FROM section s JOIN revision r "
                "ON r.section_id = s.id AND r.number = s.head_revision) AS t "
                f"WHERE {where}"
            ),
            params,
        ).scalar_one()

    print()
    for query in QUERIES:
        print(
            f"[sqlite] {query!r}: FTS5 {by_fts(query)} hits "
            f"{_median_ms(lambda q=query: by_fts(q)):.2f} ms | LIKE scan {by_like(query)} hits "
            f"{_median_ms(lambda q=query: by_like(q)):.2f} ms"
        )
    benchmark.pedantic(lambda: by_fts("营商环境"), rounds=20, iterations=1)


def test_indexing_cost_of_one_save(benchmark):
    """What a save pays for its search words: jieba over a long section (about 3,000 chars)."""
    body = "\n".join(node.body for node in long_outline(chapters=2).sections[0].children) * 10
    index_tokens(body)  # jieba loads its dictionary once per process
    benchmark.pedantic(lambda: index_tokens(body), rounds=20, iterations=1)
    print(
        f"\njieba index words for {len(body)} chars: "
        f"median {_median_ms(lambda: index_tokens(body)):.1f} ms"
    )
