"""A numbered paragraph without a heading (“（1）新增三级医院1家，…”, as imported from a real
report) is named by the start of its text on every page that lists or heads it — never by
a bare “（1）” (two items of one report can both be “1.”) nor as the preamble."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Notification, Report, Section
from webapp.services import deadlines, imports, reports
from webapp.text.nodes import Outline, OutlineNode

ITEM = "新增三级医院1家，二级医院达标率提升至××%。"
NAME = "（一）新增三级医院1家，二级医院达标率提升至×…"


@pytest.fixture
def people(make_department, make_user):
    zonghe = make_department("zonghe")
    return {"admin": make_user("admin", None), "leader": make_user("leader", None), "dept": zonghe}


@pytest.fixture
def report(people) -> Report:
    outline = Outline(
        title="市卫生健康委员会2021年上半年工作总结",
        sections=(
            OutlineNode("preamble", 0, "", "今年以来，各项工作有序推进。"),
            OutlineNode(
                "numbered",
                1,
                "医疗服务能力提升",
                "",
                children=(OutlineNode("numbered", 2, "", ITEM),),
            ),
        ),
    )
    made = reports.create_from_outline(outline, people["admin"])
    for section in made.sections:
        section.department = people["dept"]
    db.session.commit()
    return made


def _item(report: Report) -> Section:
    return next(s for s in report.sections if s.kind == "numbered" and not s.heading)


def test_section_name_uses_the_text_of_a_heading_less_paragraph(report):
    item = _item(report)
    assert reports.numbered_heading(item) == NAME
    parent = next(s for s in report.sections if s.heading)
    assert reports.numbered_heading(parent) == "一、医疗服务能力提升"
    short = reports.section_name(item, "2.", "完成12万剂次。")
    assert short == "2.完成12万剂次。"


def test_assignment_page_names_the_paragraph_by_its_text(client, login, report, people):
    login(people["admin"])
    page = client.get(f"/reports/{report.id}/assign").text
    assert NAME in page


def test_review_page_does_not_call_the_paragraph_the_preamble(client, login, report, people):
    login(people["leader"])
    page = client.get(f"/sections/{_item(report).id}/review").text
    assert f"审核：{NAME}" in page
    assert "前言" not in page


def test_sign_off_checklist_names_the_paragraph_by_its_text(client, login, report, people):
    login(people["leader"])
    checks = client.get(f"/api/v1/reports/{report.id}/checks").get_json()["sign_off"]
    labels = {
        item["section"] for item in checks["blocking"] if item["section_id"] == _item(report).id
    }
    assert labels == {NAME}
    assert f"{NAME}</a>" in client.get(f"/reports/{report.id}").text


def test_the_assignment_notification_names_the_paragraph_by_its_text(people, make_user):
    drafter = make_user("drafter", people["dept"])
    outline = Outline(
        title="某局2026年工作总结",
        sections=(OutlineNode("numbered", 1, "", ITEM),),
    )
    imports.import_report(outline, people["admin"], assignments={0: "zonghe"})
    told = db.session.scalars(select(Notification).where(Notification.user_id == drafter.id))
    assert [n.message for n in told] == [
        "《某局2026年工作总结》一、新增三级医院1家，二级医院达标率提升至×…已分配给本部门起草"
    ]


@pytest.mark.both_databases
def test_drafters_task_list_names_the_paragraph_by_its_text(
    client, login, report, make_user, people
):
    login(make_user("drafter", people["dept"]))
    tasks = client.get("/").text
    assert "新增三级医院1家，二级医院达标率提升至×…</a>" in tasks
    assert tasks.count("（前言）</a>") == 1


@pytest.mark.both_databases
def test_a_deadline_reminder_names_the_paragraph_by_its_text(report, make_user, people):
    drafter = make_user("drafter", people["dept"])
    _item(report).deadline = date(2026, 3, 1)
    db.session.commit()
    deadlines.remind(date(2026, 3, 5))
    told = db.session.scalars(select(Notification).where(Notification.user_id == drafter.id))
    assert [n.message for n in told] == [
        "《市卫生健康委员会2021年上半年工作总结》新增三级医院1家，二级医院达标率提升至×…"
        "已逾期（截止日期：2026年3月1日）"
    ]
