"""A small way to write a report for the consistency tests: a title and (heading, body) pairs."""

from __future__ import annotations

from webapp.text.consistency import ConsistencyFinding, check

SUMMARY_2021 = "某县教育局2021年工作总结"


def run(title: str, *sections: tuple[str, str]) -> list[ConsistencyFinding]:
    """Findings for sections numbered 1, 2, 3 … in order."""
    return check(title, None, [(i, heading, body) for i, (heading, body) in enumerate(sections, 1)])


def codes(title: str, *sections: tuple[str, str]) -> list[str]:
    return [finding.code for finding in run(title, *sections)]
