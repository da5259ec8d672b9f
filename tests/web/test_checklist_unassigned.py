"""A section nobody was assigned (an import where a row kept “—”) cannot be drafted: the sign-off
checklist says it has no department and links to the assignment page, not to an editor where
nobody may type."""

from __future__ import annotations

import pytest

from webapp.models import Report
from webapp.services import reports
from webapp.text.nodes import Outline, OutlineNode


@pytest.fixture
def report(make_user) -> Report:
    outline = Outline(
        title="某局2026年工作总结",
        sections=(OutlineNode("numbered", 1, "总体情况", "各项工作有序推进。"),),
    )
    return reports.create_from_outline(outline, make_user("admin", None))


def test_checklist_sends_an_unassigned_section_to_the_assignment_page(
    client, login, report, make_user
):
    login(make_user("leader", None))
    checks = client.get(f"/api/v1/reports/{report.id}/checks").get_json()["sign_off"]
    assert [(item["code"], item["link"]) for item in checks["blocking"]] == [
        ("no_department", f"/reports/{report.id}/assign")
    ]
    page = client.get(f"/reports/{report.id}").text
    assert f'<a href="/reports/{report.id}/assign">尚未分配承办部门</a>' in page
