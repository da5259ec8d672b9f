"""placeholders: XX, X.X, ＸＸ, ××, ○○, **, and the Latin words that are not placeholders."""

from __future__ import annotations

import pytest

from webapp.text.proofing import placeholders


def _texts(text: str) -> list[str]:
    return [f.text for f in placeholders.check(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("完成投资XX亿元", ["XX"]),
        ("同比增长X.X%", ["X.X"]),
        ("谋划项目XXX个", ["XXX"]),
        ("20XX年度", ["XX"]),
        ("编制ＸＸ个规划", ["ＸＸ"]),
        ("××月××日", ["××", "××"]),
        ("×月×日召开", ["×", "×"]),
        ("○○县○○乡", ["○○", "○○"]),
        ("□□单位", ["□□"]),
        ("新增就业**人", ["**"]),
        ("增长*.*%", ["*.*"]),
        ("新增就业*人", ["*"]),
        ("xx县xx乡", ["xx", "xx"]),
    ],
)
def test_placeholders_are_errors(text: str, expected: list[str]) -> None:
    findings = list(placeholders.check(text))
    assert [f.text for f in findings] == expected
    assert {f.code for f in findings} == {"placeholder"}
    assert {f.severity for f in findings} == {"error"}


@pytest.mark.parametrize(
    "text",
    [
        "采购CPU、XML解析器和Excel软件",
        "更新iPhone X和Model X",
        "医院购置X光机，X射线防护达标，X线检查",
        "分辨率1920x1080",
        "制作3×4米展板",
        "计算2*3的结果",
        "二〇二〇年十二月",
        "○ 加强组织领导",
        "***",
        "X-ray设备",
        "Windows XP系统",
    ],
)
def test_letters_products_and_bullets_are_not_placeholders(text: str) -> None:
    assert _texts(text) == []
