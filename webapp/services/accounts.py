"""Departments, users, logins and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import or_, select

from webapp.extensions import db
from webapp.models import ApiToken, Department, Role, User
from webapp.models.types import utcnow
from webapp.services import audit, token_cache
from webapp.services.errors import InvalidInput, NotFound
from webapp.services.passwords import hash_password, verify_password

TOKEN_PREFIX = "tg_"
_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_USERNAME_PATTERN = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD_CHARS = 8


def create_department(code: str, name: str, actor: User | None = None) -> Department:
    code, name = code.strip(), name.strip()
    if not _CODE_PATTERN.match(code):
        raise InvalidInput(
            f"部门代码无效：{code!r}（只能用字母、数字、-、_，最多 32 个字符）",
            code="invalid_department_code",
            department=code,
        )
    if not name:
        raise InvalidInput("部门名称不能为空", code="department_name_missing")
    if db.session.scalar(select(Department).where(Department.code == code)):
        raise InvalidInput(f"部门代码已存在：{code}", code="department_exists", department=code)
    department = Department(code=code, name=name)
    db.session.add(department)
    db.session.flush()
    audit.record(actor, "department.create", "department", department.id, code=code, name=name)
    db.session.commit()
    return department


def department_by_code(code: str) -> Department:
    department = db.session.scalar(select(Department).where(Department.code == code))
    if department is None:
        raise NotFound(f"没有这个部门：{code}", code="department_not_found", department=code)
    return department


def create_user(
    username: str,
    password: str,
    role: str,
    department_code: str | None = None,
    display_name: str | None = None,
    actor: User | None = None,
) -> User:
    username = username.strip()
    if not _USERNAME_PATTERN.match(username):
        raise InvalidInput(f"用户名无效：{username!r}", code="invalid_username", username=username)
    if role not in {r.value for r in Role}:
        raise InvalidInput(
            f"角色无效：{role}（可选 drafter、reviewer、leader、admin）",
            code="invalid_role",
            role=role,
        )
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(
            f"密码至少 {MIN_PASSWORD_CHARS} 个字符",
            code="password_too_short",
            min_chars=MIN_PASSWORD_CHARS,
        )
    department = department_by_code(department_code) if department_code else None
    if department is None and role in (Role.DRAFTER, Role.REVIEWER):
        raise InvalidInput(
            "拟稿人和审核人必须属于一个部门（--department）", code="department_required"
        )
    if db.session.scalar(select(User).where(User.username == username)):
        raise InvalidInput(f"用户名已存在：{username}", code="username_taken", username=username)
    user = User(
        username=username,
        display_name=(display_name or username).strip(),
        password_hash=hash_password(password),
        role=role,
        department=department,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", "user", user.id, username=username, role=role)
    db.session.commit()
    return user


def user_by_name(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"没有这个用户：{username}", code="user_not_found", username=username)
    return user


def first_user_with_role(role: str) -> User:
    """The longest-standing active user of a role: the CLI's default actor."""
    user = db.session.scalar(
        select(User).where(User.role == role, User.active.is_(True)).order_by(User.id).limit(1)
    )
    if user is None:
        raise NotFound(
            f"还没有角色为 {role} 的用户（先运行 tonggao users create 或 tonggao demo）",
            code="no_user_with_role",
            role=role,
        )
    return user


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None; either way the attempt is audited."""
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    ok = verify_password(user.password_hash if user else None, password)
    if ok and user is not None and user.active:
        audit.record(user, "auth.login", "user", user.id)
        db.session.commit()
        return user
    audit.record(None, "auth.login_failed", "user", user.id if user else None, username=username)
    db.session.commit()
    return None


def issue_token(username: str) -> str:
    """A new bearer token for the user; only its hash is stored, so it is shown once."""
    user = user_by_name(username)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_sha256=_token_digest(token)))
    audit.record(user, "token.issue", "user", user.id)
    db.session.commit()
    return token


def user_for_token(token: str) -> User | None:
    """The active user a live token belongs to (cached per process for a few seconds)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    digest = _token_digest(token)
    cached = token_cache.get(digest)
    if cached is not None:
        return cached
    api_token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_sha256 == digest,
            ApiToken.revoked_at.is_(None),
            or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > utcnow()),
        )
    )
    if api_token is None or not api_token.user.active:
        return None
    token_cache.put(digest, api_token.user, api_token.expires_at)
    return api_token.user


def _token_digest(token: str) -> str:
    # Tokens carry 256 random bits, so a plain sha256 (not a slow KDF) is the right lookup key.
    return hashlib.sha256(token.encode()).hexdigest()


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.username)))


def list_departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.code)))
