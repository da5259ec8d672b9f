"""The renderers' shared input (DocumentSpec) and its flattening into numbered blocks."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from webapp.text.nodes import OutlineNode, numbered_siblings

BlockKind = Literal[
    "doc_number", "title", "addressee", "part", "heading", "paragraph", "signature", "date"
]
# Section bodies whose cleaned paragraphs are kept between renders.
_PARAGRAPHS_CACHE_SIZE = 20_000
# What a draft copy says on every page and at the top of every format.
DRAFT_MARK = "征求意见稿"

# Whitespace that only indents or pads a paragraph; the layout supplies the indent itself.
_PADDING = " \t\u3000\u00a0\r"
# Characters XML 1.0 cannot carry (C0 controls except tab/newline/CR); they would corrupt a DOCX.
_UNREPRESENTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class DocumentSpec:
    """Everything a renderer needs for one final document."""

    title: str
    sections: tuple[OutlineNode, ...]
    draft: bool = False
    issuer: str = ""
    date_of_issue: datetime.date | None = None
    doc_number: str = ""
    addressee: str = ""


@dataclass(frozen=True)
class Block:
    """One paragraph of the final document, numbered and ready to lay out.

    `text` is the title, part heading, heading (without its number) or paragraph text.
    A run-in heading (“1.标题句。正文”) carries the first body paragraph in `run_in_body`,
    since both share one paragraph.
    """

    kind: BlockKind
    text: str
    level: int = 0
    number: str = ""
    run_in: bool = False
    run_in_body: str = ""


def numbered_blocks(spec: DocumentSpec) -> list[Block]:
    """Flatten the section tree into blocks; numbers restart under each parent and part.

    The 发文字号 (when set) comes first, then the title, then the 主送机关 (when set).
    """
    blocks = front_blocks(spec)
    blocks.extend(_sibling_blocks(spec.sections))
    blocks.extend(closing_blocks(spec))
    return blocks


def front_blocks(spec: DocumentSpec) -> list[Block]:
    """What precedes the body: the 发文字号, the title and the 主送机关."""
    blocks = [Block("doc_number", _clean(spec.doc_number))] if spec.doc_number.strip() else []
    blocks.append(Block("title", _clean_title(spec.title)))
    if spec.addressee.strip():
        blocks.append(Block("addressee", addressee_line(spec.addressee)))
    return blocks


def own_blocks(node: OutlineNode, number: str) -> list[Block]:
    """One node's heading and paragraphs as blocks, without its children."""
    paragraphs = paragraphs_of(node.body)
    blocks = []
    if node.kind == "part":
        blocks.append(Block("part", _clean(node.heading)))
    elif node.kind == "numbered" and node.run_in:
        first = paragraphs.pop(0) if paragraphs else ""
        blocks.append(Block("heading", _clean(node.heading), node.level, number, True, first))
    elif node.kind == "numbered":
        blocks.append(Block("heading", _clean(node.heading), node.level, number))
    blocks.extend(Block("paragraph", text) for text in paragraphs)
    return blocks


def format_date_of_issue(date: datetime.date) -> str:
    """GB/T 9704-2012 §7.3.5.3: Arabic numerals, full year, no leading zeros (2024年3月5日)."""
    return f"{date.year}年{date.month}月{date.day}日"


def addressee_line(addressee: str) -> str:
    """GB/T 9704-2012 §7.3.2: the last addressee is followed by a full-width colon."""
    return _clean(addressee).rstrip("：:") + "："


def paragraphs_of(body: str) -> list[str]:
    """Non-empty paragraphs of a body, stripped of indenting whitespace and control characters."""
    return list(_paragraphs(body))


def clear_caches() -> None:
    """Forget memoised paragraphs (benchmarks measure a cold start with it)."""
    _paragraphs.cache_clear()


@lru_cache(maxsize=_PARAGRAPHS_CACHE_SIZE)
def _paragraphs(body: str) -> tuple[str, ...]:
    # Memoised: a re-assembly after one changed section cleans only that section's body again.
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return tuple(text for text in map(_clean, lines) if text)


def _clean(text: str) -> str:
    """One line: control characters dropped, padding stripped, stray line breaks joined."""
    lines = (_UNREPRESENTABLE.sub("", line).strip(_PADDING) for line in text.split("\n"))
    return "".join(lines)


def _clean_title(title: str) -> str:
    """A title may run over several lines (GB/T 9704-2012 §7.3.1); keep the author's line
    breaks (the DOCX breaks a line that is too long: title.title_lines)."""
    lines = (_clean(line) for line in title.split("\n"))
    return "\n".join(line for line in lines if line)


def _sibling_blocks(nodes: tuple[OutlineNode, ...]) -> Iterator[Block]:
    for node, number in numbered_siblings(nodes):
        yield from _node_blocks(node, number)


def _node_blocks(node: OutlineNode, number: str) -> Iterator[Block]:
    yield from own_blocks(node, number)
    yield from _sibling_blocks(node.children)


def closing_blocks(spec: DocumentSpec) -> list[Block]:
    return list(_closing(spec))


def _closing(spec: DocumentSpec) -> Iterator[Block]:
    # GB/T 9704-2012 §7.3.5: 发文机关署名 above 成文日期 after the body.
    if spec.issuer.strip():
        yield Block("signature", _clean(spec.issuer))
    if spec.date_of_issue is not None:
        yield Block("date", format_date_of_issue(spec.date_of_issue))
