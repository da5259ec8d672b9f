"""Heading numbers per level, as GB/T 9704-2012 §7.3.3 prescribes: 一、 （一） 1. （1）."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 101 → 一百零一 (n ≥ 1, up to 999)."""
    if n < 1 or n > 999:
        raise ValueError(f"numeral out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def render_number(level: int, index: int) -> str:
    """The number prefix of the index-th (1-based) heading at a numbering level."""
    if level == 1:
        return f"{chinese_numeral(index)}、"
    if level == 2:
        return f"（{chinese_numeral(index)}）"
    if level == 3:
        return f"{index}."
    if level == 4:
        return f"（{index}）"
    raise ValueError(f"no numbering for level {level}")
