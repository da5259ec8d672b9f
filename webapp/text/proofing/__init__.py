"""Proofreading (校对): deterministic rules over a report's text, each finding with a code,
severity, character offsets, message and suggestion.

`check` expects text with "\\n" line ends (as `webapp.text.decode.decode_text` returns it);
every finding satisfies ``text[finding.start:finding.end] == finding.text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from webapp.text.proofing import (
    brackets,
    confusables,
    doubled,
    marks,
    numbering,
    numbers,
    placeholders,
    punctuation,
    spacing,
    years,
)
from webapp.text.proofing.finding import ProofFinding, Severity

__all__ = ["RULES", "ProofFinding", "Severity", "check"]

Rule = Callable[[str], Iterable[ProofFinding]]
RULES: tuple[Rule, ...] = (
    placeholders.check,
    punctuation.check,
    brackets.check,
    spacing.check,
    doubled.check,
    confusables.check,
    marks.check,
    numbering.check,
    numbers.check,
    years.check,
)


def check(text: str) -> list[ProofFinding]:
    """All findings of all rules, in the order they occur in `text`."""
    findings = [finding for rule in RULES for finding in rule(text)]
    return sorted(findings, key=lambda finding: (finding.start, finding.end, finding.code))
