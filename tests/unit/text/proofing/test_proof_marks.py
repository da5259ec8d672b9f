"""marks: 破折号 and 省略号 typed with look-alike characters."""

from __future__ import annotations

import pytest

from webapp.text.proofing import marks


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in marks.check(text)]


@pytest.mark.parametrize(
    ("text", "written", "fixed"),
    [
        ("困难不少--资金缺口大", "--", "——"),
        ("困难不少－－资金缺口大", "－－", "——"),
        ("困难不少――资金缺口大", "――", "——"),
        ("困难不少──资金缺口大", "──", "——"),
        ("困难不少———资金缺口大", "———", "——"),
        ("交通、水利…等领域", "…", "……"),
        ("交通、水利⋯⋯等领域", "⋯⋯", "……"),
        ("交通、水利···等领域", "···", "……"),
    ],
)
def test_look_alikes_next_to_chinese(text: str, written: str, fixed: str) -> None:
    assert _found(text) == [(written, fixed)]
    assert next(marks.check(text)).code == "dash-ellipsis"


@pytest.mark.parametrize(
    "text",
    [
        "困难不少——资金缺口大",
        "交通、水利……等领域",
        "2018—2019年",
        "北京—上海",
        "签名：————",
        "a--b",
        "x...y",
    ],
)
def test_right_marks_ranges_and_latin_text_are_fine(text: str) -> None:
    assert _found(text) == []
