"""Quotation marks and brackets that do not pair up: “ ” ‘ ’ 《 》 （ ） 【 】 〈 〉 「 」 『 』,
and 书名号 nested in 书名号.

Balance is judged per paragraph (line): a quotation never spans paragraphs in a report,
except the convention of GB/T 15834-2011 §4.5.3.2 for a quotation of several paragraphs,
where each paragraph opens with “ and only the last one closes — that is not reported.
A title inside a title takes the single marks (§4.15.3): 《关于〈条例〉的说明》.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from webapp.text.outline import EDGE_SPACE
from webapp.text.proofing.finding import ProofFinding, finding_at, line_spans

CODE = "unbalanced-bracket"
NESTED_CODE = "nested-title-marks"
CLOSER_FOR = {
    "“": "”",
    "‘": "’",
    "《": "》",
    "（": "）",
    "【": "】",
    "〈": "〉",
    "「": "」",
    "『": "』",
}
OPENER_FOR = {closer: opener for opener, closer in CLOSER_FOR.items()}
_LETTER = re.compile(r"[A-Za-z]")


def check(text: str) -> Iterator[ProofFinding]:
    """Every opening mark without its closing mark and every closing mark without an opening."""
    spans = line_spans(text)
    for i, (start, end) in enumerate(spans):
        next_line = _next_content_line(text, spans, i)
        for offset, mark in _unmatched(text[start:end]):
            if mark == "“" and _continues_quotation(text[start:end], offset, next_line):
                continue
            yield _finding(text, start + offset, mark)
        for inner_start, inner_end in _nested_titles(text[start:end]):
            yield _nested(text, start + inner_start, start + inner_end)


def _nested_titles(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every 《…》 directly inside another 《…》 of the line (inside 〈…〉 a
    third level takes 《》 again: 《…〈…《…》…〉…》)."""
    opened: list[tuple[int, str]] = []
    for offset, ch in enumerate(line):
        if ch in "《〈":
            opened.append((offset, ch))
        elif ch in "》〉" and opened and opened[-1][1] == OPENER_FOR[ch]:
            inner, _ = opened.pop()
            if ch == "》" and opened and opened[-1][1] == "《":
                yield inner, offset + 1


def _nested(text: str, start: int, end: int) -> ProofFinding:
    fixed = "〈" + text[start + 1 : end - 1] + "〉"
    message = f"书名号内再用书名号应改为单书名号：“{text[start:end]}”应为“{fixed}”"
    return finding_at(text, start, end, NESTED_CODE, "error", message, fixed)


def _unmatched(line: str) -> Iterator[tuple[int, str]]:
    open_marks: list[tuple[int, str]] = []
    for offset, ch in enumerate(line):
        if ch in CLOSER_FOR:
            open_marks.append((offset, ch))
        elif ch in OPENER_FOR:
            if _is_apostrophe(line, offset):
                continue
            wanted = OPENER_FOR[ch]
            if not any(mark == wanted for _, mark in open_marks):
                yield offset, ch
                continue
            # Wrongly nested (“《”》): marks opened inside and not closed are unmatched.
            while open_marks[-1][1] != wanted:
                yield open_marks.pop()
            open_marks.pop()
    yield from open_marks


def _is_apostrophe(line: str, offset: int) -> bool:
    """’ between Latin letters (don’t, O’Neill) is an apostrophe, not a closing quote."""
    return (
        line[offset] == "’"
        and _LETTER.match(line[offset - 1 : offset]) is not None
        and _LETTER.match(line[offset + 1 : offset + 2]) is not None
    )


def _continues_quotation(line: str, offset: int, next_line: str) -> bool:
    starts_line = not line[:offset].strip(EDGE_SPACE)
    return starts_line and next_line.startswith("“")


def _next_content_line(text: str, spans: list[tuple[int, int]], i: int) -> str:
    for start, end in spans[i + 1 :]:
        line = text[start:end].strip(EDGE_SPACE)
        if line:
            return line
    return ""


def _finding(text: str, start: int, mark: str) -> ProofFinding:
    partner = CLOSER_FOR.get(mark) or OPENER_FOR[mark]
    message = f"引号或括号不配对：本段中的 {mark} 缺少对应的 {partner}"
    return finding_at(text, start, start + 1, CODE, "error", message)
