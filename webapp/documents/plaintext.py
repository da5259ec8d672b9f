"""Render a DocumentSpec as UTF-8 plain text or Markdown, with the same numbering as the DOCX.

Plain text follows the habit of Chinese .txt reports: the title, a blank line, then one line
per paragraph, headings and body indented by two full-width spaces (part headings, the issuing
body and the date are not), LF line endings and a final newline. A 发文字号 stands on its own
line above the title, a 主送机关 below it.

Markdown maps the title to `#`, part headings to `##` and the four numbering levels to the
next four levels; a run-in item is one paragraph whose number and heading sentence are bold.

A draft copy says so in both, as the DOCX and PDF do: “【征求意见稿】” on the first line.
"""

from __future__ import annotations

import re

from webapp.documents.model import DRAFT_MARK, Block, DocumentSpec, numbered_blocks

INDENT = "\u3000\u3000"  # two full-width spaces: the 2-character first-line indent
DRAFT_LINE = f"【{DRAFT_MARK}】"

# Characters Markdown would read as markup anywhere in a line.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# Line starts Markdown would read as a heading, quote, list item or rule.
_MARKDOWN_LINE_START = re.compile(r"^(#|>|[-+=]|\d+[.)])")
# Closing punctuation stays outside ** so the emphasis still closes before CJK text (CommonMark
# does not end emphasis between punctuation and a letter).
_TRAILING_PUNCTUATION = re.compile(r"[\W_]+$")


def render_txt(spec: DocumentSpec) -> bytes:
    """The report as UTF-8 plain text."""
    lines = [DRAFT_LINE, ""] if spec.draft else []
    closing_started = False
    for block in numbered_blocks(spec):
        if block.kind in ("signature", "date") and not closing_started:
            lines.append("")
            closing_started = True
        if block.kind == "title":
            lines.extend([*block.text.split("\n"), ""])
        else:
            lines.append(_txt_line(block))
    return ("\n".join(lines) + "\n").encode()


def _txt_line(block: Block) -> str:
    if block.kind in ("doc_number", "addressee", "part", "signature", "date"):
        return block.text
    if block.kind == "heading":
        return INDENT + block.number + block.text + block.run_in_body
    return INDENT + block.text


def render_markdown(spec: DocumentSpec) -> bytes:
    """The report as UTF-8 CommonMark."""
    blocks = numbered_blocks(spec)
    has_parts = any(block.kind == "part" for block in blocks)
    heading_offset = 2 if has_parts else 1
    paragraphs = [_markdown_block(block, heading_offset) for block in blocks]
    if spec.draft:
        paragraphs.insert(0, f"**{DRAFT_LINE}**")
    return ("\n\n".join(paragraphs) + "\n").encode()


def _markdown_block(block: Block, heading_offset: int) -> str:
    if block.kind == "title":
        return "# " + _escape_inline(block.text.replace("\n", ""))
    if block.kind == "part":
        return "## " + _escape_inline(block.text)
    if block.kind == "heading" and block.run_in:
        return _run_in_markdown(block)
    if block.kind == "heading":
        marks = "#" * min(block.level + heading_offset, 6)
        return f"{marks} {_escape_inline(block.number + block.text)}"
    return _escape_paragraph(block.text)


def _run_in_markdown(block: Block) -> str:
    heading = block.number + block.text
    punctuation = _TRAILING_PUNCTUATION.search(heading)
    cut = punctuation.start() if punctuation else len(heading)
    if cut == 0:
        return _escape_paragraph(heading + block.run_in_body)
    lead = f"**{_escape_inline(heading[:cut])}**"
    return lead + _escape_inline(heading[cut:] + block.run_in_body)


def _escape_paragraph(text: str) -> str:
    escaped = _escape_inline(text)
    return _MARKDOWN_LINE_START.sub(_escape_line_start, escaped, count=1)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(1)
    return marker[:-1] + "\\" + marker[-1]


def _escape_inline(text: str) -> str:
    return _MARKDOWN_INLINE.sub(r"\\\1", text)
