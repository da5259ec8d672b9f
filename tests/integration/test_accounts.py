"""Departments, users, password hashing and API tokens."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import ApiToken, User
from webapp.services import accounts
from webapp.services.errors import InvalidInput, NotFound


def test_password_is_stored_as_argon2id_hash_and_verifies(make_user):
    user = make_user("drafter")
    stored = db.session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored.startswith("$argon2id$")
    assert "correct-horse-42" not in stored
    assert accounts.authenticate(user.username, "correct-horse-42") == user
    assert accounts.authenticate(user.username, "wrong-password") is None


def test_inactive_user_cannot_log_in(make_user):
    user = make_user("reviewer")
    user.active = False
    db.session.commit()
    assert accounts.authenticate(user.username, "correct-horse-42") is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "boss"}, "角色无效"),
        ({"password": "short"}, "密码至少"),
        ({"department_code": None}, "必须属于一个部门"),
        ({"username": "bad name!"}, "用户名无效"),
    ],
)
def test_create_user_rejects_bad_input(make_department, kwargs, message):
    make_department("zonghe")
    args = {
        "username": "li",
        "password": "long-enough",
        "role": "drafter",
        "department_code": "zonghe",
    }
    args.update(kwargs)
    with pytest.raises(InvalidInput, match=message):
        accounts.create_user(**args)


def test_duplicate_username_and_department_code_are_refused(make_department):
    make_department("zonghe")
    accounts.create_user("li", "long-enough", "drafter", "zonghe")
    with pytest.raises(InvalidInput, match="用户名已存在"):
        accounts.create_user("li", "long-enough", "reviewer", "zonghe")
    with pytest.raises(InvalidInput, match="部门代码已存在"):
        accounts.create_department("zonghe", "另一个")


def test_unknown_department_is_not_found(app):
    with pytest.raises(NotFound, match="没有这个部门"):
        accounts.create_user("li", "long-enough", "drafter", "nope")


def test_token_is_stored_hashed_and_identifies_its_user(make_user):
    user = make_user("leader")
    token = accounts.issue_token(user.username)
    stored = db.session.scalars(select(ApiToken.token_sha256)).all()
    assert token not in stored and len(stored) == 1
    assert accounts.user_for_token(token) == user
    assert accounts.user_for_token(token + "x") is None
    assert accounts.user_for_token("not-a-token") is None
