"""The audit admin page: filter and page through audit events (by person, section, date …),
each with the names a sentence needs (“李拟稿 保存了《二、存在的问题》第 3 版”) and its raw data,
and verify the chain."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select

from webapp.extensions import db
from webapp.models import AuditEvent, Report, Section, User
from webapp.services import audit, policy, reports
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
    section: str = ""  # a section id, or words of its heading
    date_from: date | None = None
    date_to: date | None = None

    def query_args(self) -> dict[str, str]:
        """The filter as URL arguments (for the pager links), empty fields left out."""
        return {key: str(value) for key, value in asdict(self).items() if value not in ("", None)}


@dataclass(frozen=True)
class AuditRow:
    """One event with the names its sentence reads: the actor, the section or report it is
    about, and the report an assembly job or a next year's report refers to."""

    event: AuditEvent
    actor_name: str | None
    object_name: str | None = None
    report_name: str | None = None

    @property
    def is_sealed(self) -> bool:
        return self.event.hash is not None

    @property
    def payload(self) -> dict:
        return self.event.payload or {}

    @property
    def raw_json(self) -> str:
        """The whole event as stored, for the “原始数据” disclosure."""
        raw = {
            "id": self.event.id,
            "action": self.event.action,
            "object_type": self.event.object_type,
            "object_id": self.event.object_id,
            "actor_id": self.event.actor_id,
            "created_at": self.event.created_at.isoformat(),
            "payload": self.event.payload,
            "seq": self.event.seq,
            "hash": self.event.hash,
        }
        return json.dumps(raw, ensure_ascii=False, indent=2)

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
        section=args.get("section", "").strip(),
        date_from=_parse_date(args.get("date_from", ""), "起始日期"),
        date_to=_parse_date(args.get("date_to", ""), "结束日期"),
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
        rows=_with_names(rows),
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
    if wanted.section:
        conditions.append(_about_section(wanted.section))
    if wanted.date_from:
        conditions.append(AuditEvent.created_at >= _beijing_midnight(wanted.date_from))
    if wanted.date_to:
        conditions.append(
            AuditEvent.created_at < _beijing_midnight(wanted.date_to + timedelta(days=1))
        )
    return conditions


def _about_section(wanted: str):
    """Events about a section given by its id or by words of its heading."""
    if wanted.isdigit():
        sections = select(Section.id).where(Section.id == int(wanted))
    else:
        sections = select(Section.id).where(Section.heading.contains(wanted))
    return (AuditEvent.object_type == "section") & AuditEvent.object_id.in_(sections)


def _with_names(rows) -> list[AuditRow]:
    """Rows with numbered section headings and report titles, looked up once for the page."""
    events = [event for event, _name in rows]
    section_ids = {e.object_id for e in events if e.object_type == "section" and e.object_id}
    report_ids = {e.object_id for e in events if e.object_type == "report" and e.object_id}
    report_ids |= {_referred_report(e) for e in events} - {None}
    headings = _numbered_headings(section_ids)
    titles: dict[int, str] = {}
    if report_ids:
        found = db.session.execute(select(Report.id, Report.title).where(Report.id.in_(report_ids)))
        titles = {row.id: row.title for row in found}
    named = []
    for event, actor_name in rows:
        names = headings if event.object_type == "section" else titles
        object_name = (
            names.get(event.object_id) if event.object_type in ("section", "report") else None
        )
        report_name = titles.get(_referred_report(event))
        named.append(AuditRow(event, actor_name, object_name, report_name))
    return named


def _numbered_headings(section_ids: set[int]) -> dict[int, str]:
    """“二、存在的问题” for each section, numbered as its report numbers it (one query a report)."""
    if not section_ids:
        return {}
    report_ids = db.session.scalars(
        select(Section.report_id).where(Section.id.in_(section_ids)).distinct()
    ).all()
    headings: dict[int, str] = {}
    for report_id in report_ids:
        sections = db.session.scalars(
            select(Section).where(Section.report_id == report_id).order_by(Section.position)
        ).all()
        numbers = reports.section_numbers([reports.SectionRow(s, "") for s in sections])
        headings |= {
            s.id: numbers.get(s.id, "") + s.heading for s in sections if s.id in section_ids
        }
    return headings


def _referred_report(event: AuditEvent) -> int | None:
    """The other report an event names in its payload (an assembly's, next year's source)."""
    payload = event.payload or {}
    report_id = payload.get("previous_report_id") or payload.get("report_id")
    return report_id if isinstance(report_id, int) else None


def _beijing_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ)


def verify_chain(actor: User) -> audit.Verification:
    """Seal pending events and check the whole chain (admins only)."""
    _require_admin(actor)
    return audit.verify()


def _require_admin(actor: User) -> None:
    if not policy.is_admin(actor):
        raise Forbidden("只有管理员可以查看审计日志", code="admins_only")
