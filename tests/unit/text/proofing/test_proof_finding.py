"""ProofFinding and proofing.check: the shape every caller relies on."""

from __future__ import annotations

import dataclasses

import pytest

from webapp.text import proofing
from webapp.text.proofing import ProofFinding

MESSY = (
    "来源：某网站！\n县发改局2020年工作总结\n\u3000\u30002019年，完成投资XX亿元,增长１２%。\n"
    "一、甲\n三、乙\n（一）、丙\n打造“办事不求人的的营商环境。。\n全年 完成\u200b任务。\n"
)


def test_to_dict_has_exactly_the_api_keys() -> None:
    finding = ProofFinding("placeholder", "error", 3, 5, "XX", "占位符", None)
    assert finding.to_dict() == {
        "code": "placeholder",
        "severity": "error",
        "start": 3,
        "end": 5,
        "text": "XX",
        "message": "占位符",
        "suggestion": None,
    }


def test_findings_are_frozen() -> None:
    finding = ProofFinding("placeholder", "error", 0, 2, "XX", "占位符")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 1  # type: ignore[misc]


def test_every_finding_points_at_its_text_and_findings_are_ordered() -> None:
    findings = proofing.check(MESSY)
    assert len({f.code for f in findings}) >= 10
    for finding in findings:
        assert MESSY[finding.start : finding.end] == finding.text
        assert finding.severity in ("error", "warning", "info")
        assert finding.message
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.code))


def test_clean_text_and_empty_text_have_no_findings() -> None:
    assert proofing.check("") == []
    assert proofing.check("全年完成投资12亿元，同比增长5.2%。") == []
