"""Numbers written against GB/T 15835-2011 (出版物上数字用法).

- number-year-zero: a zero typed as the digit 0, the letter O or the circle ○ (error), or
  as 零 (warning: common, but not the standard's form), inside a year in Chinese numerals:
  二0二一年 → 二〇二一年 (§4.1.2: the zero of a Chinese numeral is “〇”).
- number-range-hyphen (warning): a range of Arabic numbers written with a hyphen,
  3-5个 → 3～5个; ranges of time take the 一字线, 1-3月 → 1—3月 (GB/T 15834-2011 §4.13).
  Year ranges (2018-2019年) are the year rule's; dates (2021-3-5), phone numbers and
  standard numbers (GB/T 15834-2011) are not ranges.
- number-mixed (warning): Arabic and Chinese numerals mixed in one figure, 3千5百 → 3500,
  五十3 → 53, 5千万 → 5000万, 2万3千 → 23000 (§5.1.2). 万 and 亿 as units after Arabic
  numerals are right (3.5万, 12亿), and so are units that begin with 千 or 百 (千瓦, 千米,
  百分点); 1百余 and 3千多 are 100余 and 3000多.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from webapp.text.proofing.finding import ProofFinding, Severity, finding_at

YEAR_ZERO_CODE = "number-year-zero"
RANGE_CODE = "number-range-hyphen"
MIXED_CODE = "number-mixed"

_CHINESE_DIGIT = "一二三四五六七八九"
_ZERO_LOOKALIKES = "0０OoＯｏ○零"
_YEAR = re.compile(
    rf"(?<![{_CHINESE_DIGIT}〇{_ZERO_LOOKALIKES}十])[{_CHINESE_DIGIT}〇{_ZERO_LOOKALIKES}]{{4}}(?=年)"
)
_NUMBER = r"\d+(?:\.\d+)?"
_RANGE = re.compile(
    rf"(?<![A-Za-z0-9_.\-/:－])({_NUMBER})\s*[-－]\s*({_NUMBER})(?![\d.\-－/:])"
    r"(?=\s*(?:%|[个万亿元年月日天时人次家所项名倍周岁米吨户台辆件处条亩平公千克座栋套份]))"
)
_TIME_UNITS = "年月日时"
_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
# A figure that mixes the two: Arabic digits and 十百千 in one number (3千5百, 五十3), or
# Arabic digits with 十百千 before 万/亿 (5千万). Units that begin with 千/百 stay out.
_UNIT_AFTER = "瓦米克伏帕卡焦赫兆分字位姓货强"
_MIXED = re.compile(
    rf"(?<![\d.{_CHINESE_DIGIT}十百千])"
    rf"(?:\d+万(?:\d+[千百十])+\d*"
    rf"|\d+[十百千](?:\d+|[{_CHINESE_DIGIT}])(?:[十百千](?:\d+|[{_CHINESE_DIGIT}])?)*"
    rf"|[{_CHINESE_DIGIT}]?[十百千](?:[{_CHINESE_DIGIT}]?[十百千])*\d+"
    rf"|\d+[十百千](?=[万亿余多]))"
    rf"(?![{_UNIT_AFTER}\d])"
)
_MULTIPLIER = {"十": 10, "百": 100, "千": 1000}


def check(text: str) -> Iterator[ProofFinding]:
    """Zeros in Chinese-numeral years, hyphenated ranges and mixed numerals."""
    yield from _year_zeros(text)
    yield from _ranges(text)
    yield from _mixed(text)


def _year_zeros(text: str) -> Iterator[ProofFinding]:
    for found in _YEAR.finditer(text):
        year = found.group(0)
        if not any(ch in _ZERO_LOOKALIKES for ch in year) or not any(
            ch in _CHINESE_DIGIT for ch in year
        ):
            continue
        fixed = "".join("〇" if ch in _ZERO_LOOKALIKES else ch for ch in year)
        message = f"汉字数字年份“{year}年”中的零应写作“〇”：{fixed}年"
        severity: Severity = "warning" if set(year) & set(_ZERO_LOOKALIKES) == {"零"} else "error"
        yield finding_at(text, *found.span(), YEAR_ZERO_CODE, severity, message, fixed)


def in_chinese_year(text: str, offset: int) -> bool:
    """Is text[offset] part of a year in Chinese numerals (二○二○年)?"""
    window = text[max(0, offset - 3) : offset + 5]
    shift = max(0, offset - 3)
    return any(
        found.start() + shift <= offset < found.end() + shift for found in _YEAR.finditer(window)
    )


def _ranges(text: str) -> Iterator[ProofFinding]:
    for found in _RANGE.finditer(text):
        first, last = found.groups()
        unit = text[found.end() : found.end() + 1]
        if unit == "年" and _YEAR_NUMBER.fullmatch(first) and _YEAR_NUMBER.fullmatch(last):
            continue  # 2018-2019年: year-range-hyphen
        dash = "—" if unit in _TIME_UNITS else "～"
        fixed = f"{first}{dash}{last}"
        message = f"数值范围“{found.group(0)}”不用连字符，应写作“{fixed}”"
        yield finding_at(text, *found.span(), RANGE_CODE, "warning", message, fixed)


def _mixed(text: str) -> Iterator[ProofFinding]:
    for found in _MIXED.finditer(text):
        figure = found.group(0)
        value = mixed_value(figure)
        if value is None:
            continue
        fixed = str(value)
        message = f"同一数值中阿拉伯数字与汉字数字混用“{figure}”，应写作“{fixed}”"
        yield finding_at(text, *found.span(), MIXED_CODE, "warning", message, fixed)


def mixed_value(figure: str) -> int | None:
    """The value of a figure such as 3千5百, 五十3, 3千5 (3500), 5千 or 2万3千; None if
    malformed."""
    if "万" in figure:
        tens_of_thousands, rest = figure.split("万", 1)
        below = _below_ten_thousand(rest)
        if not tens_of_thousands.isdigit() or below is None:
            return None
        return int(tens_of_thousands) * 10_000 + below
    return _below_ten_thousand(figure)


def _below_ten_thousand(figure: str) -> int | None:
    total, pending, last_multiplier = 0, None, 10
    for part in re.findall(rf"\d+|[{_CHINESE_DIGIT}]|[十百千]", figure):
        if part in _MULTIPLIER:
            total += (1 if pending is None else pending) * _MULTIPLIER[part]
            pending, last_multiplier = None, _MULTIPLIER[part]
        elif pending is not None:
            return None  # two numbers in a row: not a figure we understand
        else:
            pending = int(part) if part.isdigit() else _CHINESE_DIGIT.index(part) + 1
    # A bare number after the last multiplier counts the next place down: 3千5 is 3500.
    return total + (pending or 0) * (last_multiplier // 10)
