"""Numbers as offices write them: 58, 1,200, 3.2亿, 五十八, 二〇二二 — read to one value.

Full-width digits are folded to ASCII one character for one character, so offsets into the
folded text are offsets into the original.
"""

from __future__ import annotations

import re

FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"

_DIGIT_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGIT_VALUES |= {"六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
MAGNITUDES = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2}
_YEAR_DIGITS = re.compile(r"(?:[一二]〇[〇一二三四五六七八九]{2}|(?:19|20)\d{2})")


def fold_digits(text: str) -> str:
    """`text` with full-width digits as ASCII; the same length, so offsets carry over."""
    return text.translate(FULL_WIDTH_DIGITS)


def parse_number(numeral: str) -> float | None:
    """The value of an Arabic or Chinese numeral; None when it is not a well-formed number."""
    if numeral[0].isdigit():
        return float(numeral.replace(",", ""))
    return parse_chinese(numeral)


def parse_chinese(numeral: str) -> float | None:
    """五十八 → 58, 一万二千 → 12000, 三百零五 → 305; a run of digits (一二) is no quantity."""
    if all(ch in _DIGIT_VALUES for ch in numeral):
        return float(_DIGIT_VALUES[numeral]) if len(numeral) == 1 else None
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _DIGIT_VALUES:
            if digit is not None and _DIGIT_VALUES[ch] != 0:
                return None  # two digits in a row inside a positional numeral: not a number
            digit = _DIGIT_VALUES[ch] or None
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            total += (section + (digit or 0)) * _LARGE_UNITS[ch]
            section, digit = 0, None
    return float(total + section + (digit or 0))


def year_value(numeral: str) -> int | None:
    """A four-digit year written in Arabic digits or with 〇 (二〇二二), else None."""
    if not _YEAR_DIGITS.fullmatch(numeral):
        return None
    if numeral[0].isdigit():
        return int(numeral)
    return int("".join(str(_DIGIT_VALUES[ch]) for ch in numeral))
