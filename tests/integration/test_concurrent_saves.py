"""Many clients save one section from the same base at once against a real gunicorn server.

Every save must end as a revision (possibly merged) or as a 409 whose text waits in that
user's draft buffer: nothing typed is lost.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select

from support.processes import gunicorn_server
from webapp.extensions import db
from webapp.models import DraftBuffer, Revision
from webapp.services import accounts, drafting, reports
from webapp.text.nodes import Outline, OutlineNode

pytestmark = pytest.mark.slow

PARAGRAPHS = [
    f"第{i}段：围绕年度目标任务，扎实推进各项重点工作，取得了明显成效。" for i in range(8)
]
DISJOINT_CLIENTS = 8
OVERLAPPING_CLIENTS = 4


def _post(url: str, token: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _marker(i: int) -> str:
    return f"（客户{i}补充）" if i < DISJOINT_CLIENTS else f"全力推进（客户{i}）"


def _edit(i: int) -> str:
    """Client i's text: disjoint clients edit their own paragraph, the rest all one phrase."""
    lines = list(PARAGRAPHS)
    if i < DISJOINT_CLIENTS:
        lines[i] = lines[i].replace("明显成效", "明显成效" + _marker(i))
    else:
        lines[0] = lines[0].replace("扎实推进", _marker(i))
    return "\n".join(lines)


def test_concurrent_saves_from_one_base_lose_nothing(app, settings, make_user, make_department):
    department = make_department("zonghe")
    admin = make_user("admin")
    outline = Outline(
        "并发测试报告", (OutlineNode("numbered", 1, "总体情况", "\n".join(PARAGRAPHS)),)
    )
    report = reports.create_from_outline(outline, admin)
    section = report.sections[0]
    section.department = department
    db.session.commit()
    section_id = section.id
    clients = DISJOINT_CLIENTS + OVERLAPPING_CLIENTS
    users = [make_user("drafter", department) for _ in range(clients)]
    tokens = [accounts.issue_token(user.username) for user in users]
    server_settings = {k: settings[k] for k in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY")}
    server, base_url = gunicorn_server(server_settings, workers=2, threads=6)
    results: list[tuple[int, dict] | None] = [None] * clients
    barrier = threading.Barrier(clients)

    def save(i: int) -> None:
        barrier.wait()
        results[i] = _post(
            f"{base_url}/api/v1/sections/{section_id}/revisions",
            tokens[i],
            {"base_revision": 1, "body": _edit(i)},
        )

    try:
        threads = [threading.Thread(target=save, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.stop()

    statuses = [result[0] for result in results]
    assert set(statuses) <= {201, 409}, results
    db.session.expire_all()
    revisions = db.session.scalars(
        select(Revision).where(Revision.section_id == section_id).order_by(Revision.number)
    ).all()
    assert len(revisions) == 1 + statuses.count(201)
    assert [r.number for r in revisions] == list(range(1, len(revisions) + 1))
    head = drafting.head_body(reports.load_section(section_id))
    for i, (status, _) in enumerate(results):
        if status == 201:
            assert _marker(i) in head
        else:
            draft = db.session.scalar(select(DraftBuffer).where(DraftBuffer.user_id == users[i].id))
            assert draft is not None and draft.body == _edit(i) and draft.has_conflict
    # The overlapping clients all rewrote one phrase: at most one of them can win it.
    assert statuses[DISJOINT_CLIENTS:].count(201) <= 1
    assert statuses[:DISJOINT_CLIENTS].count(201) == DISJOINT_CLIENTS
