"""Sign-off, the lock and withdrawal through the browser forms and the JSON API, and an attack
on every write path of a signed-off report (issue 13, hole 3)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Comment, Report, Section
from webapp.services import accounts, drafting, reports, signoff, workflow
from webapp.text.nodes import Outline, OutlineNode

TEXT = "全年实现地区生产总值120亿元，同比增长5.2%。"


@pytest.fixture
def people(make_department, make_user):
    zonghe = make_department("zonghe")
    make_department("caiwu")
    return {
        "drafter": make_user("drafter", zonghe),
        "reviewer": make_user("reviewer", zonghe),
        "leader": make_user("leader", None),
        "admin": make_user("admin", None),
    }


@pytest.fixture
def report(people) -> Report:
    outline = Outline(
        title="某局2026年工作总结",
        sections=(
            OutlineNode("numbered", 1, "总体情况", "全年增长XX%。"),
            OutlineNode("numbered", 1, "存在问题", "短板仍然明显。"),
        ),
    )
    made = reports.create_from_outline(outline, people["admin"])
    zonghe = accounts.department_by_code("zonghe")
    for section in made.sections:
        section.department = zonghe
    db.session.commit()
    return made


def _sections(report: Report) -> list[Section]:
    return sorted(report.sections, key=lambda s: s.position)


def _approve_all(report: Report, people) -> None:
    for section in _sections(report):
        drafting.save_revision(section.id, people["drafter"], 1, f"{section.heading}：{TEXT}")
        workflow.submit(section.id, people["drafter"])
        workflow.decide(section.id, people["reviewer"], 2, "approve")


@pytest.fixture
def signed(report, people) -> Report:
    _approve_all(report, people)
    first = _sections(report)[0]
    thread_id = db.session.scalar(select(Comment.id).where(Comment.section_id == first.id))
    assert thread_id is None
    return signoff.sign_off(report.id, people["leader"])


def _status(report_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Report, report_id).status


def _bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}


# --- the report page: checklist, confirmation, withdrawal -------------------------------------


def test_report_page_lists_what_blocks_sign_off_with_links(client, login, report, people):
    login(people["leader"])
    page = client.get(f"/reports/{report.id}").text
    first = _sections(report)[0]
    assert 'data-testid="sign-off-checklist"' in page
    line = page[page.index(f'<li data-section="{first.id}">') :].split("</li>")[0]
    assert f'<a href="/sections/{first.id}">一、总体情况</a>：' in line
    assert "正文仍有未填写的占位符“XX”" in line and "；" in line and "尚未审核通过" in line
    assert 'data-testid="sign-off-disabled"' in page and 'data-testid="sign-off"' not in page


def test_sign_off_goes_through_a_confirmation_step(client, login, report, people):
    _approve_all(report, people)
    login(people["leader"])
    page = client.get(f"/reports/{report.id}").text
    assert 'data-testid="checklist-ready"' in page
    assert f'href="/reports/{report.id}/sign-off"' in page
    confirm = client.get(f"/reports/{report.id}/sign-off").text
    assert 'data-testid="confirm-sign-off"' in confirm and "<script>" not in confirm
    assert _status(report.id) == "in_review"
    done = client.post(f"/reports/{report.id}/sign-off", follow_redirects=True).text
    assert "报告已签发，已锁定。" in done and 'data-testid="withdraw-form"' in done
    assert _status(report.id) == "signed_off"


def test_a_blocked_sign_off_form_says_why(client, login, report, people):
    login(people["leader"])
    page = client.post(f"/reports/{report.id}/sign-off", follow_redirects=True).text
    assert "不能签发" in page and "占位符" in page
    assert _status(report.id) == "drafting"


def test_withdrawal_form_needs_a_reason(client, login, signed, people):
    login(people["leader"])
    page = client.post(
        f"/reports/{signed.id}/sign-off/withdraw", data={"reason": " "}, follow_redirects=True
    ).text
    assert "撤回签发必须写明原因" in page
    assert _status(signed.id) == "signed_off"
    page = client.post(
        f"/reports/{signed.id}/sign-off/withdraw",
        data={"reason": "数据需更新"},
        follow_redirects=True,
    ).text
    assert "已撤回签发" in page and 'data-testid="sign-off-panel"' in page
    assert _status(signed.id) == "in_review"


def test_drafters_see_no_withdrawal_and_cannot_post_one(client, login, signed, people):
    login(people["drafter"])
    page = client.get(f"/reports/{signed.id}").text
    assert 'data-testid="signed-off-notice"' in page and "withdraw-form" not in page
    client.post(f"/reports/{signed.id}/sign-off/withdraw", data={"reason": "想改"})
    assert _status(signed.id) == "signed_off"


# --- the editor on a locked report -----------------------------------------------------------


def test_editor_says_signed_off_instead_of_offering_a_save(client, login, signed, people):
    login(people["drafter"])
    first = _sections(signed)[0]
    page = client.get(f"/sections/{first.id}").text
    assert 'data-testid="locked-notice"' in page
    assert 'data-testid="save"' not in page and 'data-testid="submit"' not in page
    assert 'data-testid="body-readonly"' in page


def test_a_save_refused_by_the_lock_keeps_the_text_and_shows_it(client, login, signed, people):
    login(people["drafter"])
    first = _sections(signed)[0]
    page = client.post(
        f"/sections/{first.id}/save",
        data={"base_revision": 2, "body": "我刚打的字。\r\n第二行。"},
        follow_redirects=True,
    ).text
    assert "报告已签发，已锁定：未保存。您的文字已保留在草稿中。" in page
    assert 'data-testid="kept-draft-notice"' in page and "我刚打的字。\n第二行。" in page
    assert drafting.get_draft(first.id, people["drafter"]).body == "我刚打的字。\n第二行。"


def test_autosave_on_a_locked_report_answers_409_with_a_message(client, login, signed, people):
    login(people["drafter"])
    first = _sections(signed)[0]
    response = client.post(f"/sections/{first.id}/draft", data={"base_revision": 2, "body": "字"})
    assert response.status_code == 409
    assert 'data-code="locked"' in response.text and "已保留在草稿中" in response.text


def test_review_page_of_a_locked_report_offers_no_decision_or_comment(
    client, login, signed, people
):
    login(people["reviewer"])
    page = client.get(f"/sections/{_sections(signed)[0].id}/review").text
    assert 'data-testid="locked-notice"' in page
    assert 'data-testid="decision-form"' not in page and 'id="comment-form"' not in page


# --- attack: every write path of a signed-off report, by form and by API --------------------


def _form_writes(section_id: int, report_id: int, thread_id: int) -> list[tuple[str, dict]]:
    return [
        (f"/sections/{section_id}/save", {"base_revision": 2, "body": "改。"}),
        (f"/sections/{section_id}/draft", {"base_revision": 2, "body": "改。"}),
        (f"/sections/{section_id}/restore/1", {}),
        (f"/sections/{section_id}/submit", {"base_revision": 2, "body": "改。"}),
        (f"/sections/{section_id}/submit", {}),
        (f"/sections/{section_id}/review", {"revision": 2, "decision": "request_changes"}),
        (f"/sections/{section_id}/comments", {"revision": 2, "body": "批注"}),
        (f"/comments/{thread_id}/resolve", {}),
        (f"/comments/{thread_id}/reopen", {}),
        (f"/reports/{report_id}/assign", {f"dept-{section_id}": "caiwu"}),
    ]


def _state(report_id: int) -> list[tuple]:
    db.session.expire_all()
    rows = db.session.execute(
        select(Section.id, Section.status, Section.head_revision, Section.department_id).where(
            Section.report_id == report_id
        )
    ).all()
    comments = db.session.execute(select(Comment.id, Comment.resolved_at)).all()
    return [tuple(row) for row in rows] + [tuple(row) for row in comments]


@pytest.fixture
def signed_with_thread(report, people) -> tuple[Report, int]:
    _approve_all(report, people)
    first = _sections(report)[0]
    from webapp.services import comments

    thread = comments.add(first.id, people["reviewer"], 2, "请核实", 0, 2)
    return signoff.sign_off(report.id, people["leader"]), thread.id


@pytest.mark.parametrize("role", ["drafter", "reviewer", "leader", "admin"])
def test_no_form_write_changes_a_signed_off_report(client, login, signed_with_thread, people, role):
    signed_report, thread_id = signed_with_thread
    first = _sections(signed_report)[0]
    before = _state(signed_report.id)
    login(people[role])
    for url, data in _form_writes(first.id, signed_report.id, thread_id):
        response = client.post(url, data=data)
        assert response.status_code in (302, 403, 409, 422), (url, response.status_code)
        assert _state(signed_report.id) == before, url
    assert _status(signed_report.id) == "signed_off"


@pytest.mark.parametrize("role", ["drafter", "reviewer", "leader", "admin"])
def test_no_api_write_changes_a_signed_off_report(client, signed, people, role):
    first = _sections(signed)[0]
    headers = _bearer(people[role])
    before = _state(signed.id)
    writes = [
        ("post", f"/api/v1/sections/{first.id}/revisions", {"base_revision": 2, "body": "改。"}),
        ("put", f"/api/v1/sections/{first.id}/draft", {"base_revision": 2, "body": "改。"}),
        ("post", f"/api/v1/sections/{first.id}/submit", {}),
        (
            "post",
            f"/api/v1/sections/{first.id}/reviews",
            {"revision": 2, "decision": "request_changes", "body": "再改"},
        ),
        ("patch", f"/api/v1/sections/{first.id}", {"department": "caiwu"}),
        ("patch", f"/api/v1/sections/{first.id}", {"countersign": ["caiwu"]}),
    ]
    for method, url, body in writes:
        response = getattr(client, method)(url, json=body, headers=headers)
        assert response.status_code in (403, 409), (url, response.status_code)
        if response.status_code == 409:
            assert response.json["code"] == "locked" and response.json["locked"] is True
        assert _state(signed.id) == before, url


def test_the_drafter_gets_the_lock_as_api_json(client, signed, people):
    first = _sections(signed)[0]
    response = client.post(
        f"/api/v1/sections/{first.id}/revisions",
        json={"base_revision": 2, "body": "改。"},
        headers=_bearer(people["drafter"]),
    )
    assert response.status_code == 409
    assert response.json["code"] == "locked" and response.json["locked"] is True
    assert response.json["error"].startswith("报告已签发")


# --- the lifecycle API -----------------------------------------------------------------------


def test_checks_returns_the_checklist_and_a_consistency_list(client, report, people):
    response = client.get(f"/api/v1/reports/{report.id}/checks", headers=_bearer(people["drafter"]))
    assert response.status_code == 200
    checks = response.json
    assert checks["consistency"] == [] and checks["sign_off"]["ready"] is False
    first = checks["sign_off"]["blocking"][0]
    assert {"section_id", "code", "message", "link"} <= first.keys()
    assert first["code"] == "placeholder_in_body"


def test_checks_need_read_access(client, report, make_user):
    outsider = make_user("drafter")
    response = client.get(f"/api/v1/reports/{report.id}/checks", headers=_bearer(outsider))
    assert response.status_code == 403


def test_api_sign_off_refuses_with_the_blocking_list(client, report, people):
    response = client.post(
        f"/api/v1/reports/{report.id}/sign-off", headers=_bearer(people["leader"])
    )
    assert response.status_code == 409 and response.json["code"] == "sign_off_blocked"
    assert [item["code"] for item in response.json["blocking"]][:2] == [
        "placeholder_in_body",
        "not_approved",
    ]


def test_api_sign_off_and_withdraw(client, report, people):
    _approve_all(report, people)
    leader = _bearer(people["leader"])
    signed = client.post(f"/api/v1/reports/{report.id}/sign-off", headers=leader)
    assert signed.status_code == 200 and signed.json["status"] == "signed_off"
    assert signed.json["signed_off_by"] == people["leader"].username
    withdrawn = client.post(
        f"/api/v1/reports/{report.id}/sign-off/withdraw", json={"reason": "补充"}, headers=leader
    )
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "in_review"
    assert withdrawn.json["signed_off_at"] is None


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "invalid_field"),
        ({"reason": ""}, 422, "invalid_field"),
        ({"reason": 5}, 422, "invalid_field"),
        ({"reason": "x" * 1001}, 422, "invalid_field"),
        ({"reason": "   "}, 422, "reason_required"),
        ({"reason": "原因"}, 409, "not_signed_off"),
    ],
)
def test_api_withdraw_validates_its_body(client, report, people, body, status, code):
    response = client.post(
        f"/api/v1/reports/{report.id}/sign-off/withdraw",
        json=body,
        headers=_bearer(people["leader"]),
    )
    assert response.status_code == status and response.json["code"] == code


def test_api_withdraw_by_a_drafter_is_forbidden(client, signed, people):
    response = client.post(
        f"/api/v1/reports/{signed.id}/sign-off/withdraw",
        json={"reason": "想改"},
        headers=_bearer(people["drafter"]),
    )
    assert response.status_code == 403


def test_openapi_describes_the_lifecycle_routes(client):
    document = client.get("/api/v1/openapi.json").json
    paths = document["paths"]
    withdraw = paths["/api/v1/reports/{report_id}/sign-off/withdraw"]["post"]
    body = withdraw["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert "reason" in document["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert "/api/v1/reports/{report_id}/checks" in paths
    assert "/api/v1/reports/{report_id}/sign-off" in paths


def test_submitting_or_approving_a_heading_only_node_is_not_a_task(client, report, people):
    second = _sections(report)[1]
    second.heading_only = True
    db.session.commit()
    submitted = client.post(
        f"/api/v1/sections/{second.id}/submit", headers=_bearer(people["drafter"])
    )
    assert submitted.status_code == 422 and submitted.json["code"] == "not_a_task"
    approved = client.post(
        f"/api/v1/sections/{second.id}/reviews",
        json={"revision": 1, "decision": "approve"},
        headers=_bearer(people["reviewer"]),
    )
    assert approved.status_code == 422 and approved.json["code"] == "not_a_task"


def test_api_submit_is_refused_while_unsaved_text_waits(client, report, people):
    first = _sections(report)[0]
    drafting.save_draft(first.id, people["drafter"], 1, "还没保存。")
    response = client.post(
        f"/api/v1/sections/{first.id}/submit", headers=_bearer(people["drafter"])
    )
    assert response.status_code == 409 and response.json["code"] == "unsaved_draft"


# --- the editor's 提交审核 submits what is on the screen ------------------------------------


def test_editor_submit_saves_the_text_on_screen_first(client, login, report, people):
    login(people["drafter"])
    first = _sections(report)[0]
    page = client.get(f"/sections/{first.id}").text
    assert f'formaction="/sections/{first.id}/submit"' in page
    done = client.post(
        f"/sections/{first.id}/submit",
        data={"base_revision": 1, "body": "全年增长8%。\r\n另起一段。", "message": ""},
        follow_redirects=True,
    ).text
    assert "已提交审核" in done
    db.session.expire_all()
    section = db.session.get(Section, first.id)
    assert section.status == "submitted" and section.head_revision == 2
    assert drafting.head_body(section) == "全年增长8%。\n另起一段。"


def test_editor_submit_with_a_conflict_goes_to_the_conflict_view(client, login, report, people):
    first = _sections(report)[0]
    drafting.save_revision(first.id, people["reviewer"], 1, "全年增长7%。")
    login(people["drafter"])
    response = client.post(
        f"/sections/{first.id}/submit", data={"base_revision": 1, "body": "全年增长9%。"}
    )
    assert response.status_code == 302 and response.location.endswith("/conflict")
    db.session.expire_all()
    assert db.session.get(Section, first.id).status == "draft"


# --- the assignment form keeps what was entered ----------------------------------------------


def test_an_assignment_error_keeps_every_value_and_marks_the_row(client, login, report, people):
    login(people["admin"])
    first, second = _sections(report)
    response = client.post(
        f"/reports/{report.id}/assign",
        data={
            "report_deadline": "2026-12-31",
            f"dept-{first.id}": "caiwu",
            f"deadline-{first.id}": "2026-11-30",
            f"countersign-{first.id}": ["zonghe"],
            f"dept-{second.id}": "zonghe",
            f"deadline-{second.id}": "",
            f"countersign-{second.id}": ["zonghe"],
        },
    )
    assert response.status_code == 422
    page = response.text
    assert "会签部门不能是章节的承办部门" in page
    assert page.count('data-testid="assign-error-row"') == 1
    wrong_row = page[page.index('data-testid="assign-error-row"') :]
    assert f'name="dept-{second.id}"' in wrong_row.split("</tr>")[0]
    assert 'value="2026-12-31"' in page and 'value="2026-11-30"' in page
    db.session.expire_all()
    first_row = page[page.index(f'name="dept-{first.id}"') :].split("</select>")[0]
    assert '<option value="caiwu" selected>' in first_row
    assert db.session.get(Section, first.id).department.code == "zonghe"
    assert db.session.get(Report, report.id).deadline is None


# --- 会签 on the pages -----------------------------------------------------------------------


def test_a_countersigners_first_visit_shows_the_whole_text(
    client, login, report, people, make_user
):
    first = _sections(report)[0]
    workflow.assign(first.id, people["admin"], countersign_codes=["caiwu"])
    drafting.save_revision(first.id, people["drafter"], 1, "全年增长8%。")
    workflow.submit(first.id, people["drafter"])
    login(people["reviewer"])
    own = client.get(f"/sections/{first.id}/review").text
    assert "自第 1 版以来的修改（留痕）" in own
    client.post("/logout")
    login(make_user("reviewer", accounts.department_by_code("caiwu")))
    page = client.get(f"/sections/{first.id}/review").text
    assert "全文（新增）" in page and "自上次审核以来没有新的修改" not in page
    assert 'data-testid="countersign-chip" data-state="pending" data-department="caiwu"' in page


def test_editor_and_report_page_show_one_chip_per_countersigning_department(
    client, login, report, people, make_department
):
    make_department("renshi")
    first = _sections(report)[0]
    workflow.assign(first.id, people["admin"], countersign_codes=["caiwu", "renshi"])
    login(people["drafter"])
    editor = client.get(f"/sections/{first.id}").text
    assert editor.count('data-testid="countersign-chip"') == 2
    assert 'data-department="caiwu"' in editor and 'data-department="renshi"' in editor
    report_page = client.get(f"/reports/{report.id}").text
    assert report_page.count('data-testid="countersign-chip"') == 2
