"""Word/WPS round trip, reading: an edited DOCX back into per-section texts.

Every bookmark ``tg-s-<section id>-r<base revision>`` (docx_bookmarks) maps back to its
section. A bookmark's text is read as it was before the tracked changes inside it (deleted
text kept, inserted text left out): that is the plain edit, and each tracked change
(``w:ins``/``w:del`` with its ``w:author``) is returned separately as a proposed replacement
of a range of that text, so it can become a suggestion instead of a silent edit. Comments
(``w:comment``) come back with the range of that same text they are anchored to. The file is
opened through docx_safety (zip bombs, billion laughs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from webapp.text.docx_bookmarks import BOOKMARK_PATTERN, CUSTOM_PROPERTIES_NS, REPORT_ID_PROPERTY
from webapp.text.docx_safety import UnsafeDocx, parse_xml, safe_parts

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARTS = ("word/document.xml", "word/comments.xml", "docProps/custom.xml")


@dataclass(frozen=True)
class TrackedChange:
    """Replace text[start:end] by `replacement` (a Word revision by `author`)."""

    start: int
    end: int
    replacement: str
    author: str


@dataclass(frozen=True)
class WordComment:
    """A Word comment on text[start:end]."""

    start: int
    end: int
    author: str
    text: str


@dataclass(frozen=True)
class BookmarkedSection:
    section_id: int
    base_revision: int
    text: str
    changes: tuple[TrackedChange, ...] = ()
    comments: tuple[WordComment, ...] = ()


@dataclass(frozen=True)
class UploadedDocx:
    """What an uploaded file holds: sections by bookmark, and everything that maps nowhere."""

    report_id: int | None
    sections: tuple[BookmarkedSection, ...]
    outside: tuple[str, ...] = ()
    unknown_bookmarks: tuple[str, ...] = ()
    unanchored_comments: tuple[str, ...] = ()


def read(data: bytes, max_bytes: int) -> UploadedDocx:
    """The sections, tracked changes and comments of an uploaded DOCX; UnsafeDocx if refused."""
    parts = safe_parts(data, max_bytes, _PARTS)
    if "word/document.xml" not in parts:
        raise UnsafeDocx("不是 Word 文档（缺少 word/document.xml）", "docx_invalid")
    comments = _comment_texts(parts.get("word/comments.xml"))
    walker = _Walker(comments)
    walker.walk(parse_xml(parts["word/document.xml"]))
    return walker.result(_report_id(parts.get("docProps/custom.xml")))


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _comment_texts(content: bytes | None) -> dict[str, tuple[str, str]]:
    """Comment id → (author, text); paragraphs of a comment joined by newlines."""
    if content is None:
        return {}
    found = {}
    for comment in parse_xml(content).iter(_w("comment")):
        paragraphs = ["".join(t.text or "" for t in p.iter(_w("t"))) for p in comment.iter(_w("p"))]
        found[comment.get(_w("id"))] = (comment.get(_w("author"), ""), "\n".join(paragraphs))
    return found


def _report_id(content: bytes | None) -> int | None:
    if content is None:
        return None
    for prop in parse_xml(content).iter(f"{{{CUSTOM_PROPERTIES_NS}}}property"):
        if prop.get("name") == REPORT_ID_PROPERTY:
            value = "".join(prop.itertext()).strip()
            return int(value) if value.isdigit() else None
    return None


@dataclass(eq=False)
class _Builder:
    """One section's text as it was before the tracked changes, and the changes on it."""

    section_id: int
    base_revision: int
    text: list[str] = field(default_factory=list)
    length: int = 0
    changes: list[TrackedChange] = field(default_factory=list)
    comments: list[WordComment] = field(default_factory=list)
    _open: TrackedChange | None = None

    def add(self, text: str, kind: str, author: str) -> None:
        if kind == "normal":
            self._close()
            self._append(text)
            return
        change = self._open
        if change is None or change.author != author:
            self._close()
            change = TrackedChange(self.length, self.length, "", author)
        if kind == "del":
            self._append(text)
            change = TrackedChange(change.start, self.length, change.replacement, author)
        else:
            change = TrackedChange(change.start, change.end, change.replacement + text, author)
        self._open = change

    def _append(self, text: str) -> None:
        self.text.append(text)
        self.length += len(text)

    def _close(self) -> None:
        if self._open is not None:
            self.changes.append(self._open)
            self._open = None

    def build(self) -> BookmarkedSection:
        self._close()
        text = "".join(self.text)
        # A bookmark that ends at the start of the next paragraph takes its break along.
        trimmed = text.rstrip("\n")
        limit = len(trimmed)
        changes = tuple(_clamped(c, limit) for c in self.changes if c.start <= limit)
        comments = tuple(
            WordComment(min(c.start, limit), min(c.end, limit), c.author, c.text)
            for c in self.comments
        )
        return BookmarkedSection(self.section_id, self.base_revision, trimmed, changes, comments)


def _clamped(change: TrackedChange, limit: int) -> TrackedChange:
    return TrackedChange(change.start, min(change.end, limit), change.replacement, change.author)


class _Walker:
    """A document-order walk of the body: which bookmark each character falls into."""

    def __init__(self, comments: dict[str, tuple[str, str]]) -> None:
        self.comments = comments
        self.builders: dict[str, _Builder] = {}
        self.finished: list[_Builder] = []
        self.open_bookmarks: list[tuple[str, _Builder]] = []  # (w:id, builder), innermost last
        self.open_comments: dict[str, tuple[_Builder | None, int]] = {}
        self.outside: list[str] = []
        # This paragraph's text outside every bookmark so far: (text, kind, author).
        self.outside_line: list[tuple[str, str, str]] = []
        self.closing: list[_Builder] = []  # bookmarks that ended in this paragraph
        self.unknown: list[str] = []
        self.unanchored: list[str] = []
        self.change_stack: list[tuple[str, str]] = []  # (kind, author) of enclosing w:ins/w:del

    @property
    def target(self) -> _Builder | None:
        return self.open_bookmarks[-1][1] if self.open_bookmarks else None

    def walk(self, root: etree._Element) -> None:
        body = root.find(_w("body"))
        paragraphs = body.iter(_w("p")) if body is not None else ()
        for paragraph in paragraphs:
            self._paragraph(paragraph)

    def _paragraph(self, paragraph: etree._Element) -> None:
        for event, element in etree.iterwalk(paragraph, events=("start", "end")):
            if element is paragraph:
                continue
            if event == "start":
                self._start(element)
            elif element.tag in (_w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")):
                self.change_stack.pop()
        self._close_bookmarks()
        self._emit("\n", *self._paragraph_mark(paragraph))
        self._end_outside_line()

    def _paragraph_mark(self, paragraph: etree._Element) -> tuple[str, str]:
        """A paragraph break Word tracked as inserted or deleted is a change like any text."""
        mark = paragraph.find(f"{_w('pPr')}/{_w('rPr')}")
        for tag, kind in ((_w("ins"), "ins"), (_w("del"), "del")):
            found = mark.find(tag) if mark is not None else None
            if found is not None:
                return kind, found.get(_w("author"), "")
        return "normal", ""

    def _start(self, element: etree._Element) -> None:
        tag = element.tag
        if tag in (_w("ins"), _w("moveTo")):
            self.change_stack.append(("ins", element.get(_w("author"), "")))
        elif tag in (_w("del"), _w("moveFrom")):
            self.change_stack.append(("del", element.get(_w("author"), "")))
        elif tag in (_w("t"), _w("delText")) and not _in_properties(element):
            self._text(element.text or "")
        elif tag == _w("tab") and not _in_properties(element):
            self._text("\t")
        elif tag in (_w("br"), _w("cr")):
            self._text("\n")
        elif tag == _w("bookmarkStart"):
            self._bookmark_start(element.get(_w("name"), ""), element.get(_w("id")))
        elif tag == _w("bookmarkEnd"):
            self._bookmark_end(element.get(_w("id")))
        elif tag == _w("commentRangeStart"):
            target = self.target
            self.open_comments[element.get(_w("id"))] = (target, target.length if target else 0)
        elif tag == _w("commentRangeEnd"):
            self._comment_end(element.get(_w("id")))

    def _text(self, text: str) -> None:
        kind, author = self.change_stack[-1] if self.change_stack else ("normal", "")
        self._emit(text, kind, author)

    def _emit(self, text: str, kind: str, author: str) -> None:
        target = self.target
        if target is not None:
            target.add(text, kind, author)
        elif text != "\n":
            self.outside_line.append((text, kind, author))

    def _end_outside_line(self) -> None:
        line = "".join(text for text, kind, _ in self.outside_line if kind != "del").strip()
        if line:
            self.outside.append(line)
        self.outside_line = []

    def _bookmark_start(self, name: str, bookmark_id: str | None) -> None:
        match = BOOKMARK_PATTERN.match(name)
        if match is None:
            if name.startswith("tg-"):
                self.unknown.append(name)
            return
        if name in self.builders:
            self._repeated_bookmark(name, bookmark_id)
            return
        builder = _Builder(int(match[1]), int(match[2]))
        self.builders[name] = builder
        self.open_bookmarks.append((bookmark_id or name, builder))
        # Word keeps a bookmark where it was while the paragraph around it is edited: what
        # was typed before its start in the same paragraph belongs to the section too.
        for text, kind, author in self.outside_line:
            builder.add(text, kind, author)
        self.outside_line = []

    def _repeated_bookmark(self, name: str, bookmark_id: str | None) -> None:
        """LibreOffice writes a bookmark over several paragraphs as a start that never ends
        and a second start/end of the same name around the last paragraph: while the first is
        open, the second is the same bookmark. After it closed, a repeat is a copied section,
        and which copy is meant would be a guess."""
        builder = self.builders[name]
        if any(open_builder is builder for _, open_builder in self.open_bookmarks):
            self.open_bookmarks.append((bookmark_id or name, builder))
        else:
            self.unknown.append(name)

    def _bookmark_end(self, bookmark_id: str | None) -> None:
        """The section runs on to the end of this paragraph (text typed after the bookmark's
        end in its last paragraph is still that section's)."""
        ended = next((b for open_id, b in self.open_bookmarks if open_id == bookmark_id), None)
        if ended is not None and ended not in self.closing:
            self.closing.append(ended)

    def _close_bookmarks(self) -> None:
        for ended in self.closing:
            self.open_bookmarks = [(i, b) for i, b in self.open_bookmarks if b is not ended]
            self.finished.append(ended)
        self.closing = []

    def _comment_end(self, comment_id: str | None) -> None:
        author, text = self.comments.get(comment_id, ("", ""))
        target, start = self.open_comments.pop(comment_id, (None, 0))
        if target is None or target is not self.target:
            if text:
                self.unanchored.append(text)
            return
        target.comments.append(WordComment(start, target.length, author, text))

    def result(self, report_id: int | None) -> UploadedDocx:
        for _, builder in self.open_bookmarks:
            if builder not in self.finished:
                self.finished.append(builder)
        return UploadedDocx(
            report_id=report_id,
            sections=tuple(builder.build() for builder in self.finished),
            outside=tuple(self.outside),
            unknown_bookmarks=tuple(self.unknown),
            unanchored_comments=tuple(self.unanchored),
        )


def _in_properties(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag in (_w("rPr"), _w("pPr"))
