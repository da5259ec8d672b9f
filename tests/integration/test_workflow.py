"""The review workflow: submit, four-eyes, stale approvals, countersign, sign-off, comments."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import AuditEvent, Report, Section
from webapp.services import comments, drafting, reports, signoff, workflow
from webapp.services.errors import Conflict, Forbidden, InvalidInput

TEXT = "全年实现地区生产总值120亿元，同比增长5.2%。固定资产投资完成80亿元。"


@pytest.fixture
def team(make_department, make_user):
    department = make_department("zonghe")
    return {
        "department": department,
        "drafter": make_user("drafter", department),
        "reviewer": make_user("reviewer", department),
        "reviewer2": make_user("reviewer", department),
        "leader": make_user("leader", None),
        "admin": make_user("admin", None),
    }


@pytest.fixture
def report(team) -> Report:
    outline = simple_outline(("总体情况", "原稿：" + TEXT), ("存在问题", "短板仍然明显。"))
    report = reports.create_from_outline(outline, team["admin"])
    for section in report.sections:
        section.department = team["department"]
    db.session.commit()
    return report


def _first(report: Report) -> Section:
    return sorted(report.sections, key=lambda s: s.position)[0]


def _approve_all(report: Report, team) -> None:
    for section in report.sections:
        drafting.save_revision(section.id, team["drafter"], 1, f"{section.heading}：{TEXT}")
        workflow.submit(section.id, team["drafter"])
        workflow.decide(section.id, team["reviewer"], 2, "approve")


def test_submitting_every_section_puts_the_report_in_review(report, team):
    first, second = sorted(report.sections, key=lambda s: s.position)
    assert workflow.submit(first.id, team["drafter"]).status == "submitted"
    assert db.session.get(Report, report.id).status == "drafting"
    workflow.submit(second.id, team["drafter"])
    assert db.session.get(Report, report.id).status == "in_review"
    with pytest.raises(InvalidInput):
        workflow.submit(first.id, team["drafter"])


def test_nobody_approves_a_revision_they_authored(report, team):
    section = _first(report)
    drafting.save_revision(section.id, team["reviewer"], 1, TEXT + "（核稿修改）")
    workflow.submit(section.id, team["drafter"])
    with pytest.raises(Forbidden, match="四眼"):
        workflow.decide(section.id, team["reviewer"], 2, "approve")
    workflow.decide(section.id, team["reviewer2"], 2, "approve")
    assert db.session.get(Section, section.id).status == "approved"


def test_a_decision_names_the_head_revision(report, team):
    section = _first(report)
    drafting.save_revision(section.id, team["drafter"], 1, TEXT)
    workflow.submit(section.id, team["drafter"])
    with pytest.raises(Conflict):
        workflow.decide(section.id, team["reviewer"], 1, "approve")


def test_new_text_makes_an_approval_stale_and_restored_text_keeps_it(report, team):
    section = _first(report)
    drafting.save_revision(section.id, team["drafter"], 1, TEXT)
    workflow.submit(section.id, team["drafter"])
    workflow.decide(section.id, team["reviewer"], 2, "approve")
    assert db.session.get(Section, section.id).status == "approved"

    drafting.save_revision(section.id, team["drafter"], 2, TEXT + "补充一句。")
    section = db.session.get(Section, section.id)
    assert section.status == "draft" and workflow.current_approvals(section) == []

    drafting.restore(section.id, team["drafter"], 2)
    section = db.session.get(Section, section.id)
    assert len(workflow.current_approvals(section)) == 1
    assert workflow.submit(section.id, team["drafter"]).status == "approved"


def test_request_changes_needs_a_reason_and_withdraws_approvals_of_that_text(report, team):
    section = _first(report)
    drafting.save_revision(section.id, team["drafter"], 1, TEXT)
    workflow.submit(section.id, team["drafter"])
    with pytest.raises(InvalidInput):
        workflow.decide(section.id, team["reviewer"], 2, "request_changes", "  ")
    workflow.decide(section.id, team["reviewer"], 2, "request_changes", "数据需要核实")
    section = db.session.get(Section, section.id)
    assert section.status == "changes_requested"


def test_countersign_needs_every_department(report, team, make_department, make_user):
    caiwu = make_department("caiwu")
    caiwu_reviewer = make_user("reviewer", caiwu)
    outsider = make_user("reviewer")
    section = _first(report)
    workflow.assign(section.id, team["leader"], countersign_codes=["caiwu"])
    drafting.save_revision(section.id, team["drafter"], 1, TEXT)
    workflow.submit(section.id, team["drafter"])
    workflow.decide(section.id, team["reviewer"], 2, "approve")
    assert db.session.get(Section, section.id).status == "submitted"
    with pytest.raises(Forbidden):
        workflow.decide(section.id, outsider, 2, "approve")
    workflow.decide(section.id, caiwu_reviewer, 2, "approve")
    assert db.session.get(Section, section.id).status == "approved"


def test_sign_off_needs_a_leader_and_every_section_approved(report, team):
    with pytest.raises(Conflict):
        signoff.sign_off(report.id, team["leader"])
    _approve_all(report, team)
    assert db.session.get(Report, report.id).status == "in_review"
    with pytest.raises(Forbidden):
        signoff.sign_off(report.id, team["admin"])
    assert signoff.sign_off(report.id, team["leader"]).status == "signed_off"
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "report.sign_off" in actions and actions.count("review.approve") == 2


@pytest.mark.parametrize(
    ("role", "own_department", "allowed"),
    [
        ("drafter", True, {"save", "submit"}),
        ("drafter", False, set()),
        ("reviewer", True, {"save", "approve"}),
        ("reviewer", False, set()),
        ("leader", False, {"approve", "assign"}),
        ("admin", False, {"save", "approve", "assign"}),
    ],
)
def test_authorization_matrix(report, team, make_user, role, own_department, allowed):
    section = _first(report)
    department = team["department"] if own_department else "auto"
    actor = make_user(role, department if role in ("drafter", "reviewer") else None)
    other = team["drafter"]
    actions = {
        "save": lambda: drafting.save_revision(
            section.id, actor, section.head_revision, TEXT + role
        ),
        "submit": lambda: workflow.submit(section.id, actor),
        "approve": lambda: workflow.decide(section.id, actor, section.head_revision, "approve"),
        "assign": lambda: workflow.assign(
            section.id, actor, deadline=None, department_code="zonghe"
        ),
    }
    for name, action in actions.items():
        section = db.session.get(Section, section.id)
        if name == "approve":
            # Another section: having saved this one, four-eyes (not authorization) refuses.
            section = sorted(report.sections, key=lambda s: s.position)[1]
            drafting.save_revision(section.id, other, section.head_revision, TEXT + "（待审）")
            workflow.submit(section.id, other)
            section = db.session.get(Section, section.id)
        if name in allowed:
            action()
        else:
            with pytest.raises(Forbidden):
                action()


def test_comment_anchors_follow_edits_and_orphans_are_kept(report, team):
    section = _first(report)
    start = TEXT.index("固定资产投资")
    drafting.save_revision(section.id, team["drafter"], 1, TEXT)
    kept = comments.add(section.id, team["reviewer"], 2, "请核实数据", start, start + 6)
    doomed_start = TEXT.index("同比增长5.2%")
    comments.add(section.id, team["reviewer"], 2, "增速偏高", doomed_start, doomed_start + 8)
    edited = "据统计，" + TEXT.replace("，同比增长5.2%", "")
    drafting.save_revision(section.id, team["drafter"], 2, edited)
    section = db.session.get(Section, section.id)
    threads = {t.root.body: t for t in comments.threads(section, edited)}
    anchor = threads["请核实数据"].anchor
    assert anchor is not None and edited[anchor[0] : anchor[1]] == "固定资产投资"
    assert threads["增速偏高"].is_orphaned
    comments.resolve(kept.id, team["drafter"])
    assert db.session.get(type(kept), kept.id).resolved_at is not None
    comments.reopen(kept.id, team["drafter"])
    assert db.session.get(type(kept), kept.id).resolved_at is None


def test_a_countersigning_reviewer_can_open_the_review_page(
    report, team, make_department, make_user, client, login
):
    caiwu = make_department("caiwu")
    caiwu_reviewer = make_user("reviewer", caiwu)
    section = _first(report)
    workflow.assign(section.id, team["leader"], countersign_codes=["caiwu"])
    login(caiwu_reviewer)
    assert client.get(f"/sections/{section.id}/review").status_code == 200
    assert client.get(f"/reports/{report.id}").status_code == 200
    outsider = make_user("reviewer")
    client.post("/logout")
    login(outsider)
    assert client.get(f"/sections/{section.id}/review").status_code == 403


def test_last_approved_revision_survives_later_drafts(report, team):
    section = _first(report)
    drafting.save_revision(section.id, team["drafter"], 1, TEXT)
    workflow.submit(section.id, team["drafter"])
    assert workflow.last_approved_revision(section) is None
    workflow.decide(section.id, team["reviewer"], 2, "approve")
    drafting.save_revision(section.id, team["drafter"], 2, TEXT + "再补充。")
    section = db.session.get(Section, section.id)
    assert workflow.last_approved_revision(section) == 2 and section.head_revision == 3


def test_a_restore_by_someone_else_does_not_launder_authorship(report, team):
    """Issue 13 hole 4: the reviewer wrote it, the drafter restored it, the reviewer approved."""
    section = _first(report)
    drafting.save_revision(section.id, team["reviewer"], 1, TEXT + "（核稿修改）")
    drafting.save_revision(section.id, team["drafter"], 2, TEXT + "拟稿人改过。")
    drafting.restore(section.id, team["drafter"], 2)
    workflow.submit(section.id, team["drafter"])
    with pytest.raises(Forbidden, match="四眼"):
        workflow.decide(section.id, team["reviewer"], 4, "approve")
    workflow.decide(section.id, team["reviewer2"], 4, "approve")
    assert db.session.get(Section, section.id).status == "approved"


def test_nobody_approves_after_writing_any_revision_since_the_last_approval(report, team):
    section = _first(report)
    drafting.save_revision(section.id, team["reviewer"], 1, TEXT + "（核稿修改）")
    drafting.save_revision(section.id, team["drafter"], 2, TEXT + "拟稿人又改写了。")
    workflow.submit(section.id, team["drafter"])
    with pytest.raises(Forbidden, match="四眼"):
        workflow.decide(section.id, team["reviewer"], 3, "approve")


def test_an_earlier_approved_edit_does_not_bar_the_reviewer_later(report, team):
    section = _first(report)
    drafting.save_revision(section.id, team["reviewer"], 1, TEXT + "（核稿修改）")
    workflow.submit(section.id, team["drafter"])
    workflow.decide(section.id, team["reviewer2"], 2, "approve")
    drafting.save_revision(section.id, team["drafter"], 2, TEXT + "拟稿人补充。")
    workflow.submit(section.id, team["drafter"])
    assert workflow.decide(section.id, team["reviewer"], 3, "approve").decision == "approve"
