"""Next year's report from this year's: the years a title names, moved one year on.

“2023年工作总结” → “2024年工作总结”, “2022年上半年” → “2023年上半年”, “二〇二二年工作谋划” →
“二〇二三年工作谋划”. A year range (“2021—2025年”, a plan period) stays as it is: next year's
report belongs to the same plan. Headings move only the years their title moves (a part
heading “2021年工作思路”), never history such as “2016年以来”.
"""

from __future__ import annotations

import re
from datetime import date

_CHINESE_DIGITS = "〇一二三四五六七八九"
_YEAR = re.compile(
    r"(?<![\d〇一二三四五六七八九—\-－–~～至到])"
    r"((?:19|20)\d{2}|[一二][〇零][〇零一二三四五六七八九]{2})"
    r"(?=年)(?!年?\s*[—\-－–~～至到]\s*(?:\d|[一二][〇零]))"
)


def title_years(title: str) -> set[int]:
    """The single years (not ranges) a title names, as numbers."""
    return {_value(found.group(1)) for found in _YEAR.finditer(title)}


def next_title(title: str) -> str:
    """The title with every single year it names moved one year on."""
    return shift_years(title, title_years(title))


def shift_years(text: str, years: set[int]) -> str:
    """`text` with each of `years` (written in Arabic digits or with 〇) moved one year on."""

    def move(found: re.Match[str]) -> str:
        numeral = found.group(1)
        value = _value(numeral)
        if value not in years:
            return numeral
        return str(value + 1) if numeral.isdigit() else _chinese(value + 1)

    return _YEAR.sub(move, text)


def next_year_date(day: date | None) -> date | None:
    """The same day a year later; 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _value(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    return int("".join(str(_CHINESE_DIGITS.index("〇" if ch == "零" else ch)) for ch in numeral))


def _chinese(value: int) -> str:
    return "".join(_CHINESE_DIGITS[int(digit)] for digit in str(value))
