"""Value types for a report's section tree, shared by import, storage and rendering."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from webapp.text.numbering import render_number

SectionKind = Literal["part", "numbered", "preamble"]

# Numbering levels, after GB/T 9704-2012 §7.3.3: 一、 (1), （一） (2), 1. (3), （1） (4).
# Parts such as “2019年工作计划” carry no number and sit at level 0.
PART_LEVEL = 0
MAX_LEVEL = 4
# A real tree is at most a part and four numbered levels deep; a posted outline may be hostile
# and nested thousands deep (RecursionError), so reading one stops well before that.
MAX_NESTING = 16
# How a section without a heading (kind "preamble") is named in lists and messages.
PREAMBLE_LABEL = "（前言）"


@dataclass(frozen=True)
class OutlineNode:
    """One section: its heading without the number, its body paragraphs joined by newlines."""

    kind: SectionKind
    level: int
    heading: str = ""
    body: str = ""
    run_in: bool = False
    children: tuple[OutlineNode, ...] = ()


@dataclass(frozen=True)
class Outline:
    """A whole report: the title, the top-level nodes, and the lines dropped before the title."""

    title: str
    sections: tuple[OutlineNode, ...] = ()
    dropped: tuple[str, ...] = field(default=())


def node_to_dict(node: OutlineNode) -> dict:
    return {
        "kind": node.kind,
        "level": node.level,
        "heading": node.heading,
        "body": node.body,
        "run_in": node.run_in,
        "children": [node_to_dict(child) for child in node.children],
    }


def outline_to_dict(outline: Outline) -> dict:
    return {
        "title": outline.title,
        "sections": [node_to_dict(node) for node in outline.sections],
        "dropped": list(outline.dropped),
    }


def node_from_dict(data: dict, nesting: int = 0) -> OutlineNode:
    """The inverse of node_to_dict; raises ValueError on anything that is not such a dict."""
    if nesting >= MAX_NESTING:
        raise ValueError(f"sections nested deeper than {MAX_NESTING}")
    try:
        kind, level = data["kind"], data["level"]
        heading, body, run_in = data["heading"], data["body"], data["run_in"]
        children = tuple(node_from_dict(child, nesting + 1) for child in data["children"])
    except (KeyError, TypeError) as error:
        raise ValueError(f"not an outline node: {error}") from None
    if kind not in ("part", "numbered", "preamble") or not isinstance(level, int):
        raise ValueError(f"bad section kind or level: {kind!r} {level!r}")
    if not (isinstance(heading, str) and isinstance(body, str) and isinstance(run_in, bool)):
        raise ValueError("heading and body must be text")
    if not PART_LEVEL <= level <= MAX_LEVEL:
        raise ValueError(f"level out of range: {level}")
    return OutlineNode(kind, level, heading, body, run_in, children)


def outline_from_dict(data: dict) -> Outline:
    try:
        title, sections, dropped = data["title"], data["sections"], data.get("dropped", [])
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not an outline: {error}") from None
    if not isinstance(title, str) or not isinstance(sections, list):
        raise ValueError("an outline has a title and a list of sections")
    return Outline(title, tuple(node_from_dict(node) for node in sections), tuple(dropped))


def walk(nodes: tuple[OutlineNode, ...]):
    """Every node in document order (pre-order), the order sections are stored in."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def numbered_siblings(nodes: tuple[OutlineNode, ...]) -> Iterator[tuple[OutlineNode, str]]:
    """Sibling nodes with the number a reader sees (一、/（一）/1./（1）, or ""); numbers count
    per level and start again after a part."""
    counters: dict[int, int] = {}
    for node in nodes:
        number = ""
        if node.kind == "part":
            counters.clear()
        elif node.kind == "numbered":
            counters[node.level] = counters.get(node.level, 0) + 1
            number = render_number(node.level, counters[node.level])
        yield node, number


def numbered_walk(nodes: tuple[OutlineNode, ...]) -> Iterator[tuple[OutlineNode, str]]:
    """Every node in document order with its number (see `numbered_siblings`)."""
    for node, number in numbered_siblings(nodes):
        yield node, number
        yield from numbered_walk(node.children)
