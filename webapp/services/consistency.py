"""Whole-report consistency on demand: the head text of every section in the tree, checked
together (webapp.text.consistency), for the report page, the checks API and sign-off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webapp.models import Report, User
from webapp.services import reports
from webapp.text import consistency


def report_findings(report_id: int, actor: User) -> list[dict[str, Any]]:
    """Findings as JSON-ready dicts: code, message, suggestion, places [{section_id, start,
    end, text}]. Raises NotFound / Forbidden like reading the report."""
    return findings_of(reports.get_report(report_id, actor))


def findings_of(report: Report) -> list[dict[str, Any]]:
    """The same for a report the caller has already authorized (sign-off, final assembly)."""
    return [finding.to_dict() for finding in _check(report, _rows(report))]


@dataclass(frozen=True)
class Panel:
    """What the report page's consistency panel lists, with a readable name for each place."""

    report: Report
    findings: list[consistency.ConsistencyFinding]
    section_names: dict[int, str]


def panel(report_id: int, actor: User) -> Panel:
    report = reports.get_report(report_id, actor)
    rows = _rows(report)
    numbers = reports.section_numbers(rows)
    names = {row.section.id: numbers.get(row.section.id, "") + row.section.heading for row in rows}
    return Panel(report, _check(report, rows), names)


def _rows(report: Report) -> list[reports.SectionRow]:
    return [row for row in reports.section_rows(report.id) if row.section.archived_at is None]


def _check(report: Report, rows: list[reports.SectionRow]) -> list[consistency.ConsistencyFinding]:
    sections = [(row.section.id, row.section.heading, row.body) for row in rows]
    return consistency.check(report.title, report.year, sections)
