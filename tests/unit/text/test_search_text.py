"""Search words, queries and snippets: pure functions, no database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from webapp.text.search_text import (
    bigrams,
    fts5_match,
    highlight,
    index_tokens,
    marked_terms,
    query_terms,
    snippet,
    tsquery,
)


def test_index_holds_words_subwords_and_bigrams():
    tokens = index_tokens("全年招商引资3.5亿元").split()
    assert {"招商引资", "招商", "引资", "3.5"} <= set(tokens)
    assert "商引" in tokens  # a bigram


def test_a_word_cut_apart_by_its_neighbours_is_still_found_by_its_bigrams():
    tokens = index_tokens("北山乡河长制工作").split()
    assert "河长制" not in tokens
    assert "河长 长制" in " ".join(tokens)


def test_query_terms_drop_punctuation_and_repeats():
    assert query_terms("  学校，学校 ABC！") == ["学校", "abc"]


def test_a_query_part_is_marked_whole_before_its_words():
    assert marked_terms("营商环境 河长制") == ["营商环境", "河长制", "营商", "环境"]
    assert highlight("优化营商环境", marked_terms("营商环境")) == "优化<mark>营商环境</mark>"


def test_match_strings_offer_the_word_or_its_bigram_phrase():
    assert fts5_match(["河长制", "项目"]) == '("河长制" OR "河长 长制") AND ("项目")'
    assert tsquery(["河长制", "it's"]) == "('河长制' | ('河长' <-> '长制')) & ('it''s')"


def test_quotes_are_escaped_in_match_strings():
    assert fts5_match(['a"b']) == '("a""b")'


def test_highlight_escapes_text_and_marks_terms_longest_first():
    marked = highlight("<b>招商引资</b>和招商", ["招商", "招商引资"])
    assert marked == "&lt;b&gt;<mark>招商引资</mark>&lt;/b&gt;和<mark>招商</mark>"


def test_snippet_cuts_around_the_first_hit():
    text = "甲" * 100 + "学校" + "乙" * 100
    cut = snippet(text, ["学校"], context_chars=5)
    assert cut == "…甲甲甲甲甲<mark>学校</mark>乙乙乙乙乙…"


def test_snippet_without_a_hit_starts_at_the_beginning():
    assert snippet("短板仍然明显。\n第二段", ["学校"]) == "短板仍然明显。 第二段"


@given(st.text(max_size=200))
def test_highlight_never_lets_markup_through(text):
    marked = str(highlight(text, query_terms(text)[:3]))
    assert "<" not in marked.replace("<mark>", "").replace("</mark>", "")


@given(st.text(alphabet="河长制北山乡工作学校", min_size=2, max_size=30))
def test_bigrams_cover_every_adjacent_pair(text):
    assert bigrams(text) == [text[i : i + 2] for i in range(len(text) - 1)]
