"""The audit admin page: filter and page through audit events, and verify the chain."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select

from webapp.extensions import db
from webapp.models import AuditEvent, User
from webapp.services import audit, policy
from webapp.services.deadlines import CHINA_TZ
from webapp.services.errors import Forbidden, InvalidInput

PAGE_SIZE = 50
PAYLOAD_PREVIEW_CHARS = 200


@dataclass(frozen=True)
class AuditFilter:
    """What the admin asked for; empty fields do not filter. Dates are Beijing days, inclusive."""

    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def query_args(self) -> dict[str, str]:
        """The filter as URL arguments (for the pager links), empty fields left out."""
        return {key: str(value) for key, value in asdict(self).items() if value not in ("", None)}


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor_name: str | None

    @property
    def is_sealed(self) -> bool:
        return self.event.hash is not None

    @property
    def payload_preview(self) -> str:
        text = json.dumps(self.event.payload, ensure_ascii=False, sort_keys=True)
        if len(text) <= PAYLOAD_PREVIEW_CHARS:
            return text
        return text[:PAYLOAD_PREVIEW_CHARS] + "…"


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    pages: int
    total: int
    actions: list[str]
    object_types: list[str]


def parse_filter(args: Mapping[str, str]) -> AuditFilter:
    """Read the filter form's fields; InvalidInput names a malformed one."""
    return AuditFilter(
        action=args.get("action", "").strip(),
        actor=args.get("actor", "").strip(),
        object_type=args.get("object_type", "").strip(),
        object_id=_parse_int(args.get("object_id", ""), "对象编号"),
        date_from=_parse_date(args.get("date_from", ""), "起始日期"),
        date_to=_parse_date(args.get("date_to", ""), "截止日期"),
    )


def _parse_int(value: str, label: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise InvalidInput(f"{label}必须是数字：{value}", code="not_a_number", value=value)
    return int(value)


def _parse_date(value: str, label: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{label}格式应为 2026-11-25：{value}", code="invalid_date", value=value
        ) from None


def search(wanted: AuditFilter, page: int, actor: User) -> AuditPage:
    """One page of matching events, newest first, with their actors' names (four queries)."""
    _require_admin(actor)
    if page < 1:
        raise InvalidInput(f"页码无效：{page}", code="invalid_page", page=page)
    conditions = _conditions(wanted)
    total = db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(*conditions)
    )
    rows = db.session.execute(
        select(AuditEvent, User.display_name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(*conditions)
        .order_by(AuditEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    kinds = db.session.execute(select(AuditEvent.action, AuditEvent.object_type).distinct()).all()
    return AuditPage(
        rows=[AuditRow(event, name) for event, name in rows],
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        actions=sorted({action for action, _type in kinds}),
        object_types=sorted({object_type for _action, object_type in kinds}),
    )


def _conditions(wanted: AuditFilter) -> list:
    conditions = []
    if wanted.action:
        conditions.append(AuditEvent.action == wanted.action)
    if wanted.actor:
        conditions.append(
            or_(User.username == wanted.actor, User.display_name.contains(wanted.actor))
        )
    if wanted.object_type:
        conditions.append(AuditEvent.object_type == wanted.object_type)
    if wanted.object_id is not None:
        conditions.append(AuditEvent.object_id == wanted.object_id)
    if wanted.date_from:
        conditions.append(AuditEvent.created_at >= _beijing_midnight(wanted.date_from))
    if wanted.date_to:
        conditions.append(
            AuditEvent.created_at < _beijing_midnight(wanted.date_to + timedelta(days=1))
        )
    return conditions


def _beijing_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ)


def verify_chain(actor: User) -> audit.Verification:
    """Seal pending events and check the whole chain (admins only)."""
    _require_admin(actor)
    return audit.verify()


def _require_admin(actor: User) -> None:
    if not policy.is_admin(actor):
        raise Forbidden("只有管理员可以查看审计日志", code="admins_only")
