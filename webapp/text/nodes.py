"""Value types for a report's section tree, shared by import, storage and rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SectionKind = Literal["part", "numbered", "preamble"]

# Numbering levels, after GB/T 9704-2012 §7.3.3: 一、 (1), （一） (2), 1. (3), （1） (4).
# Parts such as “2019年工作计划” carry no number and sit at level 0.
PART_LEVEL = 0
MAX_LEVEL = 4
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


def node_from_dict(data: dict) -> OutlineNode:
    """The inverse of node_to_dict; raises ValueError on anything that is not such a dict."""
    try:
        kind, level = data["kind"], data["level"]
        heading, body, run_in = data["heading"], data["body"], data["run_in"]
        children = tuple(node_from_dict(child) for child in data["children"])
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
