"""Suggestions: propose on a pinned revision, accept onto a moved head, reject, conflicts,
outdated ranges, who may do what, and the lock of a signed-off report."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from webapp.extensions import db
from webapp.models import AuditEvent, DraftBuffer, Revision, SectionCountersign, Suggestion
from webapp.services import drafting, suggestion_views, suggestions
from webapp.services.errors import Conflict, Forbidden, InvalidInput
from webapp.services.suggestions import Proposal

BODY = "全年完成固定资产投资12亿元，同比增长8%。重点项目进展顺利。"


@pytest.fixture
def section(make_report, make_department):
    report = make_report(department=make_department("zonghe"))
    return report.sections[0]


@pytest.fixture
def people(make_user, section):
    department = section.department
    return {
        "drafter": make_user("drafter", department),
        "reviewer": make_user("reviewer", department),
        "leader": make_user("leader", None),
    }


@pytest.fixture
def pinned(section, people):
    """Revision 2 holds BODY; suggestions are pinned to it."""
    drafting.save_revision(section.id, people["drafter"], 1, BODY)
    return 2


def _suggest(section, user, old: str, new: str, revision: int = 2, note: str = "") -> int:
    start = BODY.index(old)
    proposal = Proposal(revision, start, start + len(old), new, note)
    return suggestions.propose(section.id, user, proposal).id


def _head(section) -> tuple[int, str]:
    db.session.refresh(section)
    return section.head_revision, drafting.head_body(section)


def test_accept_on_unmoved_head_is_a_revision_crediting_the_suggester(section, people, pinned):
    suggestion_id = _suggest(section, people["reviewer"], "12亿元", "12.3亿元", note="按统计局口径")
    result = suggestions.accept(suggestion_id, people["drafter"])
    assert (result.revision, result.created) == (3, True)
    _, body = _head(section)
    assert body == BODY.replace("12亿元", "12.3亿元")
    revision = db.session.scalar(
        select(Revision).where(Revision.section_id == section.id, Revision.number == 3)
    )
    assert people["reviewer"].display_name in revision.message
    assert result.suggestion.state == "accepted" and result.suggestion.resulting_revision == 3
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"suggestion.propose", "suggestion.accept"} <= actions


def test_accept_onto_a_moved_head_merges_with_the_other_edit(section, people, pinned):
    suggestion_id = _suggest(section, people["reviewer"], "8%", "8.2%")
    drafting.save_revision(
        section.id, people["drafter"], 2, BODY.replace("重点项目", "全县重点项目")
    )
    suggestions.accept(suggestion_id, people["drafter"])
    number, body = _head(section)
    assert number == 4
    assert body == BODY.replace("8%", "8.2%").replace("重点项目", "全县重点项目")


def test_accept_when_the_suggested_text_changed_is_a_conflict_showing_both(section, people, pinned):
    suggestion_id = _suggest(section, people["reviewer"], "12亿元", "12.3亿元")
    drafting.save_revision(section.id, people["drafter"], 2, BODY.replace("12亿元", "11.8亿元"))
    with pytest.raises(Conflict) as raised:
        suggestions.accept(suggestion_id, people["drafter"])
    assert raised.value.code == "suggestion_conflict"
    details = raised.value.details
    assert (details["original"], details["replacement"], details["current"]) == (
        "12亿元",
        "12.3亿元",
        "11.8亿元",
    )
    assert _head(section) == (3, BODY.replace("12亿元", "11.8亿元"))
    [view] = suggestion_views.for_section(section.id, people["drafter"])
    assert view.suggestion.state == "open"


def test_reject_changes_nothing(section, people, pinned):
    suggestion_id = _suggest(section, people["leader"], "顺利", "较为顺利")
    rejected = suggestions.reject(suggestion_id, people["drafter"])
    assert rejected.state == "rejected" and rejected.decided_by_id == people["drafter"].id
    assert _head(section) == (2, BODY)
    with pytest.raises(Conflict) as raised:
        suggestions.accept(suggestion_id, people["drafter"])
    assert raised.value.code == "suggestion_decided"


def test_open_suggestion_follows_later_revisions_and_is_outdated_after_a_rewrite(
    section, people, pinned
):
    suggestion_id = _suggest(section, people["reviewer"], "重点项目进展顺利", "重点项目全部开工")
    moved = "2026年，" + BODY
    drafting.save_revision(section.id, people["drafter"], 2, moved)
    [view] = suggestion_views.for_section(section.id, people["drafter"])
    start, end = view.anchor
    assert moved[start:end] == "重点项目进展顺利" and view.state == "open"
    drafting.save_revision(section.id, people["drafter"], 3, "2026年，全年完成固定资产投资12亿元。")
    [view] = suggestion_views.for_section(section.id, people["drafter"])
    assert view.anchor is None and view.state == "outdated"
    assert suggestion_views.open_counts(section.report_id) == {section.id: 1}
    assert suggestion_id == view.suggestion.id


def test_an_insertion_at_a_point_and_a_deletion(section, people, pinned):
    point = BODY.index("重点项目")
    insertion = suggestions.propose(
        section.id, people["reviewer"], Proposal(2, point, point, "全县")
    )
    deletion = _suggest(section, people["reviewer"], "，同比增长8%", "")
    suggestions.accept(insertion.id, people["drafter"])
    suggestions.accept(deletion, people["drafter"])
    assert _head(section)[1] == "全年完成固定资产投资12亿元。全县重点项目进展顺利。"


def test_accept_keeps_the_drafters_unsaved_editor_text(section, people, pinned):
    suggestion_id = _suggest(section, people["reviewer"], "12亿元", "12.3亿元")
    drafting.save_draft(section.id, people["drafter"], 2, BODY + "正在写的一句。")
    suggestions.accept(suggestion_id, people["drafter"])
    draft = db.session.scalar(select(DraftBuffer).where(DraftBuffer.section_id == section.id))
    assert draft.body == BODY + "正在写的一句。" and draft.base_revision == 2


def test_who_may_suggest_and_decide(section, people, pinned, make_user, make_department):
    other = make_department("xiangmu")
    outsider = make_user("reviewer", other)
    with pytest.raises(Forbidden):
        _suggest(section, outsider, "12亿元", "13亿元")
    with pytest.raises(Forbidden):
        _suggest(section, people["drafter"], "12亿元", "13亿元")
    db.session.add(SectionCountersign(section_id=section.id, department_id=other.id))
    db.session.commit()
    suggestion_id = _suggest(section, outsider, "12亿元", "13亿元")
    for not_deciding in (people["reviewer"], people["leader"], make_user("drafter", other)):
        with pytest.raises(Forbidden):
            suggestions.accept(suggestion_id, not_deciding)
        with pytest.raises(Forbidden):
            suggestions.reject(suggestion_id, not_deciding)


def test_bad_ranges_and_no_op_suggestions_are_refused(section, people, pinned):
    reviewer = people["reviewer"]
    for proposal in (
        Proposal(2, 5, 2, "x"),
        Proposal(2, 0, len(BODY) + 1, "x"),
        Proposal(2, 0, 2, BODY[:2]),
    ):
        with pytest.raises(InvalidInput):
            suggestions.propose(section.id, reviewer, proposal)
    with pytest.raises(InvalidInput):
        suggestions.propose(section.id, reviewer, Proposal(9, 0, 1, "x"))


def test_a_signed_off_report_refuses_suggestions_and_decisions(section, people, pinned):
    suggestion_id = _suggest(section, people["reviewer"], "12亿元", "12.3亿元")
    section.report.status = "signed_off"
    db.session.commit()
    for act in (
        lambda: _suggest(section, people["reviewer"], "顺利", "很顺利"),
        lambda: suggestions.accept(suggestion_id, people["drafter"]),
        lambda: suggestions.reject(suggestion_id, people["drafter"]),
    ):
        with pytest.raises(Conflict) as raised:
            act()
        assert raised.value.code == "locked" and raised.value.details["locked"] is True


def test_a_decision_that_lost_the_race_changes_nothing(section, people, pinned):
    suggestion_id = _suggest(section, people["reviewer"], "12亿元", "12.3亿元")
    suggestion = db.session.get(Suggestion, suggestion_id)
    assert suggestion.state == "open"  # this session still sees it open…
    with db.engine.begin() as other:  # …while another drafter's accept already committed
        other.execute(update(Suggestion).values(state="accepted"))
    with pytest.raises(Conflict) as raised:
        suggestions.accept(suggestion_id, people["drafter"])
    assert raised.value.code == "suggestion_decided"
    assert _head(section) == (2, BODY)
