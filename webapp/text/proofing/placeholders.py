"""Placeholders nobody filled in: XX亿元, X.X%, ＸＸ, ××月, ○○县, **个."""

from __future__ import annotations

import re
from collections.abc import Iterator

from webapp.text.proofing.finding import CJK, ProofFinding, finding_at, is_cjk
from webapp.text.proofing.numbers import in_chinese_year

CODE = "placeholder"
# “X” runs, with decimals as in “X.X%”; the context check below keeps Latin words out.
_LATIN_X = re.compile(r"[Xx]+(?:[.．][Xx]+)*")
# Full-width Ｘ never occurs in Chinese prose except as a placeholder.
_FULLWIDTH_X = re.compile(r"[Ｘｘ]+(?:[.．][Ｘｘ]+)*")
# ×, ○ and □ runs: two or more are placeholders. A single × next to Chinese and away from
# digits, letters and spaces (“×月×日”) is one too, but “3×4” is a product; a single ○ only
# between Chinese characters (“○ 加强…” is a bullet); a single □ is a check box.
_SYMBOL_RUN = re.compile(r"×+|○+|□+")
_OPERAND = re.compile(r"[0-9A-Za-z０-９\s]")
_ASTERISK_RUN = re.compile(r"[*＊]+(?:[.．][*＊]+)*")
# Words where X is a letter, not a gap: X光, X射线, X线, X轴, X型, X形, X染色体.
_X_WORDS = re.compile(r"光|射线|线|轴|型|形|染色体")
_LETTER = re.compile(r"[A-Za-z]")
_CJK_OR_DIGIT = re.compile(f"[{CJK}0-9０-９]")


def check(text: str) -> Iterator[ProofFinding]:
    """Every placeholder in `text`, as an error."""
    for pattern, is_placeholder in (
        (_LATIN_X, _is_latin_x_placeholder),
        (_FULLWIDTH_X, _always),
        (_SYMBOL_RUN, _is_symbol_placeholder),
        (_ASTERISK_RUN, _is_asterisk_placeholder),
    ):
        for found in pattern.finditer(text):
            if is_placeholder(text, found.start(), found.end()):
                yield _finding(text, found.start(), found.end())


def _finding(text: str, start: int, end: int) -> ProofFinding:
    message = f"占位符“{text[start:end]}”尚未替换为实际内容"
    return finding_at(text, start, end, CODE, "error", message)


def _always(text: str, start: int, end: int) -> bool:
    return True


def _is_latin_x_placeholder(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    # Part of a Latin word (XML, Excel, iPhone X, Model X, X-ray): not a placeholder.
    if _touches_letter(before[::-1]) or _touches_letter(after):
        return False
    if after[:1] == "-" and _LETTER.match(after[1:2]):
        return False
    if end - start == 1:
        # 3x4 or 1920×1080 written with a letter x: a product.
        if before[-1:].isdigit() and after[:1].isdigit():
            return False
        if text[start] == "X" and _X_WORDS.match(text, end):
            return False
    return True


def _touches_letter(neighbours: str) -> bool:
    """The nearest neighbour is a letter, or a single space then a letter (“iPhone X”)."""
    if _LETTER.match(neighbours[:1]):
        return True
    return neighbours[:1] == " " and _LETTER.match(neighbours[1:2]) is not None


def _is_symbol_placeholder(text: str, start: int, end: int) -> bool:
    if _stands_alone(text, start, end):
        return False
    if end - start > 1:
        return True
    before, after = text[start - 1 : start], text[end : end + 1]
    if text[start] == "×":
        is_operand = _OPERAND.match(before) or _OPERAND.match(after)
        return not is_operand and (is_cjk(before) or is_cjk(after))
    if text[start] == "○" and in_chinese_year(text, start):
        return False  # 二○二○年: a zero written with the wrong circle, see numbers.py
    return text[start] == "○" and is_cjk(before) and is_cjk(after)


def _is_asterisk_placeholder(text: str, start: int, end: int) -> bool:
    if _stands_alone(text, start, end):
        return False  # “***” on a line of its own separates, it does not replace a number
    if end - start > 1:
        return True
    # A lone * between Chinese characters or digits (“共*个”, “*亿元”) stands for a number;
    # between two digits it is a product.
    before, after = text[start - 1 : start], text[end : end + 1]
    if before.isdigit() and after.isdigit():
        return False
    return bool(_CJK_OR_DIGIT.match(before) and _CJK_OR_DIGIT.match(after))


def _stands_alone(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip()
