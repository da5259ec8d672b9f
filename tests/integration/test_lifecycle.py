"""The report lifecycle: the sign-off checklist, the lock, withdrawal, submitting what is on the
screen, heading-only nodes, 会签 chips and notifications, line endings on the way in."""

from __future__ import annotations

import io
import threading

import pytest
from sqlalchemy import select

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import AuditEvent, DraftBuffer, Notification, Report, Revision, Section
from webapp.services import (
    assembly,
    comments,
    countersign,
    drafting,
    final_documents,
    imports,
    reports,
    signoff,
    submission,
    workflow,
)
from webapp.services.errors import Conflict, Forbidden, InvalidInput
from webapp.text.nodes import Outline, OutlineNode

TEXT = "全年实现地区生产总值120亿元，同比增长5.2%。固定资产投资完成80亿元。"


@pytest.fixture
def team(make_department, make_user):
    department = make_department("zonghe")
    caiwu = make_department("caiwu")
    return {
        "department": department,
        "drafter": make_user("drafter", department),
        "reviewer": make_user("reviewer", department),
        "caiwu_reviewer": make_user("reviewer", caiwu),
        "leader": make_user("leader", None),
        "admin": make_user("admin", None),
    }


@pytest.fixture
def report(team) -> Report:
    outline = simple_outline(("总体情况", "原稿：全年增长XX%。"), ("存在问题", "短板仍然明显。"))
    report = reports.create_from_outline(outline, team["admin"])
    for section in report.sections:
        section.department = team["department"]
    db.session.commit()
    return report


def _sections(report: Report) -> list[Section]:
    return sorted(report.sections, key=lambda s: s.position)


def _approve(section: Section, team, text: str = TEXT) -> None:
    drafting.save_revision(section.id, team["drafter"], section.head_revision, text)
    workflow.submit(section.id, team["drafter"])
    workflow.decide(section.id, team["reviewer"], section.head_revision, "approve")


def _signed_off(report: Report, team) -> Report:
    for section in _sections(report):
        _approve(section, team, f"{section.heading}：{TEXT}")
    return signoff.sign_off(report.id, team["leader"])


def _codes(items) -> list[tuple[str, int]]:
    return [(item.code, item.section_id) for item in items]


# --- the checklist ---------------------------------------------------------------------------


def test_checklist_blocks_on_unapproved_sections_and_placeholders(report, team):
    first, second = _sections(report)
    checks = signoff.checklist(report)
    assert not checks.ready
    assert _codes(checks.blocking) == [
        ("placeholder_in_body", first.id),
        ("not_approved", first.id),
        ("not_approved", second.id),
    ]
    item = checks.blocking[0]
    assert item.detail == "XX" and item.link == f"/sections/{first.id}"
    assert item.message == "一、总体情况：正文仍有未填写的占位符“XX”"


def test_an_approved_text_with_a_placeholder_still_blocks(report, team):
    first, second = _sections(report)
    _approve(first, team, "全年增长XX%。")
    _approve(second, team)
    checks = signoff.checklist(report)
    assert _codes(checks.blocking) == [("placeholder_in_body", first.id)]
    with pytest.raises(Conflict) as refused:
        signoff.sign_off(report.id, team["leader"])
    assert refused.value.code == "sign_off_blocked"
    assert refused.value.details["blocking"][0]["code"] == "placeholder_in_body"
    assert db.session.get(Report, report.id).status == "in_review"


def test_a_placeholder_in_a_heading_blocks(report, team):
    first, second = _sections(report)
    first.heading = "新增公办幼儿园××所"
    db.session.commit()
    _approve(first, team)
    _approve(second, team)
    assert _codes(signoff.checklist(report).blocking) == [("placeholder_in_heading", first.id)]


def test_proofreading_errors_warn_without_blocking(report, team):
    first, second = _sections(report)
    _approve(first, team, "保持了的的市场价格总体平稳。")
    _approve(second, team)
    checks = signoff.checklist(report)
    assert checks.ready and _codes(checks.warnings) == [("proofreading", first.id)]
    assert checks.warnings[0].detail == "的的"


def test_pending_countersign_blocks_until_the_department_approves(report, team):
    first, second = _sections(report)
    _approve(second, team)
    workflow.assign(first.id, team["leader"], countersign_codes=["caiwu"])
    drafting.save_revision(first.id, team["drafter"], 1, TEXT)
    workflow.submit(first.id, team["drafter"])
    workflow.decide(first.id, team["reviewer"], 2, "approve")
    checks = signoff.checklist(report)
    assert ("countersign_pending", first.id) in _codes(checks.blocking)
    assert checks.blocking[-1].link == f"/sections/{first.id}/review"
    workflow.decide(first.id, team["caiwu_reviewer"], 2, "approve")
    assert signoff.checklist(report).ready


def test_heading_only_nodes_are_no_task(report, team):
    first, second = _sections(report)
    second.heading_only = True
    db.session.commit()
    with pytest.raises(InvalidInput) as submitted:
        workflow.submit(second.id, team["drafter"])
    assert submitted.value.code == "not_a_task"
    with pytest.raises(InvalidInput) as approved:
        workflow.decide(second.id, team["reviewer"], 1, "approve")
    assert approved.value.code == "not_a_task"
    _approve(first, team)
    assert db.session.get(Report, report.id).status == "in_review"
    assert signoff.checklist(report).ready
    assert signoff.sign_off(report.id, team["leader"]).status == "signed_off"


# --- sign-off and withdrawal -----------------------------------------------------------------


def test_sign_off_records_who_and_when_and_only_leaders_may(report, team):
    for section in _sections(report):
        _approve(section, team)
    with pytest.raises(Forbidden):
        signoff.sign_off(report.id, team["admin"])
    signed = signoff.sign_off(report.id, team["leader"])
    assert signed.status == "signed_off" and signed.signed_off_by_id == team["leader"].id
    assert signed.signed_off_at is not None
    with pytest.raises(Conflict) as again:
        signoff.sign_off(report.id, team["leader"])
    assert again.value.code == "already_signed_off"


def test_withdrawal_needs_a_leader_and_a_reason_and_reopens_the_report(report, team):
    _signed_off(report, team)
    with pytest.raises(Forbidden):
        signoff.withdraw(report.id, team["admin"], "数据有误")
    with pytest.raises(InvalidInput) as no_reason:
        signoff.withdraw(report.id, team["leader"], "   ")
    assert no_reason.value.code == "reason_required"
    reopened = signoff.withdraw(report.id, team["leader"], "第一节数据需更新")
    assert reopened.status == "in_review"
    assert reopened.signed_off_at is None and reopened.signed_off_by_id is None
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "report.withdraw_sign_off")
    )
    assert event.payload["reason"] == "第一节数据需更新"
    told = db.session.scalars(
        select(Notification).where(Notification.kind == "report_sign_off_withdrawn")
    ).all()
    assert {n.user_id for n in told} >= {team["drafter"].id, team["reviewer"].id}
    assert team["leader"].id not in {n.user_id for n in told}
    assert "第一节数据需更新" in told[0].message
    drafting.save_revision(_sections(report)[0].id, team["drafter"], 2, TEXT + "更新。")
    with pytest.raises(Conflict) as not_signed:
        signoff.withdraw(report.id, team["leader"], "再撤回")
    assert not_signed.value.code == "not_signed_off"


def test_final_documents_stay_downloadable_after_withdrawal(report, team):
    _signed_off(report, team)
    job = assembly.create_job(report.id, team["leader"], ["txt"], draft=False)
    assembly.run_job(job.id)
    assert db.session.get(Report, report.id).status == "final"
    signoff.withdraw(report.id, team["leader"], "补充内容")
    versions = final_documents.documents_for(report.id, team["drafter"])
    assert len(versions) == 1 and not versions[0].draft
    document = final_documents.document_for_download(versions[0].documents[0].id, team["drafter"])
    check = final_documents.verify_upload(report.id, team["leader"], io.BytesIO(document.content))
    assert [match.id for match in check.matches] == [document.id]


def test_a_final_document_needs_a_signed_off_report(report, team):
    for section in _sections(report):
        _approve(section, team)
    with pytest.raises(InvalidInput) as refused:
        assembly.create_job(report.id, team["leader"], ["txt"], draft=False)
    assert refused.value.code == "not_signed_off"


# --- the lock --------------------------------------------------------------------------------


def _assert_locked(call) -> None:
    with pytest.raises(Conflict) as refused:
        call()
    assert refused.value.code == "locked" and refused.value.details["locked"] is True


def test_every_write_is_refused_on_a_signed_off_report(report, team):
    _signed_off(report, team)
    first = _sections(report)[0]
    comment_id = db.session.scalar(select(Revision.id).where(Revision.section_id == first.id))
    drafter, reviewer, leader = team["drafter"], team["reviewer"], team["leader"]
    _assert_locked(lambda: drafting.save_revision(first.id, drafter, 2, "改动。"))
    _assert_locked(lambda: drafting.save_revision(first.id, drafter, 1, "旧底稿改动。"))
    _assert_locked(lambda: drafting.save_draft(first.id, drafter, 2, "草稿。"))
    _assert_locked(lambda: drafting.restore(first.id, drafter, 1))
    _assert_locked(lambda: workflow.decide(first.id, reviewer, 2, "request_changes", "再改"))
    _assert_locked(lambda: workflow.decide(first.id, reviewer, 2, "comment", "意见"))
    _assert_locked(lambda: comments.add(first.id, reviewer, 2, "批注"))
    _assert_locked(lambda: workflow.assign(first.id, leader, countersign_codes=["caiwu"]))
    _assert_locked(lambda: workflow.plan_report(report.id, leader, None, {}))
    section = db.session.get(Section, first.id)
    assert section.status == "approved" and section.head_revision == 2
    assert db.session.get(Report, report.id).status == "signed_off"
    assert comment_id is not None


def test_submit_and_comment_threads_are_locked_too(report, team):
    first, second = _sections(report)
    _approve(first, team)
    drafting.save_revision(second.id, team["drafter"], 1, TEXT)
    workflow.submit(second.id, team["drafter"])
    thread = comments.add(second.id, team["reviewer"], 2, "请核实", 0, 4)
    workflow.decide(second.id, team["reviewer"], 2, "approve")
    signoff.sign_off(report.id, team["leader"])
    _assert_locked(lambda: comments.resolve(thread.id, team["drafter"]))
    _assert_locked(lambda: comments.reopen(thread.id, team["drafter"]))
    workflow_section = db.session.get(Section, first.id)
    workflow_section.status = "draft"  # as if a section had been reopened by hand
    db.session.commit()
    _assert_locked(lambda: workflow.submit(first.id, team["drafter"]))


def test_a_save_refused_by_the_lock_keeps_the_typed_text(report, team):
    _signed_off(report, team)
    first = _sections(report)[0]
    _assert_locked(lambda: drafting.save_revision(first.id, team["drafter"], 2, "我刚打的字。"))
    draft = drafting.get_draft(first.id, team["drafter"])
    assert draft.body == "我刚打的字。" and not draft.has_conflict
    _assert_locked(lambda: drafting.save_draft(first.id, team["drafter"], 2, "又打了几个字。"))
    assert drafting.get_draft(first.id, team["drafter"]).body == "又打了几个字。"
    assert db.session.scalar(select(Revision.number).order_by(Revision.number.desc())) == 2


def test_a_stranger_refused_by_the_lock_gets_no_draft(report, team, make_user):
    _signed_off(report, team)
    first = _sections(report)[0]
    with pytest.raises(Forbidden):
        drafting.save_revision(first.id, make_user("drafter"), 2, "外人。")
    assert db.session.scalar(select(DraftBuffer)) is None


# --- submitting what is on the screen --------------------------------------------------------


def test_submit_on_screen_saves_the_text_first(report, team):
    first = _sections(report)[0]
    done = submission.submit_on_screen(first.id, team["drafter"], 1, "屏幕上的文字。")
    assert done.saved.created and done.section.status == "submitted"
    assert drafting.head_body(db.session.get(Section, first.id)) == "屏幕上的文字。"


def test_submit_on_screen_with_a_conflict_submits_nothing(report, team):
    first = _sections(report)[0]
    drafting.save_revision(first.id, team["reviewer"], 1, "原稿：全年增长8%。")
    with pytest.raises(Conflict):
        submission.submit_on_screen(first.id, team["drafter"], 1, "原稿：全年增长9%。")
    assert db.session.get(Section, first.id).status == "draft"
    assert drafting.get_draft(first.id, team["drafter"]).body == "原稿：全年增长9%。"


def test_submitting_without_a_screen_is_refused_while_unsaved_text_waits(report, team):
    first = _sections(report)[0]
    drafting.save_draft(first.id, team["drafter"], 1, "还没保存的文字。")
    with pytest.raises(Conflict) as refused:
        submission.submit_saved(first.id, team["drafter"])
    assert refused.value.code == "unsaved_draft"
    assert db.session.get(Section, first.id).status == "draft"


def test_a_reviewer_cannot_submit_through_the_editor(report, team):
    first = _sections(report)[0]
    with pytest.raises(Forbidden):
        submission.submit_on_screen(first.id, team["reviewer"], 1, "核稿。")
    assert db.session.get(Section, first.id).head_revision == 1


# --- line endings on the way in --------------------------------------------------------------


def test_saves_and_autosaves_store_newlines_only(report, team):
    first = _sections(report)[0]
    result = drafting.save_revision(first.id, team["drafter"], 1, "第一段。\r\n第二段。\r第三段。")
    body = drafting.head_body(db.session.get(Section, first.id))
    assert body == "第一段。\n第二段。\n第三段。" and result.revision == 2
    saved = db.session.get(Section, first.id)
    assert saved.head_sha256 == reports.revision_sha256(saved.heading, body)
    drafting.save_draft(first.id, team["drafter"], 2, "甲\r\n乙")
    assert drafting.get_draft(first.id, team["drafter"]).body == "甲\n乙"
    # The same text with CRLF is no change.
    assert not drafting.save_revision(
        first.id, team["drafter"], 2, body.replace("\n", "\r\n")
    ).created


def test_a_comment_on_an_old_crlf_revision_lands_on_the_selected_characters(report, team):
    first = _sections(report)[0]
    stored = "第一段。\r\n第二段。\r\n第三段有数据。"
    db.session.add(
        Revision(section_id=first.id, number=2, body=stored, sha256=reports.text_sha256(stored))
    )
    first.head_revision, first.head_sha256 = 2, reports.text_sha256(stored)
    db.session.commit()
    shown = stored.replace("\r\n", "\n")
    start = shown.index("有数据")
    thread = comments.add(first.id, team["reviewer"], 2, "请核实", start, start + 3)
    assert thread.quote == "有数据"
    [found] = comments.threads(db.session.get(Section, first.id), stored)
    assert stored[found.anchor[0] : found.anchor[1]] == "有数据"
    drafting.save_revision(first.id, team["drafter"], 2, shown.replace("第一段", "第一部分"))
    [moved] = comments.threads(db.session.get(Section, first.id), drafting.head_body(first))
    assert drafting.head_body(first)[moved.anchor[0] : moved.anchor[1]] == "有数据"


# --- 会签 chips and notifications ------------------------------------------------------------


def test_countersign_chips_follow_each_departments_decision(report, team, make_department):
    make_department("renshi")
    first = _sections(report)[0]
    workflow.assign(first.id, team["leader"], countersign_codes=["caiwu", "renshi"])
    drafting.save_revision(first.id, team["drafter"], 1, TEXT)
    workflow.submit(first.id, team["drafter"])

    def states() -> list[tuple[str, str]]:
        return [(c.department_code, c.state) for c in countersign.chips_for_section(first)]

    assert states() == [("caiwu", "pending"), ("renshi", "pending")]
    workflow.decide(first.id, team["caiwu_reviewer"], 2, "approve")
    assert states() == [("caiwu", "approved"), ("renshi", "pending")]
    workflow.decide(first.id, team["caiwu_reviewer"], 2, "request_changes", "数据再核")
    assert states() == [("caiwu", "sent_back"), ("renshi", "pending")]
    drafting.save_revision(first.id, team["drafter"], 2, TEXT + "已核。")
    workflow.submit(first.id, team["drafter"])
    assert states() == [("caiwu", "pending"), ("renshi", "pending")]


def test_departments_assigned_at_import_are_notified(team, make_user):
    outline = Outline(
        title="某局2026年工作总结",
        sections=(
            OutlineNode("numbered", 1, "总体情况", "正文。"),
            OutlineNode("numbered", 1, "存在问题", "正文。"),
        ),
    )
    imports.import_report(outline, team["admin"], assignments={0: "zonghe"})
    told = db.session.scalars(
        select(Notification).where(Notification.user_id == team["drafter"].id)
    ).all()
    assert [n.kind for n in told] == ["section_assigned"]
    assert told[0].message == "《某局2026年工作总结》总体情况已分配给本部门起草"


# --- a save racing a sign-off ----------------------------------------------------------------


@pytest.mark.postgres
def test_a_save_racing_a_sign_off_waits_for_it_and_is_refused(app, report, team):
    """While a sign-off holds the report row, a save that has not yet passed the lock check
    waits; once the sign-off commits, the save is refused (its text kept), never half-applied."""
    first = _sections(report)[0]
    for section in _sections(report):
        _approve(section, team, f"{section.heading}：{TEXT}")
    section_id, drafter_id = first.id, team["drafter"].id
    outcome: dict[str, object] = {}

    def save() -> None:
        with app.app_context():
            drafter = db.session.get(type(team["drafter"]), drafter_id)
            try:
                drafting.save_revision(section_id, drafter, 2, "签发时还在打字。")
                outcome["result"] = "saved"
            except Conflict as error:
                outcome["result"] = error.code
            finally:
                db.session.remove()

    with db.engine.connect() as signing:
        transaction = signing.begin()
        signing.execute(select(Report.id).where(Report.id == report.id).with_for_update()).one()
        signing.execute(
            Report.__table__.update()
            .where(Report.__table__.c.id == report.id)
            .values(status="signed_off")
        )
        saver = threading.Thread(target=save)
        saver.start()
        saver.join(timeout=1)
        assert saver.is_alive(), "the save must wait for the sign-off's row lock"
        transaction.commit()
    saver.join(timeout=30)
    assert outcome["result"] == "locked"
    db.session.expire_all()
    assert db.session.get(Section, section_id).head_revision == 2
    assert drafting.get_draft(section_id, team["drafter"]).body == "签发时还在打字。"
