"""Render a 痕迹稿: the GB/T 9704 DOCX of the newer text whose differences from the older one
are real Word revisions (w:ins, and w:del with w:delText), each carrying an author and a date.

Accept-all in Word gives exactly the newer text and reject-all exactly the older: unchanged
paragraphs are written as they are; a changed paragraph holds a character diff of its styled
segments; a paragraph that exists on one side only is wholly inserted or deleted, its paragraph
mark included (w:pPr/w:rPr/w:ins or w:del), so accepting or rejecting removes it entirely.

The document comes in parts (a section, the title, the closing), each with the mark of the
revision that made its changes; paragraphs are only ever paired within one part.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from webapp.documents import gbt9704
from webapp.documents.model import Block, DocumentSpec
from webapp.text.diff import DELETE, INSERT, diff


@dataclass(frozen=True)
class ChangeMark:
    """Who made a change, and when (shown by Word beside each revision)."""

    author: str
    date: datetime.datetime

    def attributes(self, revision_id: int) -> str:
        stamp = self.date.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f'w:id="{revision_id}" w:author={quoteattr(self.author)} w:date="{stamp}"'


@dataclass(frozen=True)
class RedlinePart:
    """One part of the document on both sides, and the mark of the change between them."""

    old: tuple[Block, ...]
    new: tuple[Block, ...]
    mark: ChangeMark


def render_redline_docx(spec: DocumentSpec, parts: Sequence[RedlinePart]) -> bytes:
    """The 痕迹稿 DOCX; `spec` gives the package's title, draft flag and properties."""
    ids = itertools.count(1)
    paragraphs: list[str] = []
    for part in parts:
        paragraphs.extend(_part_xml(part, ids))
    return gbt9704.package_docx(spec, "".join(paragraphs), gbt9704.DocxCache())


def _part_xml(part: RedlinePart, ids: Iterator[int]) -> Iterator[str]:
    old_closing = gbt9704.closing_properties(list(part.old))
    new_closing = gbt9704.closing_properties(list(part.new))
    yield from _aligned_xml(
        [b for b in part.old if b.kind not in old_closing],
        [b for b in part.new if b.kind not in new_closing],
        {},
        {},
        part.mark,
        ids,
    )
    if old_closing or new_closing:
        # GB/T 9704-2012 §7.3.5.2: one blank line between the body and the 署名.
        yield gbt9704.blank_line_xml()
        old = [b for b in part.old if b.kind in old_closing]
        new = [b for b in part.new if b.kind in new_closing]
        yield from _aligned_xml(old, new, old_closing, new_closing, part.mark, ids)


def _aligned_xml(
    old_blocks: list[Block],
    new_blocks: list[Block],
    old_properties: dict[str, str],
    new_properties: dict[str, str],
    mark: ChangeMark,
    ids: Iterator[int],
) -> Iterator[str]:
    """Paragraphs of both sides aligned (difflib on whole paragraphs), changed ones diffed."""
    matcher = difflib.SequenceMatcher(
        None, [_key(b) for b in old_blocks], [_key(b) for b in new_blocks], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for block in new_blocks[j1:j2]:
                yield gbt9704.block_xml(block, new_properties.get(block.kind, ""))
            continue
        old, new = old_blocks[i1:i2], new_blocks[j1:j2]
        paired = min(len(old), len(new))
        for before, after in zip(old[:paired], new[:paired], strict=True):
            before_properties = old_properties.get(before.kind, "")
            after_properties = new_properties.get(after.kind, "")
            if gbt9704.block_layout(before)[0] == gbt9704.block_layout(after)[0]:
                yield _changed_xml(before, after, after_properties, mark, ids)
            else:
                yield _whole_xml(before, before_properties, "del", mark, ids)
                yield _whole_xml(after, after_properties, "ins", mark, ids)
        for block in old[paired:]:
            yield _whole_xml(block, old_properties.get(block.kind, ""), "del", mark, ids)
        for block in new[paired:]:
            yield _whole_xml(block, new_properties.get(block.kind, ""), "ins", mark, ids)


def _key(block: Block) -> tuple[str, str, str]:
    style, segments = gbt9704.block_layout(block)
    return style, block.kind, "\x00".join(s.text for s in segments)


def _changed_xml(
    before: Block, after: Block, properties: str, mark: ChangeMark, ids: Iterator[int]
) -> str:
    style, new_segments = gbt9704.block_layout(after)
    _, old_segments = gbt9704.block_layout(before)
    if len(old_segments) != len(new_segments):
        old_segments = (gbt9704.Segment("".join(s.text for s in old_segments)),)
        new_segments = (gbt9704.Segment("".join(s.text for s in new_segments)),)
    runs = ""
    for old, new in zip(old_segments, new_segments, strict=True):
        for op, text in diff(old.text, new.text):
            runs += _revision_runs(op, text, new.character_style, mark, ids)
    return gbt9704.paragraph_xml(style, runs, properties)


def _whole_xml(
    block: Block, properties: str, kind: str, mark: ChangeMark, ids: Iterator[int]
) -> str:
    """A paragraph that exists on one side only: its text and its paragraph mark revised."""
    style, segments = gbt9704.block_layout(block)
    op = INSERT if kind == "ins" else DELETE
    runs = "".join(
        _revision_runs(op, s.text, s.character_style, mark, ids) for s in segments if s.text
    )
    mark_xml = f"<w:rPr><w:{kind} {mark.attributes(next(ids))}/></w:rPr>"
    return gbt9704.paragraph_xml(style, runs, properties + mark_xml)


def _revision_runs(op: int, text: str, style: str, mark: ChangeMark, ids: Iterator[int]) -> str:
    if not text:
        return ""
    run = gbt9704.run_xml(text, style)
    if op == INSERT:
        return f"<w:ins {mark.attributes(next(ids))}>{run}</w:ins>"
    if op == DELETE:
        deleted = run.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
        return f"<w:del {mark.attributes(next(ids))}>{deleted}</w:del>"
    return run
