"""破折号 and 省略号 typed with the wrong characters (GB/T 15834-2011 §4.9, §4.11).

The 破折号 is two em dashes “——” (U+2014), the 省略号 two ellipses “……” (U+2026). Input
methods and fonts offer look-alikes: “--”, “－－”, “――” (U+2015), “──” (box drawing),
“ーー” (katakana); a single “…”, “⋯⋯” (U+22EF), “···” or “・・・”. Each is reported only
next to Chinese, so code, tables drawn with box characters and English text stay silent.
A single “—” is the 一字线 of ranges (2018—2019年, 北京—上海) and is right; three are a
破折号 typed once too often, four or more a blank to fill in (签名：————).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from webapp.text.proofing.finding import ProofFinding, finding_at, is_chinese_context

CODE = "dash-ellipsis"
DASH = "——"
ELLIPSIS = "……"

_WRONG_DASH = re.compile(r"-{2,}|－{2,}|―{2,}|─{2,}|━{2,}|ー{2,}|(?<!—)—{3}(?!—)")
_WRONG_ELLIPSIS = re.compile(r"(?<!…)…(?!…)|…{3,}|⋯+|[·・•]{3,}|．{3,}")


def check(text: str) -> Iterator[ProofFinding]:
    """Dashes and ellipses written with look-alike characters, next to Chinese."""
    for pattern, right, name in (
        (_WRONG_DASH, DASH, "破折号"),
        (_WRONG_ELLIPSIS, ELLIPSIS, "省略号"),
    ):
        for found in pattern.finditer(text):
            start, end = found.span()
            if not (
                is_chinese_context(text[start - 1 : start])
                or is_chinese_context(text[end : end + 1])
            ):
                continue
            message = f"{name}“{found.group(0)}”写法不规范，应为“{right}”"
            yield finding_at(text, start, end, CODE, "warning", message, right)
