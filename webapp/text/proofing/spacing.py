"""Spaces that do not belong in Chinese text, and characters nobody can see.

Indentation at the start of a line (half-width, full-width or no-break spaces) is layout,
not an error, and so is whitespace at the end of a line; the space after a heading number
(“一、 总体要求”) is left to taste.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from webapp.text.outline import EDGE_SPACE, match_number
from webapp.text.proofing.finding import (
    ProofFinding,
    finding_at,
    is_chinese_context,
    is_cjk,
    line_spans,
)

INVISIBLE_CODE = "invisible-char"
STRAY_SPACE_CODE = "stray-space"
FULLWIDTH_SPACE_CODE = "fullwidth-space"
# Lines this short with a full-width space inside are aligned names (“张　三”) or spaced-out
# captions, where U+3000 is deliberate.
MIN_PROSE_CHARS = 9

_ZERO_WIDTH_NAMES = {
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2060": "零宽不换行空格",
    "\ufeff": "字节顺序标记（BOM）",
}
_ZERO_WIDTH = re.compile("[" + "".join(_ZERO_WIDTH_NAMES) + "]+")
_NBSP = re.compile("\u00a0+")
_SPACES = re.compile(r"[ \t]+")
_IDEOGRAPHIC_SPACES = re.compile("\u3000+")


def check(text: str) -> Iterator[ProofFinding]:
    """Zero-width characters, no-break spaces, and spaces inside Chinese sentences."""
    yield from _zero_width(text)
    for start, end in line_spans(text):
        line = text[start:end]
        body_start = _body_start(line)
        body_end = len(line.rstrip(EDGE_SPACE))
        yield from _nbsp(text, start, line, body_start, body_end)
        yield from _stray_spaces(text, start, line, body_start)
        if len(line[body_start:body_end].replace("\u3000", "")) >= MIN_PROSE_CHARS:
            yield from _ideographic_spaces(text, start, line, body_start, body_end)


def _body_start(line: str) -> int:
    """Where the text proper begins: after indentation and after a heading number's spaces."""
    number = match_number(line)
    start = number.end if number is not None else 0
    return len(line) - len(line[start:].lstrip(EDGE_SPACE))


def _zero_width(text: str) -> Iterator[ProofFinding]:
    for found in _ZERO_WIDTH.finditer(text):
        names = "、".join(dict.fromkeys(_ZERO_WIDTH_NAMES[ch] for ch in found.group(0)))
        message = f"含有不可见字符（{names}），应删除"
        yield finding_at(text, *found.span(), INVISIBLE_CODE, "error", message, "")


def _nbsp(
    text: str, offset: int, line: str, body_start: int, body_end: int
) -> Iterator[ProofFinding]:
    for found in _NBSP.finditer(line, body_start, body_end):
        start, end = found.span()
        between_chinese = is_cjk(line[start - 1 : start]) and is_cjk(line[end : end + 1])
        suggestion = "" if between_chinese else " "
        message = "含有不换行空格（U+00A0），通常是从网页复制带来的"
        yield finding_at(
            text, offset + start, offset + end, INVISIBLE_CODE, "warning", message, suggestion
        )


def _stray_spaces(text: str, offset: int, line: str, body_start: int) -> Iterator[ProofFinding]:
    for found in _SPACES.finditer(line, body_start):
        start, end = found.span()
        if is_chinese_context(line[start - 1 : start]) and is_chinese_context(line[end : end + 1]):
            message = "中文字符之间有多余的空格"
            yield finding_at(
                text, offset + start, offset + end, STRAY_SPACE_CODE, "warning", message, ""
            )


def _ideographic_spaces(
    text: str, offset: int, line: str, body_start: int, body_end: int
) -> Iterator[ProofFinding]:
    for found in _IDEOGRAPHIC_SPACES.finditer(line, body_start, body_end):
        start, end = found.span()
        message = "句中有全角空格（U+3000），只有段首缩进才用全角空格"
        yield finding_at(
            text, offset + start, offset + end, FULLWIDTH_SPACE_CODE, "warning", message, ""
        )
