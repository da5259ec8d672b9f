"""Value types for a report's section tree, shared by import, storage and rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SectionKind = Literal["part", "numbered", "preamble"]

# Numbering levels, after GB/T 9704-2012 §7.3.3: 一、 (1), （一） (2), 1. (3), （1） (4).
# Parts such as “2019年工作计划” carry no number and sit at level 0.
PART_LEVEL = 0
MAX_LEVEL = 4


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
