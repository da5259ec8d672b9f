"""Punctuation in Chinese text: half-width marks, full-width digits and letters, doubled marks.

GB/T 15834-2011 prescribes full-width marks in Chinese text; GB/T 15835-2011 prescribes
half-width Arabic digits. A half-width mark is reported only where it touches Chinese
(characters or Chinese punctuation), so decimals (3.5), times (10:30), thousands (1,000),
URLs, e-mail addresses, English phrases and list numbers at a line start stay untouched.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator

from webapp.text.outline import match_number
from webapp.text.proofing.finding import ProofFinding, finding_at, is_chinese_context, line_spans

HALFWIDTH_CODE = "halfwidth-punct"
FULLWIDTH_CODE = "fullwidth-alnum"
REPEATED_CODE = "repeated-punct"

FULLWIDTH_FORM = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
    ".": "。",
}
_HALFWIDTH = re.compile(r"\.{2,}|[,;:?!().]")
_URL_OR_MAIL = re.compile(
    r"(?:https?|ftp)://[!-~]+|www\.[!-~]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
)
# Ｘ/ｘ are left to the placeholder rule so “ＸＸ亿元” is reported once, as a placeholder.
_FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-ＷＹＺａ-ｗｙｚ]+(?:[.．][０-９]+)*")
_SPACES = re.compile(" *")
# Two marks where one belongs: 。。 ，。 ？。 ！， (but ？！ and ！？ are allowed, §4.3.3).
_REPEATED = re.compile(
    r"([，。、；：！？])\1+|[，。、；：]{2,}|[？！][，。、；：]+|[，。、；：]+[？！]"
)


def check(text: str) -> Iterator[ProofFinding]:
    """Half-width punctuation in Chinese, full-width digits and letters, repeated punctuation."""
    yield from _halfwidth(text)
    yield from _fullwidth_alnum(text)
    yield from _repeated(text)


def _halfwidth(text: str) -> Iterator[ProofFinding]:
    skipped = _skipped_spans(text)
    for found in _HALFWIDTH.finditer(text):
        start, end = found.span()
        if _inside(skipped, start) or not _touches_chinese(text, start, end):
            continue
        mark = found.group(0)
        suggestion = "……" if len(mark) > 1 else FULLWIDTH_FORM[mark]
        message = f"中文中使用了半角标点“{mark}”，应为全角“{suggestion}”"
        yield finding_at(text, start, end, HALFWIDTH_CODE, "warning", message, suggestion)


def _touches_chinese(text: str, start: int, end: int) -> bool:
    mark = text[start:end]
    before, after = text[start - 1 : start], text[end : end + 1]
    if before.isdigit() and after.isdigit():
        return False  # 3.5, 10:30, 1,000
    if mark == "(":
        return is_chinese_context(after)
    if mark in (")", "."):
        # “(NDRC)” after Chinese is left alone; “5.项目” is a list number, not a full stop.
        return is_chinese_context(before)
    after_spaces = _SPACES.match(text, end).end()
    return is_chinese_context(before) or is_chinese_context(text[after_spaces : after_spaces + 1])


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Is `offset` inside one of the sorted, non-overlapping `spans`?"""
    i = bisect_right(spans, offset, key=lambda span: span[0]) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _skipped_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses and heading numbers (“1.”, “(一)”) at the start of a line."""
    spans = [found.span() for found in _URL_OR_MAIL.finditer(text)]
    for start, end in line_spans(text):
        number = match_number(text[start:end])
        if number is not None and number.level in (1, 2, 3):
            # 一. 1. and (一) are numbering styles, judged by the numbering rule.
            spans.append((start + number.start, start + number.end))
    return sorted(spans)


def _fullwidth_alnum(text: str) -> Iterator[ProofFinding]:
    for found in _FULLWIDTH_ALNUM.finditer(text):
        written = found.group(0)
        suggestion = unicodedata.normalize("NFKC", written)
        message = f"全角字符“{written}”应使用半角“{suggestion}”"
        yield finding_at(text, *found.span(), FULLWIDTH_CODE, "warning", message, suggestion)


def _repeated(text: str) -> Iterator[ProofFinding]:
    for found in _REPEATED.finditer(text):
        marks = found.group(0)
        message = f"标点“{marks}”重复"
        yield finding_at(
            text, *found.span(), REPEATED_CODE, "error", message, _repeated_suggestion(marks)
        )


def _repeated_suggestion(marks: str) -> str:
    if len(set(marks)) == 1 and marks[0] == "。" and len(marks) >= 3:
        return "……"  # “。。。” is an ellipsis typed with full stops
    for strongest in "？！":
        if strongest in marks:
            return strongest  # “？。”: the question mark ends the sentence
    return marks[-1]  # “，。”: the mark typed last is the one the writer settled on
