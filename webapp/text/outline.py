"""Import a plain-text report into a section tree (`parse`); write a tree back as text (`render`).

Conventions (see DESIGN.md “Import and outline”):

- The title is the first line that looks like one; source notes and sentences before it
  (“来源：网络整理，仅供参考！”) go to `Outline.dropped`.
- Text between the title and the first heading is one top-level node of kind ``preamble``,
  level 0, heading "".
- A part heading (“2021年工作思路”) is a top-level node of kind ``part``, level 0; the
  paragraphs right after it are its body (the part's preamble); the numbered sections
  after it, whose numbering restarts, are its children.
- Numbered headings are stored without their number. A run-in item (“1、标题句。正文…”)
  keeps its first sentence, final punctuation included, as heading and the rest as body.
- A numbered item that is only prose is a numbered paragraph: heading "", run_in, its text
  the body the drafter edits. Prose is an item whose first sentence has a clause break
  (“（1）新增三级医院1家，二级医院达标率提升至××%。”), or one that is a single sentence with
  nothing after it (“2.完成适龄儿童免疫规划疫苗接种××万剂次。”): a heading announces more.
- Body paragraphs are joined by "\\n". Only numbers and whitespace around lines change;
  every other character of the input survives in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from webapp.text.nodes import PART_LEVEL, Outline, OutlineNode, SectionKind
from webapp.text.numbering import chinese_numeral, render_number

PREAMBLE_LEVEL = 0
TITLE_MAX_CHARS = 60
PART_HEADING_MAX_CHARS = 30
# Disclaimers and source notes seldom take more than a few lines before the title.
MAX_LINES_BEFORE_TITLE = 3
MAX_HEADING_INDEX = 99

# Whitespace offices leave around lines: ASCII (a stray \r included), ideographic (U+3000),
# no-break, BOM, zero-width.
EDGE_SPACE = " \t\r\f\v\u3000\u00a0\ufeff\u200b\u200c\u200d\u2060"
SENTENCE_END = "。！？!?"
# Any of these at the end of a line means prose, never a title or a part heading.
LINE_END_PUNCT = SENTENCE_END + "；;：:，,、…—"
# A first sentence broken by one of these (outside quotes and brackets) is prose, not a title.
CLAUSE_BREAKS = "，,；;：:"
OPENERS = "“‘（(《【「『〈"
CLOSERS = "”’）)》】」』〉"

_CHINESE_DIGITS = "一二三四五六七八九十"
_CHINESE_INDEX = {chinese_numeral(n): n for n in range(1, MAX_HEADING_INDEX + 1)}
# One pattern per level, after GB/T 9704-2012 §7.3.3, with the variants offices type:
# 一、 or 一．; （一） or (一), a stray 、 after the bracket tolerated; 1、 1． 1. (not 1.5,
# but “1.2020年…”: no decimal is followed by a year); （1） or (1).
_NUMBER_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"(?P<n>[{_CHINESE_DIGITS}]+)[、．.]")),
    (2, re.compile(rf"[（(](?P<n>[{_CHINESE_DIGITS}]+)[）)]、?")),
    (3, re.compile(r"(?P<n>\d{1,2})(?:[、．]|\.(?!\d)|\.(?=(?:19|20)\d\d年))")),
    (4, re.compile(r"[（(](?P<n>\d{1,2})[）)]、?")),
)
_SOURCE_NOTE = re.compile(
    r"(?:(?:信息|文章|本文)?来源|作者|(?:责任)?编辑|发布(?:时间|日期)|原标题|(?:免责)?声明)\s*[:：]"
    r"|本文系|本文(?:转载|转自|来自)|转载|转自"
)


@dataclass(frozen=True)
class HeadingNumber:
    """A heading number found at the start of a line, as written there."""

    level: int
    index: int
    start: int  # offset of the number in the line (after leading whitespace)
    end: int  # offset just past the number and its separator
    numeral: str  # the numeral as written: “一”, “12”
    style: str  # the number with its numeral replaced by “#”, e.g. “#、”, “（#）”, “#.”

    @property
    def label(self) -> str:
        """The whole number as written, e.g. “（一）、”."""
        return self.style.replace("#", self.numeral, 1)


def match_number(line: str) -> HeadingNumber | None:
    """The heading number at the start of `line` (leading whitespace ignored), if any."""
    start = len(line) - len(line.lstrip(EDGE_SPACE))
    for level, pattern in _NUMBER_PATTERNS:
        found = pattern.match(line, start)
        if found is None:
            continue
        index = _index_of(found.group("n"))
        if index is None:
            return None
        numeral = found.group("n")
        style = found.group(0).replace(numeral, "#", 1)
        return HeadingNumber(level, index, start, found.end(), numeral, style)
    return None


def _index_of(numeral: str) -> int | None:
    if numeral.isdigit():
        index = int(numeral)
        return index if 1 <= index <= MAX_HEADING_INDEX else None
    return _CHINESE_INDEX.get(numeral)


def ends_with_punct(line: str, chars: str = LINE_END_PUNCT) -> bool:
    """True if the line's last character before closing quotes/brackets is one of `chars`."""
    core = line.rstrip(EDGE_SPACE).rstrip(CLOSERS)
    return bool(core) and core[-1] in chars


def is_part_like(line: str) -> bool:
    """A short line without number or punctuation, like “2021年工作思路”."""
    line = line.strip(EDGE_SPACE)
    return (
        0 < len(line) <= PART_HEADING_MAX_CHARS
        and match_number(line) is None
        and not any(ch in SENTENCE_END for ch in line)
        and not ends_with_punct(line)
    )


def is_source_note(line: str) -> bool:
    """A “来源：…”/“本文系…”/“转载…” line that precedes the title of copied text."""
    return _SOURCE_NOTE.match(line.strip(EDGE_SPACE)) is not None


def content_lines(text: str) -> list[str]:
    """Non-blank lines with surrounding whitespace removed; CRLF and CR end lines like LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = (line.strip(EDGE_SPACE) for line in text.split("\n"))
    return [line for line in stripped if line]


def title_index(lines: Sequence[str]) -> int | None:
    """Where the title is among stripped `lines`, or None if the report starts without one."""
    for i, line in enumerate(lines[: MAX_LINES_BEFORE_TITLE + 1]):
        if match_number(line) is not None:
            return None
        if is_source_note(line) or ends_with_punct(line):
            continue
        return i if len(line) <= TITLE_MAX_CHARS else None
    return None


def find_title(text: str) -> str:
    """The report's title as `parse` would find it, or "" (reads only the first lines)."""
    stripped = (line.strip(EDGE_SPACE) for line in text.split("\n"))
    lines = list(islice((line for line in stripped if line), MAX_LINES_BEFORE_TITLE + 1))
    at = title_index(lines)
    return "" if at is None else lines[at]


def parse(text: str) -> Outline:
    """Parse a plain-text report into its title, section tree and dropped pre-title lines."""
    lines = content_lines(text)
    at = title_index(lines)
    if at is None:
        skip = _count_leading(lines, is_source_note)
        return Outline("", parse_sections(lines[skip:]), tuple(lines[:skip]))
    return Outline(lines[at], parse_sections(lines[at + 1 :]), tuple(lines[:at]))


def _count_leading(lines: Sequence[str], predicate: Callable[[str], bool]) -> int:
    count = 0
    while count < len(lines) and predicate(lines[count]):
        count += 1
    return count


@dataclass
class _Draft:
    """A node while it is being built; frozen into an OutlineNode at the end."""

    kind: SectionKind
    level: int
    heading: str = ""
    run_in: bool = False
    body: list[str] = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)

    def freeze(self) -> OutlineNode:
        children = tuple(child.freeze() for child in self.children)
        if self.run_in and self.heading and not self.body and not children:
            # A lone sentence announces nothing: it is the item's text, not its heading.
            return OutlineNode(self.kind, self.level, "", self.heading, True)
        body = "\n".join(self.body)
        return OutlineNode(self.kind, self.level, self.heading, body, self.run_in, children)


def parse_sections(lines: Iterable[str]) -> tuple[OutlineNode, ...]:
    """The section tree of the lines after the title (preamble, parts, numbered sections)."""
    lines = content_lines("\n".join(lines))
    numbers = [match_number(line) for line in lines]
    parts = _part_indexes(lines, numbers)
    roots: list[_Draft] = []
    # The open path from the current part (if any) down to the innermost numbered section.
    path: list[_Draft] = []
    for i, (line, number) in enumerate(zip(lines, numbers, strict=True)):
        if number is not None:
            node = _numbered(line, number)
            while path and path[-1].kind == "numbered" and path[-1].level >= node.level:
                path.pop()
            (path[-1].children if path else roots).append(node)
            path.append(node)
        elif i in parts:
            path = [_Draft("part", PART_LEVEL, heading=line)]
            roots.append(path[0])
        elif path:
            path[-1].body.append(line)
        else:
            if not roots:
                roots.append(_Draft("preamble", PREAMBLE_LEVEL))
            roots[-1].body.append(line)
    return tuple(node.freeze() for node in roots)


def _numbered(line: str, number: HeadingNumber) -> _Draft:
    rest = line[number.end :].strip(EDGE_SPACE)
    end = first_sentence_end(rest)
    if end is None:
        return _Draft("numbered", number.level, heading=rest)
    heading, body = rest[: end + 1], rest[end + 1 :].strip(EDGE_SPACE)
    if has_clause_break(heading):
        return _Draft("numbered", number.level, run_in=True, body=[rest])
    return _Draft(
        "numbered", number.level, heading=heading, run_in=True, body=[body] if body else []
    )


def first_sentence_end(text: str) -> int | None:
    """Index of the mark ending the first sentence, outside quotes and brackets if possible."""
    depth, first = 0, None
    for i, ch in enumerate(text):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif ch in SENTENCE_END:
            if depth == 0:
                return i
            first = i if first is None else first
    if first is None:
        return None
    # An unbalanced quote swallowed the sentence end: cut there, keeping closers with it.
    while first + 1 < len(text) and text[first + 1] in CLOSERS:
        first += 1
    return first


def has_clause_break(sentence: str) -> bool:
    """True if a comma, semicolon or colon outside quotes and brackets splits the sentence."""
    depth = 0
    for ch in sentence:
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif ch in CLAUSE_BREAKS and depth == 0:
            return True
    return False


def _part_indexes(lines: Sequence[str], numbers: Sequence[HeadingNumber | None]) -> set[int]:
    """Which unnumbered lines are part headings.

    A part-like line is a part if it is the last one before a heading that restarts the
    numbering at the document's top level, or, after the numbered sections have begun, if a
    prose paragraph follows it and no heading comes after (a closing “下一步工作打算”).
    Before the first heading a part-like line could as well be a subtitle (“——在…会议上的
    讲话”), so it counts only if a later part confirms that the report is split into parts.
    """
    numbered = [i for i, number in enumerate(numbers) if number is not None]
    if not numbered:
        return set()
    top = min(numbers[i].level for i in numbered)
    first = numbered[0]
    parts: set[int] = set()
    next_heading: int | None = None
    last_candidate_seen = False  # walking backwards: a later candidate before next_heading
    for i in range(len(lines) - 1, -1, -1):
        if numbers[i] is not None:
            next_heading, last_candidate_seen = i, False
            continue
        if not is_part_like(lines[i]):
            continue
        if next_heading is None:
            if i > first and _is_prose(lines, numbers, i + 1):
                parts.add(i)
        elif not last_candidate_seen:
            heading = numbers[next_heading]
            if heading.level == top and heading.index == 1:
                parts.add(i)
        last_candidate_seen = True
    if not any(i > first for i in parts):
        return set()
    return parts


def _is_prose(lines: Sequence[str], numbers: Sequence[HeadingNumber | None], i: int) -> bool:
    return i < len(lines) and numbers[i] is None and not is_part_like(lines[i])


def render(outline: Outline) -> str:
    """Plain text with generated numbers, in the form `parse` reads back into the same tree."""
    lines = [outline.title] if outline.title else []
    _render_nodes(outline.sections, lines)
    return "\n".join(lines) + "\n" if lines else ""


def _render_nodes(nodes: Iterable[OutlineNode], lines: list[str]) -> None:
    counters: dict[int, int] = {}
    for node in nodes:
        body = node.body.split("\n") if node.body else []
        if node.kind == "numbered":
            counters[node.level] = counters.get(node.level, 0) + 1
            number = render_number(node.level, counters[node.level])
            if node.run_in:
                first = body.pop(0) if body else ""
                lines.append(number + node.heading + first)
            else:
                lines.append(number + node.heading)
        elif node.kind == "part":
            lines.append(node.heading)
        lines.extend(body)
        _render_nodes(node.children, lines)
