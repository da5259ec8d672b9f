"""Issue 13 holes 5 and 6: who-is-editing stays inside the report; only the people a comment
concerns resolve or reopen it."""

from __future__ import annotations

import pytest

from webapp.services import comments, workflow
from webapp.services.errors import Forbidden


@pytest.fixture
def section(make_report, make_department):
    department = make_department("zonghe")
    report = make_report(department=department)
    return sorted(report.sections, key=lambda s: s.position)[0]


def test_editors_of_a_section_outside_ones_report_are_forbidden(client, login_as, section):
    login_as("drafter")  # of another department
    assert client.get(f"/sections/{section.id}/editors").status_code == 403


def test_editors_of_a_missing_section_are_not_found(client, login_as):
    login_as("admin")
    assert client.get("/sections/999999/editors").status_code == 404


def test_editors_answer_inside_the_report(client, login_as, section):
    login_as("reviewer", section.department)
    assert client.get(f"/sections/{section.id}/editors").status_code == 200


@pytest.fixture
def thread(section, make_user):
    author = make_user("reviewer", section.department)
    return comments.add(section.id, author, section.head_revision, "请核实数据")


@pytest.mark.parametrize("role", ["leader", "admin"])
def test_readers_the_comment_does_not_concern_cannot_resolve_it(make_user, thread, role):
    with pytest.raises(Forbidden):
        comments.resolve(thread.id, make_user(role))
    with pytest.raises(Forbidden):
        comments.reopen(thread.id, make_user(role))


def test_author_section_drafter_and_countersigner_may_resolve_and_reopen(
    make_user, make_department, section, thread
):
    countersigning = make_department("xiangmu")
    leader = make_user("leader")
    workflow.assign(section.id, leader, countersign_codes=["xiangmu"])
    for person in (
        thread.author,
        make_user("drafter", section.department),
        make_user("reviewer", countersigning),
    ):
        assert comments.resolve(thread.id, person).resolved_at is not None
        assert comments.reopen(thread.id, person).resolved_at is None


def test_a_department_reading_through_another_section_cannot_resolve(
    make_user, make_department, section, thread
):
    other = make_department("caiwu")
    leader = make_user("leader")
    second = sorted(section.report.sections, key=lambda s: s.position)[1]
    workflow.assign(second.id, leader, department_code="caiwu")
    with pytest.raises(Forbidden):
        comments.resolve(thread.id, make_user("reviewer", other))
