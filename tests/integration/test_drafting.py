"""Saving revisions: immutable numbered rows, merges, conflicts kept in the draft buffer."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import AuditEvent, DraftBuffer, Revision
from webapp.services import drafting
from webapp.services.errors import Conflict, Forbidden, InvalidInput, PayloadTooLarge

BASE = (
    "2020年，县发改局及时协调解决企业复工复产中遇到的用工、物流、资金等问题。全年目标任务较好完成。"
)


@pytest.fixture
def section(make_report, make_department):
    department = make_department("zonghe")
    report = make_report(department=department)
    section = report.sections[0]
    return section


@pytest.fixture
def drafters(make_user, section):
    return make_user("drafter", section.department), make_user("drafter", section.department)


def _revisions(section_id: int) -> list[Revision]:
    return list(
        db.session.scalars(
            select(Revision).where(Revision.section_id == section_id).order_by(Revision.number)
        )
    )


def test_save_from_head_creates_the_next_revision_with_hash_and_audit(section, drafters):
    alice, _ = drafters
    result = drafting.save_revision(section.id, alice, 1, BASE, "初稿")
    assert (result.revision, result.merged, result.created) == (2, False, True)
    revision = _revisions(section.id)[-1]
    assert revision.body == BASE and revision.base_number == 1 and revision.author_id == alice.id
    assert len(revision.sha256) == 64 and revision.message == "初稿"
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "revision.save")) == 1


def test_saving_identical_text_creates_no_revision(section, drafters):
    alice, _ = drafters
    drafting.save_revision(section.id, alice, 1, BASE)
    again = drafting.save_revision(section.id, alice, 2, BASE)
    assert (again.revision, again.created) == (2, False)
    assert len(_revisions(section.id)) == 2


def test_second_save_from_same_base_merges_disjoint_edits(section, drafters):
    alice, bob = drafters
    drafting.save_revision(section.id, alice, 1, BASE)
    drafting.save_revision(section.id, alice, 2, BASE.replace("2020年，", "2020年以来，"))
    merged = drafting.save_revision(section.id, bob, 2, BASE.replace("较好完成", "圆满完成"))
    assert merged.merged and merged.created and merged.revision == 4
    body = _revisions(section.id)[-1].body
    assert "2020年以来，" in body and "圆满完成" in body


def test_overlapping_edit_conflicts_and_keeps_the_text_in_the_draft_buffer(section, drafters):
    alice, bob = drafters
    drafting.save_revision(section.id, alice, 1, BASE)
    drafting.save_revision(section.id, alice, 2, BASE.replace("用工", "用工招聘"))
    mine = BASE.replace("用工", "人员")
    with pytest.raises(Conflict) as error:
        drafting.save_revision(section.id, bob, 2, mine)
    assert error.value.details["head"] == 3
    draft = db.session.scalar(select(DraftBuffer).where(DraftBuffer.user_id == bob.id))
    assert draft.body == mine and draft.has_conflict and draft.base_revision == 2
    assert len(_revisions(section.id)) == 3
    resolved = drafting.save_revision(section.id, bob, 3, BASE.replace("用工", "人员招聘"))
    assert resolved.created and not resolved.merged
    assert db.session.scalar(select(DraftBuffer).where(DraftBuffer.user_id == bob.id)) is None


def test_restore_makes_an_old_text_the_newest_revision(section, drafters):
    alice, _ = drafters
    first = _revisions(section.id)[0].body
    drafting.save_revision(section.id, alice, 1, BASE)
    restored = drafting.restore(section.id, alice, 1)
    assert restored.revision == 3
    newest = _revisions(section.id)[-1]
    assert newest.body == first and "恢复第 1 版" in newest.message


def test_bad_input_is_refused(section, drafters, app):
    alice, _ = drafters
    with pytest.raises(InvalidInput):
        drafting.save_revision(section.id, alice, 7, BASE)
    with pytest.raises(PayloadTooLarge):
        drafting.save_revision(section.id, alice, 1, "字" * (app.config["MAX_BODY_CHARS"] + 1))


@pytest.mark.parametrize(
    ("role", "same_department", "allowed"),
    [
        ("drafter", True, True),
        ("reviewer", True, True),
        ("admin", False, True),
        ("drafter", False, False),
        ("reviewer", False, False),
        ("leader", False, False),
    ],
)
def test_who_may_save(section, make_user, role, same_department, allowed):
    department = section.department if same_department else "auto"
    if role in ("admin", "leader"):
        department = None
    user = make_user(role, department)
    if allowed:
        assert drafting.save_revision(section.id, user, 1, BASE).created
    else:
        with pytest.raises(Forbidden):
            drafting.save_revision(section.id, user, 1, BASE)


def test_autosave_is_not_history_and_shows_who_is_editing(section, drafters):
    alice, bob = drafters
    drafting.save_draft(section.id, alice, 1, "正在写……")
    assert len(_revisions(section.id)) == 1
    assert drafting.get_draft(section.id, alice).body == "正在写……"
    assert [user.id for user in drafting.other_editors(section.id, bob)] == [alice.id]
    assert drafting.other_editors(section.id, alice) == []


def test_history_and_compare(section, drafters):
    alice, _ = drafters
    drafting.save_revision(section.id, alice, 1, BASE, "初稿")
    entries = drafting.history(section.id, alice)
    assert [entry.number for entry in entries] == [2, 1]
    assert entries[0].chars == len(BASE) and entries[0].message == "初稿"
    ops = drafting.compare(section.id, alice, 0, 2)
    assert ops == [(1, BASE)]
