"""Claiming a section for review, 催办 of late departments and escalation to the leaders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from conftest import simple_outline
from webapp.extensions import db
from webapp.models import AuditEvent, Chase, Notification, Section
from webapp.services import chasing, claims, drafting, workflow
from webapp.services.deadlines import china_today
from webapp.services.errors import Conflict, Forbidden, InvalidInput, TooManyRequests

TODAY = china_today()


@pytest.fixture
def team(make_department, make_user, make_report) -> dict:
    department = make_department("jiaoyu", "教育股")
    report = make_report(
        simple_outline(("教育事业", "新建学校12所。"), ("卫生事业", "新建医院2所。")),
        department=department,
    )
    people = {
        "department": department,
        "report": report,
        "section": report.sections[0],
        "drafter": make_user("drafter", department, "li"),
        "drafter2": make_user("drafter", department, "wang"),
        "reviewer": make_user("reviewer", department, "zhang"),
        "reviewer2": make_user("reviewer", department, "zhao"),
        "leader": make_user("leader", None, "boss"),
    }
    drafting.save_revision(people["section"].id, people["drafter"], 1, "新建学校15所。")
    workflow.submit(people["section"].id, people["drafter"])
    return people


def notices(user, kind: str) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
        )
    )


def test_a_claim_names_the_reviewer_to_the_others(team):
    claim = claims.claim(team["section"].id, team["reviewer"])
    assert claim.reviewer == team["reviewer"].display_name
    assert claims.current_claim(team["section"]).user_id == team["reviewer"].id
    with pytest.raises(Conflict) as raised:
        claims.claim(team["section"].id, team["reviewer2"])
    assert raised.value.code == "already_claimed"
    assert raised.value.details["reviewer"] == team["reviewer"].display_name


def test_a_decision_releases_the_claim(team):
    claims.claim(team["section"].id, team["reviewer"])
    workflow.decide(team["section"].id, team["reviewer"], 2, "approve")
    assert claims.current_claim(db.session.get(Section, team["section"].id)) is None


def test_a_comment_keeps_the_claim(team):
    claims.claim(team["section"].id, team["reviewer"])
    workflow.decide(team["section"].id, team["reviewer"], 2, "comment", "看过了")
    assert claims.current_claim(team["section"]) is not None


def test_a_lapsed_claim_can_be_taken_by_another_reviewer(team, app):
    claims.claim(team["section"].id, team["reviewer"])
    section = db.session.get(Section, team["section"].id)
    section.claimed_at -= timedelta(minutes=app.config["CLAIM_TIMEOUT_MIN"] + 1)
    db.session.commit()
    assert claims.current_claim(section) is None
    assert claims.claim(section.id, team["reviewer2"]).user_id == team["reviewer2"].id


def test_only_the_holder_releases_a_claim(team):
    claims.claim(team["section"].id, team["reviewer"])
    with pytest.raises(Forbidden):
        claims.release(team["section"].id, team["reviewer2"])
    claims.release(team["section"].id, team["reviewer"])
    assert claims.current_claim(team["section"]) is None
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("section.%"))
    )
    assert {"section.claim", "section.release"} <= set(actions)


def test_drafters_leaders_and_other_departments_cannot_claim(team, make_user):
    for actor in (team["drafter"], team["leader"], make_user("reviewer")):
        with pytest.raises(Forbidden):
            claims.claim(team["section"].id, actor)


def test_an_unsubmitted_section_cannot_be_claimed(team):
    with pytest.raises(InvalidInput) as raised:
        claims.claim(team["report"].sections[1].id, team["reviewer"])
    assert raised.value.code == "claim_not_submitted"


def make_overdue(team, days: int) -> None:
    for section in team["report"].sections:
        section.deadline = TODAY - timedelta(days=days)
    db.session.commit()


def test_the_leader_sees_overdue_sections_per_department(team):
    make_overdue(team, 1)
    board = chasing.overdue_by_department(team["leader"], TODAY)
    assert [(item.department_code, len(item.sections)) for item in board] == [("jiaoyu", 2)]
    assert board[0].next_chase_at is None


def test_a_chase_notifies_the_drafters_once_per_interval_and_is_audited(team):
    make_overdue(team, 1)
    report_id = team["report"].id
    assert chasing.chase(report_id, "jiaoyu", team["leader"], TODAY) == 2
    message = notices(team["drafter2"], "chase")[0].message
    assert "催办" in message and "教育事业" in message
    with pytest.raises(TooManyRequests) as raised:
        chasing.chase(report_id, "jiaoyu", team["leader"], TODAY)
    assert raised.value.code == "chased_recently"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report.chase"))
    assert chasing.overdue_by_department(team["leader"], TODAY)[0].next_chase_at is not None


def test_a_chase_after_the_interval_goes_out_again(team):
    make_overdue(team, 1)
    chasing.chase(team["report"].id, "jiaoyu", team["leader"], TODAY)
    for row in db.session.scalars(select(Chase)):
        row.chased_at -= timedelta(hours=2)
    db.session.commit()
    assert chasing.chase(team["report"].id, "jiaoyu", team["leader"], TODAY) == 2


def test_a_department_with_nothing_overdue_is_not_chased(team):
    with pytest.raises(InvalidInput) as raised:
        chasing.chase(team["report"].id, "jiaoyu", team["leader"], TODAY)
    assert raised.value.code == "nothing_overdue"


def test_only_leaders_and_admins_chase(team):
    make_overdue(team, 1)
    with pytest.raises(Forbidden):
        chasing.chase(team["report"].id, "jiaoyu", team["reviewer"], TODAY)
    with pytest.raises(Forbidden):
        chasing.overdue_by_department(team["drafter"], TODAY)


def test_long_overdue_sections_escalate_to_the_leaders_once(team, app):
    days = app.config["ESCALATE_AFTER_DAYS"]
    make_overdue(team, days)
    assert chasing.escalate(TODAY) == 0
    make_overdue(team, days + 1)
    assert chasing.escalate(TODAY) == 2
    assert chasing.escalate(TODAY) == 0
    assert len(notices(team["leader"], "escalated")) == 2
    assert notices(team["drafter"], "escalated") == []


def test_headings_without_a_body_are_not_overdue(team):
    make_overdue(team, 1)
    team["report"].sections[1].heading_only = True
    db.session.commit()
    [item] = chasing.overdue_by_department(team["leader"], TODAY)
    assert [section.id for section in item.sections] == [team["section"].id]


def test_the_escalation_task_runs_on_the_beat_schedule(team, app):
    from workers import celery_app, tasks

    entry = celery_app.conf.beat_schedule["escalate-overdue"]
    assert entry["task"] == "workers.tasks.escalate_overdue"
    make_overdue(team, app.config["ESCALATE_AFTER_DAYS"] + 1)
    assert tasks.escalate_overdue.run() == 2
