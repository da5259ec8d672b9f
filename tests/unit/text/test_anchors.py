"""Comment anchors follow later revisions, or are reported orphaned — never silently moved."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from webapp.text.anchors import map_offset, reanchor
from webapp.text.diff import diff

OLD = (
    "全年实现地区生产总值120亿元，同比增长5.2%。固定资产投资完成80亿元。社会消费品零售总额45亿元。"
)


def test_anchor_moves_with_text_inserted_before_it():
    start = OLD.index("固定资产投资")
    new = "据统计，" + OLD
    assert reanchor(OLD, new, start, start + 6) == (start + 4, start + 10)


def test_anchor_survives_an_edit_elsewhere():
    start = OLD.index("社会消费品")
    new = OLD.replace("120亿元", "125亿元")
    span = reanchor(OLD, new, start, start + 5)
    assert span is not None and new[span[0] : span[1]] == "社会消费品"


def test_lightly_edited_quote_is_found_fuzzily():
    start = OLD.index("固定资产投资完成80亿元")
    end = start + len("固定资产投资完成80亿元")
    new = OLD.replace("固定资产投资完成80亿元", "固定资产投资完成82亿元")
    span = reanchor(OLD, new, start, end)
    assert span is not None and new[span[0] : span[1]].startswith("固定资产投资")


def test_deleted_quote_is_orphaned():
    start = OLD.index("固定资产投资完成80亿元。")
    end = start + len("固定资产投资完成80亿元。")
    new = OLD[:start] + OLD[end:]
    assert reanchor(OLD, new, start, end) is None


@given(
    st.text(alphabet="改革发展稳定民生项目资金", min_size=0, max_size=20), st.integers(0, len(OLD))
)
def test_offsets_map_through_an_insertion(prefix: str, offset: int):
    new = prefix + OLD
    assert map_offset(diff(OLD, new), offset) == offset + len(prefix)
