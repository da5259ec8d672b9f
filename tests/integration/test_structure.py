"""Editing a report's structure: add, rename (a revision), move, archive; heading-only nodes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import AuditEvent, Report, ReportStatus, Revision, Section, SectionStatus
from webapp.services import dashboards, drafting, reports, signoff, structure, workflow
from webapp.services.errors import Conflict, Forbidden, InvalidInput
from webapp.text.nodes import Outline, OutlineNode

TREE = Outline(
    "某局2026年工作总结",
    (
        OutlineNode("preamble", 0, "", "前言。"),
        OutlineNode(
            "numbered",
            1,
            "主要成效",
            "",
            children=(
                OutlineNode("numbered", 2, "项目建设", "项目正文。"),
                OutlineNode("numbered", 2, "营商环境", "环境正文。"),
            ),
        ),
        OutlineNode("numbered", 1, "存在问题", "问题正文。"),
    ),
)


@pytest.fixture
def report(make_report, make_department) -> Report:
    return make_report(TREE, department=make_department("zonghe"))


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def _tree(report_id: int) -> list[tuple]:
    """(number + heading, level, heading_only) in document order, as a reader sees it."""
    rows = reports.section_rows(report_id)
    numbers = reports.section_numbers(rows)
    return [
        (numbers.get(r.section.id, "") + r.section.heading, r.section.level, r.section.heading_only)
        for r in rows
    ]


def _positions_are_document_order(report_id: int) -> None:
    sections = db.session.scalars(
        select(Section).where(Section.report_id == report_id).order_by(Section.position)
    ).all()
    positions = [s.position for s in sections]
    assert positions == list(range(1, len(sections) + 1))
    live = [s for s in sections if s.archived_at is None]
    assert sections[: len(live)] == live  # archived ones come after the live tree


def _by_heading(report: Report, heading: str) -> Section:
    return db.session.scalar(
        select(Section).where(Section.report_id == report.id, Section.heading == heading)
    )


def test_import_marks_a_heading_with_only_children_as_structure(report):
    assert _tree(report.id) == [
        ("", 0, False),
        ("一、主要成效", 1, True),
        ("（一）项目建设", 2, False),
        ("（二）营商环境", 2, False),
        ("二、存在问题", 1, False),
    ]


def test_add_child_and_sibling_number_them_in_place(report, admin):
    parent = _by_heading(report, "主要成效")
    first = _by_heading(report, "项目建设")
    structure.add_section(report.id, admin, "队伍建设", parent_id=parent.id, after_id=first.id)
    structure.add_section(report.id, admin, "下一步打算", after_id=parent.id)
    assert [t[0] for t in _tree(report.id)] == [
        "",
        "一、主要成效",
        "（一）项目建设",
        "（二）队伍建设",
        "（三）营商环境",
        "二、下一步打算",
        "三、存在问题",
    ]
    _positions_are_document_order(report.id)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "section.add"))


def test_adding_a_child_turns_an_empty_section_into_structure(report, admin):
    problems = _by_heading(report, "存在问题")
    drafting.save_revision(problems.id, admin, problems.head_revision, "")
    structure.add_section(report.id, admin, "短板", parent_id=problems.id)
    assert _tree(report.id)[-2:] == [("二、存在问题", 1, True), ("（一）短板", 2, False)]


def test_moving_a_subtree_reparents_it_and_shifts_its_levels(report, admin):
    effects = _by_heading(report, "主要成效")
    problems = _by_heading(report, "存在问题")
    structure.move(effects.id, admin, problems.id, None)
    assert _tree(report.id) == [
        ("", 0, False),
        ("一、存在问题", 1, False),
        ("（一）主要成效", 2, True),
        ("1.项目建设", 3, False),
        ("2.营商环境", 3, False),
    ]
    _positions_are_document_order(report.id)


def test_move_up_and_outdent(report, admin):
    environment = _by_heading(report, "营商环境")
    structure.move(environment.id, admin, environment.parent_id, None)
    assert [t[0] for t in _tree(report.id)][2:4] == ["（一）营商环境", "（二）项目建设"]
    effects = _by_heading(report, "主要成效")
    structure.move(environment.id, admin, None, effects.id)
    assert [t[0] for t in _tree(report.id)] == [
        "",
        "一、主要成效",
        "（一）项目建设",
        "二、营商环境",
        "三、存在问题",
    ]
    _positions_are_document_order(report.id)


def test_a_section_cannot_move_into_its_own_subtree(report, admin):
    effects = _by_heading(report, "主要成效")
    child = _by_heading(report, "项目建设")
    with pytest.raises(InvalidInput) as error:
        structure.move(effects.id, admin, child.id, None)
    assert error.value.code == "move_into_itself"


def test_a_move_too_deep_is_refused(report, admin):
    effects = _by_heading(report, "主要成效")
    project = _by_heading(report, "项目建设")
    low = structure.add_section(report.id, admin, "三级", parent_id=project.id)
    lowest = structure.add_section(report.id, admin, "四级", parent_id=low.id)
    assert lowest.level == 4
    with pytest.raises(InvalidInput) as error:
        structure.move(effects.id, admin, _by_heading(report, "存在问题").id, None)
    assert error.value.code == "too_deep"


def test_archiving_a_section_with_history_keeps_it_readable(report, admin):
    project = _by_heading(report, "项目建设")
    drafting.save_revision(project.id, admin, 1, "新的项目正文。")
    structure.archive(project.id, admin)
    assert [t[0] for t in _tree(report.id)] == [
        "",
        "一、主要成效",
        "（一）营商环境",
        "二、存在问题",
    ]
    archived = db.session.get(Section, project.id)
    assert archived.archived_at is not None
    assert [h.number for h in drafting.history(project.id, admin)] == [2, 1]
    assert project.id not in {s.id for s in db.session.get(Report, report.id).sections}
    _positions_are_document_order(report.id)


def test_archiving_a_parent_takes_its_subtree_and_a_new_section_is_deleted(report, admin):
    effects = _by_heading(report, "主要成效")
    fresh = structure.add_section(report.id, admin, "临时")
    fresh_id = fresh.id
    assert structure.archive(fresh_id, admin) is False
    assert db.session.get(Section, fresh_id) is None
    assert structure.archive(effects.id, admin) is True
    assert [t[0] for t in _tree(report.id)] == ["", "一、存在问题"]
    _positions_are_document_order(report.id)


def test_rename_is_a_revision_carrying_heading_and_body(report, make_user):
    project = _by_heading(report, "项目建设")
    drafter = make_user("drafter", project.department)
    result = structure.rename(project.id, drafter, "重点项目建设")
    assert (result.revision, result.created) == (2, True)
    revision = reports.revision_row(project.id, 2)
    assert (revision.heading, revision.body) == ("重点项目建设", "项目正文。")
    assert revision.sha256 == reports.revision_sha256("重点项目建设", "项目正文。")
    assert revision.sha256 != reports.revision_sha256("项目建设", "项目正文。")
    section = db.session.get(Section, project.id)
    assert (section.heading, section.head_revision, section.head_sha256) == (
        "重点项目建设",
        2,
        revision.sha256,
    )


def test_rename_makes_an_approval_of_the_old_heading_stale(report, make_user):
    project = _by_heading(report, "项目建设")
    drafter = make_user("drafter", project.department)
    reviewer = make_user("reviewer", project.department)
    workflow.submit(project.id, drafter)
    workflow.decide(project.id, reviewer, 1, "approve")
    assert db.session.get(Section, project.id).status == SectionStatus.APPROVED
    structure.rename(project.id, drafter, "重点项目建设")
    section = db.session.get(Section, project.id)
    assert section.status == SectionStatus.DRAFT
    assert workflow.is_fully_approved(section) is False


def test_old_revisions_without_heading_keep_their_body_hash(report):
    project = _by_heading(report, "项目建设")
    legacy = Revision(section_id=project.id, number=9, body="正文。", sha256="x")
    assert reports.revision_sha256(legacy.heading, "正文。") == reports.text_sha256("正文。")


def test_drafter_of_another_department_may_not_rename(report, make_user):
    project = _by_heading(report, "项目建设")
    with pytest.raises(Forbidden):
        structure.rename(project.id, make_user("drafter"), "别的标题")


def test_drafters_may_not_add_move_or_archive(report, make_user):
    drafter = make_user("drafter", _by_heading(report, "项目建设").department)
    with pytest.raises(Forbidden):
        structure.add_section(report.id, drafter, "新章节")
    with pytest.raises(Forbidden):
        structure.archive(_by_heading(report, "存在问题").id, drafter)


def test_signed_off_report_refuses_structure_edits(report, admin):
    report.status = ReportStatus.SIGNED_OFF
    db.session.commit()
    with pytest.raises(Conflict) as error:
        structure.add_section(report.id, admin, "新章节")
    assert error.value.code == "locked" and error.value.details == {"locked": True}
    with pytest.raises(Conflict):
        structure.rename(_by_heading(report, "存在问题").id, admin, "新标题")


def test_bad_headings_are_refused_with_codes(report, admin):
    with pytest.raises(InvalidInput) as error:
        structure.add_section(report.id, admin, "两行\n标题")
    assert error.value.code == "heading_multiline"
    with pytest.raises(InvalidInput) as error:
        structure.add_section(report.id, admin, "", kind="part")
    assert error.value.code == "heading_required"
    with pytest.raises(InvalidInput) as error:
        structure.add_section(report.id, admin, "x", parent_id=10**6)
    assert error.value.code == "parent_not_found"


def test_heading_only_node_is_not_a_task(report, make_user):
    effects = _by_heading(report, "主要成效")
    drafter = make_user("drafter", effects.department)
    with pytest.raises(InvalidInput) as error:
        workflow.submit(effects.id, drafter)
    assert error.value.code == "not_a_task"
    headings = [task.heading for task in dashboards.sections_to_draft(drafter).items]
    assert "主要成效" not in headings and "项目建设" in headings


def test_sign_off_does_not_wait_for_heading_only_nodes(report, make_user):
    department = _by_heading(report, "项目建设").department
    drafter = make_user("drafter", department)
    reviewer = make_user("reviewer", department)
    for section in db.session.get(Report, report.id).sections:
        if section.is_task:
            workflow.submit(section.id, drafter)
            workflow.decide(section.id, reviewer, section.head_revision, "approve")
    assert db.session.get(Report, report.id).status == ReportStatus.IN_REVIEW
    signed = signoff.sign_off(report.id, make_user("leader"))
    assert signed.status == ReportStatus.SIGNED_OFF


def test_saving_a_body_on_a_heading_only_node_makes_it_a_task(report, admin):
    effects = _by_heading(report, "主要成效")
    drafting.save_revision(effects.id, admin, 1, "总体来看成效明显。")
    assert db.session.get(Section, effects.id).heading_only is False


def test_create_report_from_scratch_and_build_it(admin):
    report = reports.create_report(
        reports.NewReport("某局2027年工作计划", "工作计划", 2027, "某局"), admin
    )
    assert (report.year, report.issuer, report.sections) == (2027, "某局", [])
    part = structure.add_section(report.id, admin, "2027年工作计划", kind="part")
    first = structure.add_section(report.id, admin, "抓好项目", parent_id=part.id)
    structure.add_section(report.id, admin, "优化环境", parent_id=part.id, after_id=first.id)
    assert [t[0] for t in _tree(report.id)] == ["2027年工作计划", "一、抓好项目", "二、优化环境"]
    assert _tree(report.id)[0][2] is True


def test_create_report_validates_its_fields(admin, make_user):
    with pytest.raises(InvalidInput) as error:
        reports.create_report(reports.NewReport("  "), admin)
    assert error.value.code == "title_required"
    with pytest.raises(InvalidInput) as error:
        reports.create_report(reports.NewReport("报告", year=3000), admin)
    assert error.value.code == "invalid_year"
    with pytest.raises(Forbidden):
        reports.create_report(reports.NewReport("报告"), make_user("drafter"))


def test_archived_section_cannot_be_edited_structurally(report, admin):
    problems = _by_heading(report, "存在问题")
    structure.archive(problems.id, admin)
    with pytest.raises(Conflict) as error:
        structure.move(problems.id, admin, None, None)
    assert error.value.code == "section_archived"


def test_an_archived_section_takes_no_more_saves(report, admin):
    problems = _by_heading(report, "存在问题")
    structure.archive(problems.id, admin)
    with pytest.raises(Conflict) as error:
        drafting.save_revision(problems.id, admin, 1, "新正文。")
    assert error.value.code == "section_archived"


def test_final_text_needs_no_approval_of_heading_only_nodes(report, make_user):
    from webapp.services import assembly

    department = _by_heading(report, "项目建设").department
    drafter = make_user("drafter", department)
    reviewer = make_user("reviewer", department)
    for section in db.session.get(Report, report.id).sections:
        if section.is_task:
            workflow.submit(section.id, drafter)
            workflow.decide(section.id, reviewer, section.head_revision, "approve")
    effects = _by_heading(report, "主要成效")
    archived = _by_heading(report, "存在问题")
    structure.archive(archived.id, make_user("admin"))
    rows, chosen = assembly.final_bodies(report.id)
    assert chosen[effects.id].body == "" and archived.id not in chosen
    assert [row.heading for row in rows] == ["", "主要成效", "项目建设", "营商环境"]


def test_concurrent_structure_edits_of_one_report_take_turns(app, report, admin):
    """Admins adding sections at once: all land, positions stay unique and in order."""
    from concurrent.futures import ThreadPoolExecutor

    report_id, admin_id = report.id, admin.id

    def add(heading: str) -> None:
        with app.app_context():
            actor = db.session.get(type(admin), admin_id)
            structure.add_section(report_id, actor, heading)
            db.session.remove()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(add, [f"新增{i}" for i in range(8)]))
    db.session.expire_all()
    assert sum(1 for t in _tree(report_id) if t[0].endswith(tuple("01234567"))) == 8
    _positions_are_document_order(report_id)


def test_emptying_the_body_of_a_parent_makes_it_structure_again(report, admin):
    effects = _by_heading(report, "主要成效")
    drafting.save_revision(effects.id, admin, 1, "总体来看成效明显。")
    drafting.save_revision(effects.id, admin, 2, "")
    assert db.session.get(Section, effects.id).heading_only is True


def test_an_archived_section_cannot_be_submitted(report, admin, make_user):
    problems = _by_heading(report, "存在问题")
    structure.archive(problems.id, admin)
    with pytest.raises(Conflict) as error:
        workflow.submit(problems.id, make_user("drafter", problems.department))
    assert error.value.code == "section_archived"
