"""Property tests: render → parse gives the same tree, and parse never loses a character."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.text import outline
from webapp.text.nodes import Outline, OutlineNode
from webapp.text.numbering import chinese_numeral

# Drawing a whole report is the slow part; 80 trees per property keep the suite at a few seconds.
TREE_SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TEXT_SETTINGS = settings(max_examples=300, deadline=None)

_VERBS = [
    "加强",
    "完善",
    "推进",
    "深化",
    "持续优化",
    "全力抓好",
    "科学编制",
    "扎实推进",
    "统筹",
    "强化",
]
_OBJECTS = [
    "组织领导",
    "项目建设",
    "营商环境",
    "“放管服”改革",
    "干部队伍建设",
    "价格监测",
    "社会信用体系建设",
    "“十四五”规划",
    "疫情防控和经济社会发展",
    "民生保障",
    "2020年重点项目",
]
_CLAUSES = [
    "全年实现地区生产总值XX亿元",
    "同比增长5.2%",
    "围绕国家政策投向",
    "谋划储备重大项目120个",
    "确保项目早开工、早见效",
    "常常深入企业一线调度",
    "紧紧围绕“六稳”“六保”任务",
    "一是加强领导，二是完善制度",
    "2020年完成投资3.5亿元",
    "认认真真学习贯彻党的十九届五中全会精神",
    "实行“一个项目、一名领导、一套班子”工作机制",
    "审批时限压缩至5个工作日以内",
    "（详见附件1）",
]
# Random Chinese text, to go beyond the phrase book: no sentence-ending marks, no brackets
# or quotes (which could pair with others), no digits (which could form a number).
_FREE_TEXT = st.text(
    alphabet="发展改革项目建设资金企业群众服务政策规划县市省局委、，的了是和",
    min_size=1,
    max_size=12,
)

headings = st.one_of(
    st.builds(lambda v, o: v + o, st.sampled_from(_VERBS), st.sampled_from(_OBJECTS)),
    _FREE_TEXT.filter(lambda s: s[0] not in "、，" and s[-1] not in "、，"),
)
sentences = st.builds(
    lambda clauses, end: "，".join(clauses) + end,
    st.lists(st.one_of(st.sampled_from(_CLAUSES), _FREE_TEXT), min_size=1, max_size=3),
    st.sampled_from(["。", "。", "！", "；"]),
).filter(lambda s: outline.match_number(s) is None)
paragraphs = st.builds("".join, st.lists(sentences, min_size=1, max_size=2))
bodies = st.lists(paragraphs, max_size=2).map("\n".join)
part_headings = st.builds(
    lambda year, what: f"{year}年{what}",
    st.integers(2015, 2030),
    st.sampled_from(["工作计划", "工作思路", "重点任务", "工作总结", "主要工作打算"]),
)
titles = st.builds(
    lambda org, year, kind: f"{org}{year}年{kind}",
    st.sampled_from(["县发展和改革局", "市财政局", "区生态环境局", "某某公司"]),
    st.integers(2015, 2030),
    st.sampled_from(["工作总结", "工作总结和下一年工作思路", "工作要点", "述职报告"]),
)


# Prose items (numbered paragraphs): a first sentence broken by a comma, or one lone sentence.
prose_items = st.one_of(
    st.builds(
        lambda first, rest, more: first + rest + more,
        st.builds(
            lambda clauses, end: "，".join(clauses) + end,
            st.lists(st.sampled_from(_CLAUSES), min_size=2, max_size=3),
            st.sampled_from(["。", "！"]),
        ),
        paragraphs.map(lambda p: "" if outline.first_sentence_end(p) is None else p),
        bodies.map(lambda b: "\n" + b if b else ""),
    ),
    st.builds(lambda v, o: v + o + "。", st.sampled_from(_VERBS), st.sampled_from(_OBJECTS)),
)


@st.composite
def numbered_nodes(draw: st.DrawFn, level: int, depth: int) -> OutlineNode:
    shape = draw(st.sampled_from(["heading", "run_in", "paragraph"]))
    if shape == "paragraph":
        return OutlineNode("numbered", level, "", draw(prose_items), True)
    run_in = shape == "run_in"
    heading = draw(
        headings.filter(lambda h: not outline.has_clause_break(h)) if run_in else headings
    )
    heading += "。" if run_in else ""
    children: tuple[OutlineNode, ...] = ()
    if depth > 0 and level < 4 and draw(st.booleans()):
        child_level = draw(st.integers(level + 1, min(level + 2, 4)))  # levels may be skipped
        children = tuple(
            draw(st.lists(numbered_nodes(child_level, depth - 1), min_size=1, max_size=3))
        )
    body = draw(bodies)
    if run_in and not body and not children:
        # A lone run-in sentence reads back as a numbered paragraph: give it a body.
        body = draw(paragraphs)
    return OutlineNode("numbered", level, heading, body, run_in, children)


@st.composite
def outlines(draw: st.DrawFn) -> Outline:
    top = draw(st.integers(1, 3))
    sections: list[OutlineNode] = []
    if draw(st.booleans()):
        sections.append(OutlineNode("preamble", 0, body=draw(paragraphs)))
    sections += draw(st.lists(numbered_nodes(top, 2), max_size=4))
    # Without numbered sections before them, parts are recognised only as a series (≥ 2).
    part_counts = [0, 1, 2] if _has_numbered(sections) else [0, 2, 3]
    for _ in range(draw(st.sampled_from(part_counts))):
        children = tuple(draw(st.lists(numbered_nodes(top, 1), min_size=1, max_size=3)))
        sections.append(OutlineNode("part", 0, draw(part_headings), draw(bodies), False, children))
    return Outline(draw(titles), tuple(sections))


def _has_numbered(sections: list[OutlineNode]) -> bool:
    return any(node.kind == "numbered" for node in sections)


_STYLES = {
    1: ["{c}、", "{c}．"],
    2: ["（{c}）", "({c})", "（{c}）、"],
    3: ["{n}、", "{n}．", "{n}."],
    4: ["（{n}）", "({n})"],
}
_INDENTS = ["", "  ", "\u3000\u3000", " \u3000", "\t"]


@st.composite
def messy_texts(draw: st.DrawFn, tree: Outline) -> str:
    """`render(tree)` as an office would type it: other number styles, indentation, blank lines."""
    lines = []
    for line in outline.render(tree).split("\n"):
        number = outline.match_number(line)
        if number is not None:
            style = draw(st.sampled_from(_STYLES[number.level]))
            label = style.format(c=chinese_numeral(number.index), n=number.index)
            line = label + line[number.end :]
        lines.append(
            draw(st.sampled_from(_INDENTS)) + line + draw(st.sampled_from(["", " ", "\u3000"]))
        )
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", "\u3000"])))
    return "\n".join(lines)


@TREE_SETTINGS
@given(outlines())
def test_render_then_parse_gives_the_same_tree_and_text(tree: Outline) -> None:
    text = outline.render(tree)
    assert outline.parse(text) == tree
    assert outline.render(outline.parse(text)) == text


@TREE_SETTINGS
@given(st.data())
def test_number_styles_and_whitespace_do_not_change_the_tree(data: st.DataObject) -> None:
    tree = data.draw(outlines())
    assert outline.parse(data.draw(messy_texts(tree))) == tree


# Arbitrary input: Chinese, punctuation that drives the rules, digits, every kind of space.
_ANY_TEXT = st.text(
    alphabet="一二三四五六七八九十年工作项目总结计划的是来源"
    "（）()“”、，。！：；.．1234567890X \u3000\u00a0\t\n",
    max_size=300,
)


@TEXT_SETTINGS
@given(_ANY_TEXT)
def test_parse_keeps_every_character_in_order(text: str) -> None:
    parsed = outline.parse(text)
    kept = "".join((*parsed.dropped, parsed.title, *_texts(parsed.sections)))
    assert "".join(kept.split()) == _letters(text)


def _texts(nodes: tuple[OutlineNode, ...]) -> list[str]:
    return [part for node in nodes for part in (node.heading, node.body, *_texts(node.children))]


def _letters(text: str) -> str:
    """The text without whitespace and without the heading numbers that import regenerates."""
    lines = []
    for line in text.split("\n"):
        number = outline.match_number(line)
        lines.append(line[number.end :] if number is not None else line)
    return "".join("".join(lines).split())
