"""The suggestions JSON API: propose, list, accept (201 / 409 with both sides), reject, errors."""

from __future__ import annotations

import pytest

from webapp.services import accounts, drafting

BODY = "全年完成固定资产投资12亿元，同比增长8%。"


@pytest.fixture
def section(make_report, make_department):
    return make_report(department=make_department("zonghe")).sections[0]


@pytest.fixture
def tokens(make_user, section):
    drafter = make_user("drafter", section.department)
    reviewer = make_user("reviewer", section.department)
    drafting.save_revision(section.id, drafter, 1, BODY)

    def bearer(user) -> dict[str, str]:
        return {"Authorization": f"Bearer {accounts.issue_token(user.username)}"}

    return {"drafter": bearer(drafter), "reviewer": bearer(reviewer), "users": (drafter, reviewer)}


def _propose(client, section, tokens, old="12亿元", new="12.3亿元"):
    start = BODY.index(old)
    payload = {"revision": 2, "start": start, "end": start + len(old), "replacement": new}
    return client.post(
        f"/api/v1/sections/{section.id}/suggestions",
        json={**payload, "note": "按统计局口径"},
        headers=tokens["reviewer"],
    )


def test_propose_list_and_accept(client, section, tokens):
    created = _propose(client, section, tokens)
    assert created.status_code == 201, created.json
    assert created.json["state"] == "open" and created.json["original"] == "12亿元"
    listed = client.get(f"/api/v1/sections/{section.id}/suggestions", headers=tokens["drafter"])
    [item] = listed.json["suggestions"]
    assert item["id"] == created.json["id"] and item["anchor"] == {
        "start": BODY.index("12亿元"),
        "end": BODY.index("，"),
    }
    accepted = client.post(f"/api/v1/suggestions/{item['id']}/accept", headers=tokens["drafter"])
    assert accepted.status_code == 201
    assert accepted.json["revision"] == 3 and accepted.json["suggestion"]["state"] == "accepted"
    section_json = client.get(f"/api/v1/sections/{section.id}", headers=tokens["drafter"]).json
    assert section_json["body"] == BODY.replace("12亿元", "12.3亿元")


def test_accept_on_changed_text_is_409_with_both_sides(client, section, tokens):
    suggestion_id = _propose(client, section, tokens).json["id"]
    drafting.save_revision(section.id, tokens["users"][0], 2, BODY.replace("12亿元", "11亿元"))
    response = client.post(f"/api/v1/suggestions/{suggestion_id}/accept", headers=tokens["drafter"])
    assert response.status_code == 409
    assert response.json["code"] == "suggestion_conflict"
    assert (response.json["original"], response.json["current"]) == ("12亿元", "11亿元")


def test_reject_and_a_second_decision(client, section, tokens):
    suggestion_id = _propose(client, section, tokens).json["id"]
    url = f"/api/v1/suggestions/{suggestion_id}/reject"
    rejected = client.post(url, headers=tokens["drafter"])
    assert rejected.status_code == 200 and rejected.json["state"] == "rejected"
    again = client.post(url, headers=tokens["drafter"])
    assert again.status_code == 409 and again.json["code"] == "suggestion_decided"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"revision": 2, "start": 0}, 422, "invalid_field"),
        ({"revision": True, "start": 0, "end": 1, "replacement": "x"}, 422, "invalid_field"),
        (
            {"revision": 2, "start": 3, "end": 99, "replacement": "x"},
            422,
            "suggestion_range_invalid",
        ),
        ({"revision": 7, "start": 0, "end": 1, "replacement": "x"}, 422, "revision_not_found"),
    ],
)
def test_bad_bodies_are_json_422_with_a_code(client, section, tokens, payload, status, code):
    response = client.post(
        f"/api/v1/sections/{section.id}/suggestions", json=payload, headers=tokens["reviewer"]
    )
    assert (response.status_code, response.json["code"]) == (status, code)


def test_permissions_and_anonymous(client, section, tokens):
    url = f"/api/v1/sections/{section.id}/suggestions"
    body = {"revision": 2, "start": 0, "end": 2, "replacement": "今年"}
    assert client.post(url, json=body).status_code == 401
    forbidden = client.post(url, json=body, headers=tokens["drafter"])
    assert forbidden.status_code == 403 and forbidden.json["code"] == "suggest_forbidden"
    suggestion_id = _propose(client, section, tokens).json["id"]
    by_reviewer = client.post(
        f"/api/v1/suggestions/{suggestion_id}/accept", headers=tokens["reviewer"]
    )
    assert by_reviewer.status_code == 403
    assert (
        client.post("/api/v1/suggestions/999999/reject", headers=tokens["drafter"]).status_code
        == 404
    )


def test_openapi_describes_the_suggestion_routes(client):
    document = client.get("/api/v1/openapi.json").json
    paths = document["paths"]
    post = paths["/api/v1/sections/{section_id}/suggestions"]["post"]
    ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"revision", "start", "end", "replacement", "note"} <= schema["properties"].keys()
    assert "/api/v1/suggestions/{suggestion_id}/accept" in paths
    assert "/api/v1/suggestions/{suggestion_id}/reject" in paths
