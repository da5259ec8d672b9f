"""The consistency service reads the heads of the live sections of a report the actor may read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import simple_outline
from webapp.extensions import db
from webapp.services import consistency, drafting
from webapp.services.errors import Forbidden, NotFound


@pytest.fixture
def report(make_report, make_department):
    outline = simple_outline(
        ("办学条件", "全年新建学校12所，新增学位5400个。"),
        ("项目建设", "新建学校12所，总投资3.6亿元。"),
    )
    return make_report(outline, department=make_department("jiaoyu"))


def test_a_consistent_report_has_no_findings(report, make_user):
    assert consistency.report_findings(report.id, make_user("leader", None)) == []


def test_the_head_revision_is_what_is_checked(report, make_user):
    drafter = make_user("drafter", report.sections[1].department)
    second = report.sections[1]
    drafting.save_revision(second.id, drafter, second.head_revision, "新建学校15所。")
    (finding,) = consistency.report_findings(report.id, make_user("leader", None))
    assert finding["code"] == "quantity-mismatch"
    assert [(p["section_id"], p["text"]) for p in finding["places"]] == [
        (report.sections[0].id, "12所"),
        (second.id, "15所"),
    ]
    assert finding["message"] and finding["suggestion"]
    assert consistency.findings_of(report) == [finding]


def test_archived_sections_are_left_out(report, make_user):
    drafter = make_user("drafter", report.sections[1].department)
    second = report.sections[1]
    drafting.save_revision(second.id, drafter, second.head_revision, "新建学校15所。")
    second.archived_at = datetime.now(UTC)
    db.session.commit()
    assert consistency.report_findings(report.id, make_user("admin", None)) == []


def test_panel_names_each_place_by_its_numbered_heading(report, make_user):
    drafter = make_user("drafter", report.sections[1].department)
    second = report.sections[1]
    drafting.save_revision(second.id, drafter, second.head_revision, "新建学校15所。")
    panel = consistency.panel(report.id, drafter)
    assert [f.code for f in panel.findings] == ["quantity-mismatch"]
    assert panel.section_names[second.id] == "二、项目建设"


def test_readers_only(report, make_user):
    with pytest.raises(Forbidden):
        consistency.report_findings(report.id, make_user("drafter"))
    with pytest.raises(NotFound):
        consistency.report_findings(report.id + 1000, make_user("leader", None))
