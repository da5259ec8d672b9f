"""Departments, users, logins and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from webapp.extensions import db
from webapp.models import ApiToken, Department, Role, User
from webapp.models.types import utcnow
from webapp.services import audit, policy, token_cache
from webapp.services.errors import Forbidden, InvalidInput, NotFound
from webapp.services.passwords import hash_password, verify_password

TOKEN_PREFIX = "tg_"
_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_USERNAME_PATTERN = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD_CHARS = 8
TOKEN_USE_RESOLUTION = timedelta(minutes=10)


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
    _check_password(password)
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


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"没有这个用户：{user_id}", code="user_not_found", username=user_id)
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


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(
            f"密码至少 {MIN_PASSWORD_CHARS} 个字符",
            code="password_too_short",
            min_chars=MIN_PASSWORD_CHARS,
        )


def user_for_session(session_user_id: str) -> User | None:
    """The active user whose current generation the session id ("id:generation", see
    User.get_id) names, else None: bumping the generation ends every older session."""
    user_id, _, generation = session_user_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def end_sessions(user: User) -> None:
    """Log the user out everywhere (logout ends every copy of the session cookie)."""
    _bump_generation(user)
    audit.record(user, "auth.logout", "user", user.id)
    db.session.commit()


def _bump_generation(user: User) -> None:
    # An UPDATE … + 1 in the database, so two concurrent bumps both count.
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
    )
    db.session.refresh(user)


def change_own_password(user: User, current_password: str, new_password: str) -> None:
    """The user's new password; every other session of theirs ends."""
    if not verify_password(user.password_hash, current_password):
        raise InvalidInput("当前密码不正确", code="wrong_password")
    _check_password(new_password)
    user.password_hash = hash_password(new_password)
    _bump_generation(user)
    audit.record(user, "user.password_change", "user", user.id)
    db.session.commit()


def reset_password(username: str, new_password: str, actor: User | None = None) -> User:
    """An administrator sets a new password (CLI: actor None); the user's sessions end."""
    _require_user_manager(actor)
    _check_password(new_password)
    user = user_by_name(username)
    user.password_hash = hash_password(new_password)
    _bump_generation(user)
    audit.record(actor, "user.password_reset", "user", user.id, username=user.username)
    db.session.commit()
    return user


def deactivate(username: str, actor: User | None = None) -> User:
    """The user can no longer log in; their sessions and API tokens end at once."""
    _require_user_manager(actor)
    user = user_by_name(username)
    if actor is not None and actor.id == user.id:
        raise InvalidInput("不能停用自己的账号", code="cannot_deactivate_self")
    user.active = False
    _bump_generation(user)
    revoked = _revoke_tokens_of(user)
    audit.record(actor, "user.deactivate", "user", user.id, username=user.username, tokens=revoked)
    db.session.commit()
    token_cache.forget_user(user.id)
    return user


def reactivate(username: str, actor: User | None = None) -> User:
    _require_user_manager(actor)
    user = user_by_name(username)
    user.active = True
    audit.record(actor, "user.reactivate", "user", user.id, username=user.username)
    db.session.commit()
    return user


def _require_user_manager(actor: User | None) -> None:
    # actor None is the command line, run by whoever operates the server.
    if actor is not None and not policy.can_manage_users(actor):
        raise Forbidden("只有管理员可以管理用户", code="admins_only")


def issue_token(username: str, valid_days: int | None = None) -> str:
    """A new bearer token for the user; only its hash is stored, so it is shown once.
    It expires after `valid_days` (default API_TOKEN_VALID_DAYS; 0 means never)."""
    user = user_by_name(username)
    if not user.active:
        raise InvalidInput(f"用户已停用：{username}", code="user_inactive")
    days = current_app.config["API_TOKEN_VALID_DAYS"] if valid_days is None else valid_days
    if days < 0:
        raise InvalidInput("有效天数不能为负数", code="invalid_token_expiry")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(days=days) if days else None
    api_token = ApiToken(user_id=user.id, token_sha256=_token_digest(token), expires_at=expires_at)
    db.session.add(api_token)
    db.session.flush()
    audit.record(user, "token.issue", "api_token", api_token.id, expires_at=str(expires_at))
    db.session.commit()
    return token


def user_for_token(token: str) -> User | None:
    """The active owner of a token that is neither revoked nor expired, else None (cached per
    process for a few seconds; revocation and deactivation here forget it at once)."""
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
    _note_use(api_token)
    token_cache.put(digest, api_token.user, api_token.expires_at)
    return api_token.user


def _note_use(api_token: ApiToken) -> None:
    # At most one write per token every few minutes: enough to see which tokens are in use.
    now = utcnow()
    if api_token.last_used_at is None or now - api_token.last_used_at > TOKEN_USE_RESOLUTION:
        api_token.last_used_at = now
        db.session.commit()


def list_tokens(username: str) -> list[ApiToken]:
    user = user_by_name(username)
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def token_state(api_token: ApiToken) -> str:
    """active, revoked or expired."""
    if api_token.revoked_at is not None:
        return "revoked"
    if api_token.expires_at is not None and api_token.expires_at <= utcnow():
        return "expired"
    return "active"


def revoke_token(username: str, token_id: int, actor: User | None = None) -> ApiToken:
    _require_user_manager(actor)
    user = user_by_name(username)
    api_token = db.session.get(ApiToken, token_id)
    if api_token is None or api_token.user_id != user.id:
        raise NotFound(f"{username} 没有编号为 {token_id} 的令牌", code="token_not_found")
    if api_token.revoked_at is None:
        api_token.revoked_at = utcnow()
        audit.record(actor, "token.revoke", "api_token", api_token.id, username=user.username)
        db.session.commit()
        token_cache.forget_user(user.id)
    return api_token


def _revoke_tokens_of(user: User) -> int:
    result = db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def _token_digest(token: str) -> str:
    # Tokens carry 256 random bits, so a plain sha256 (not a slow KDF) is the right lookup key.
    return hashlib.sha256(token.encode()).hexdigest()


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.username)))


def list_departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.code)))
