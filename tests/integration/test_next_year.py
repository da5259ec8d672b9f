"""Next year's report: the tree, departments, 会签 and deadlines one year on, bodies empty."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditEvent, Report, Section, SectionCountersign
from webapp.services import drafting, next_year, reports, workflow
from webapp.services.errors import Conflict, Forbidden, InvalidInput
from webapp.text.nodes import Outline, OutlineNode

TITLE = "县发展和改革局2020年工作总结和2021年工作思路"


@pytest.fixture
def team(make_department, make_user):
    zonghe, xiangmu = make_department("zonghe"), make_department("xiangmu")
    return {
        "zonghe": zonghe,
        "xiangmu": xiangmu,
        "leader": make_user("leader", None),
        "admin": make_user("admin", None),
        "drafter": make_user("drafter", zonghe),
    }


@pytest.fixture
def old(team) -> Report:
    outline = Outline(
        title=TITLE,
        sections=(
            OutlineNode("preamble", 0, "", "2020年，县发改局较好完成了全年目标任务。"),
            OutlineNode(
                "numbered",
                1,
                "重点项目建设扎实推进",
                "",
                children=(
                    OutlineNode("numbered", 2, "项目谋划储备持续加强", "谋划储备重大项目12个。"),
                ),
            ),
            OutlineNode("part", 0, "2021年工作思路", "2021年是“十四五”开局之年。"),
            OutlineNode("numbered", 1, "全力抓好项目建设", "全年计划实施重点项目15个。"),
        ),
    )
    report = reports.create_from_outline(outline, team["admin"])
    report.deadline = date(2020, 12, 20)
    report.issuer = "县发展和改革局"
    for section in report.sections:
        section.department = team["zonghe"]
    report.sections[1].deadline = date(2020, 2, 29)
    db.session.add(
        SectionCountersign(section_id=report.sections[1].id, department_id=team["xiangmu"].id)
    )
    db.session.commit()
    return report


def test_copies_structure_assignments_and_deadlines_one_year_on(old, team):
    new = next_year.create(old.id, team["leader"])
    assert new.title == "县发展和改革局2021年工作总结和2022年工作思路"
    assert (new.year, new.previous_report_id, new.status) == (2021, old.id, "drafting")
    assert (new.deadline, new.issuer) == (date(2021, 12, 20), "县发展和改革局")
    shape = [(s.kind, s.level, s.heading, s.department_id) for s in new.sections]
    assert shape == [
        ("preamble", 0, "", team["zonghe"].id),
        ("numbered", 1, "重点项目建设扎实推进", team["zonghe"].id),
        ("numbered", 2, "项目谋划储备持续加强", team["zonghe"].id),
        ("part", 0, "2022年工作思路", team["zonghe"].id),
        ("numbered", 1, "全力抓好项目建设", team["zonghe"].id),
    ]
    assert new.sections[2].parent_id == new.sections[1].id
    assert new.sections[1].deadline == date(2021, 2, 28)
    assert all(s.head_revision == 0 and s.status == "draft" for s in new.sections)
    assert all(row.body == "" for row in reports.section_rows(new.id))
    countersigns = db.session.scalars(
        select(SectionCountersign).where(SectionCountersign.section_id == new.sections[1].id)
    ).all()
    assert [c.department_id for c in countersigns] == [team["xiangmu"].id]


def test_audited(old, team):
    new = next_year.create(old.id, team["admin"])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report.next_year"))
    assert (event.object_id, event.actor_id) == (new.id, team["admin"].id)
    assert event.payload["previous_report_id"] == old.id and event.payload["sections"] == 5


def test_archived_sections_are_not_copied(old, team):
    old.sections[1].archived_at = datetime.now(UTC)
    old.sections[2].archived_at = datetime.now(UTC)
    db.session.commit()
    new = next_year.create(old.id, team["leader"])
    assert [s.heading for s in new.sections] == ["", "2022年工作思路", "全力抓好项目建设"]


def test_leaders_and_admins_only(old, team):
    with pytest.raises(Forbidden) as refused:
        next_year.create(old.id, team["drafter"])
    assert refused.value.code == "next_year_forbidden"


def test_only_one_next_year_per_report(old, team):
    first = next_year.create(old.id, team["leader"])
    with pytest.raises(Conflict) as refused:
        next_year.create(old.id, team["leader"])
    assert refused.value.code == "next_year_exists"
    assert refused.value.details["report_id"] == first.id


def test_a_title_without_a_year_needs_a_new_title(team):
    report = reports.create_from_outline(
        Outline(title="县发改局工作总结", sections=(OutlineNode("numbered", 1, "概况", "正文"),)),
        team["admin"],
    )
    with pytest.raises(InvalidInput) as refused:
        next_year.create(report.id, team["leader"])
    assert refused.value.code == "next_year_title_required"
    assert next_year.create(report.id, team["leader"], "县发改局下一年度工作总结").year is None


def test_last_years_text_of_the_same_section(old, team):
    new = next_year.create(old.id, team["leader"])
    item = old.sections[4]
    drafting.save_revision(
        item.id, team["drafter"], item.head_revision, "全年计划实施重点项目16个。"
    )
    last = next_year.last_years_text(new.sections[4].id, team["drafter"])
    assert (last.section_id, last.body, last.revision) == (item.id, "全年计划实施重点项目16个。", 2)
    assert last.report_title == TITLE
    part = next_year.last_years_text(new.sections[3].id, team["drafter"])
    assert part.section_id == old.sections[3].id


def test_no_last_year_for_a_first_report_or_a_renamed_section(old, team):
    assert next_year.last_years_text(old.sections[1].id, team["drafter"]) is None
    new = next_year.create(old.id, team["leader"])
    new.sections[1].heading = "重点项目建设全面提速"
    db.session.commit()
    assert next_year.last_years_text(new.sections[1].id, team["drafter"]) is None


def test_the_new_report_is_a_report_like_any_other(old, team):
    new = next_year.create(old.id, team["leader"])
    section = new.sections[1]
    result = drafting.save_revision(section.id, team["drafter"], 0, "今年的文字。")
    assert result.revision == 1
    workflow.submit(section.id, team["drafter"])
    assert db.session.get(Section, section.id).status == "submitted"
