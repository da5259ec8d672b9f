"""Drafting: save revisions (three-way merge when the head moved), autosave, restore, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from webapp.extensions import db
from webapp.models import DraftBuffer, Revision, Section, SectionStatus, User
from webapp.models.types import utcnow
from webapp.services import audit, policy, workflow
from webapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound, PayloadTooLarge
from webapp.services.reports import load_section, text_sha256
from webapp.services.search_index import index_section
from webapp.text import merge
from webapp.text.diff import Op, diff

# Each lost race costs one merge; after this many the save gives up as a conflict (kept safe).
MAX_SAVE_ATTEMPTS = 50
MAX_MESSAGE_CHARS = 500
_EDIT_FORBIDDEN = "只有本部门的拟稿人和审核人可以修改这个章节"
# A draft buffer touched this recently means its owner has the editor open (soft lock).
EDITING_WINDOW = timedelta(seconds=45)


@dataclass(frozen=True)
class SaveResult:
    revision: int
    merged: bool
    created: bool


def readable_section(section_id: int, actor: User) -> Section:
    section = load_section(section_id)
    if not policy.can_read_section(actor, section):
        raise Forbidden("无权查看这个章节", code="section_not_readable")
    return section


def editable_section(section_id: int, actor: User) -> Section:
    section = load_section(section_id)
    if not policy.can_edit(actor, section):
        raise Forbidden(_EDIT_FORBIDDEN, code="not_your_department")
    return section


def check_body(body: str) -> None:
    limit = current_app.config["MAX_BODY_CHARS"]
    if len(body) > limit:
        raise PayloadTooLarge(
            f"正文过长：{len(body)} 字，上限 {limit} 字",
            code="body_too_long",
            chars=len(body),
            limit=limit,
        )


def save_revision(
    section_id: int, actor: User, base_revision: int, body: str, message: str = ""
) -> SaveResult:
    """Write `body` as the section's next revision; merge onto the head if it moved since
    `base_revision`. A conflicting save keeps `body` in the actor's draft buffer and raises."""
    check_body(body)
    if len(message) > MAX_MESSAGE_CHARS:
        raise InvalidInput(
            f"修改说明不能超过 {MAX_MESSAGE_CHARS} 字",
            code="message_too_long",
            limit=MAX_MESSAGE_CHARS,
        )
    saved = _save_onto_unchanged_head(section_id, actor, base_revision, body, message)
    if saved is not None:
        return saved
    section = editable_section(section_id, actor)
    head, head_sha = section.head_revision, section.head_sha256
    _check_base(base_revision, head)
    for _ in range(MAX_SAVE_ATTEMPTS):
        text, merged = (
            (body, False)
            if base_revision == head
            else _merge(section, actor, base_revision, body, head)
        )
        sha = text_sha256(text)
        if sha == head_sha:
            _discard_draft(section.id, actor)
            db.session.commit()
            return SaveResult(head, merged, created=False)
        if _advance_head(section.id, head, sha):
            number = head + 1
            _record_revision(section.id, actor, number, base_revision, text, sha, message, merged)
            workflow.after_new_revision(section, sha)
            db.session.commit()
            return SaveResult(number, merged, created=True)
        head, head_sha = _current_head(section.id)
    _keep_conflicting_draft(section, actor, base_revision, body)
    raise Conflict(
        "保存冲突：其他人正在频繁修改这个章节，请稍后再试", code="save_contention", head=head
    )


def _save_onto_unchanged_head(
    section_id: int, actor: User, base_revision: int, body: str, message: str
) -> SaveResult | None:
    """The common case in one round trip fewer: the compare-and-set UPDATE also returns what
    authorization needs. None when the head moved, the text is unchanged or the section is
    unknown: the general path sorts those out."""
    sha = text_sha256(body)
    claimed = db.session.execute(
        update(Section)
        .where(
            Section.id == section_id,
            Section.head_revision == base_revision,
            Section.head_sha256 != sha,
        )
        .values(head_revision=base_revision + 1, head_sha256=sha, updated_at=utcnow())
        .returning(Section.department_id, Section.status)
        .execution_options(synchronize_session=False)
    ).first()
    if claimed is None:
        return None
    if not policy.can_edit_in(actor, claimed.department_id):
        db.session.rollback()
        raise Forbidden(_EDIT_FORBIDDEN, code="not_your_department")
    number = base_revision + 1
    _record_revision(section_id, actor, number, base_revision, body, sha, message, merged=False)
    if claimed.status == SectionStatus.APPROVED:
        workflow.after_new_revision(load_section(section_id), sha)
    db.session.commit()
    return SaveResult(number, merged=False, created=True)


def _check_base(base_revision: int, head: int) -> None:
    if not 0 <= base_revision <= head:
        raise InvalidInput(
            f"起始版本无效：{base_revision}（当前最新为第 {head} 版）",
            code="invalid_base_revision",
            base_revision=base_revision,
            head=head,
        )


def _merge(section: Section, actor: User, base: int, body: str, head: int) -> tuple[str, bool]:
    texts = _bodies(section.id, (base, head))
    result = merge.three_way(texts.get(base, ""), body, texts.get(head, ""))
    if result.has_conflict:
        _keep_conflicting_draft(section, actor, base, body)
        raise Conflict(
            f"保存冲突：您修改的位置在第 {head} 版中也被他人修改，请对照后重新保存",
            code="merge_conflict",
            head=head,
        )
    return result.text, True


def _bodies(section_id: int, numbers: tuple[int, ...]) -> dict[int, str]:
    rows = db.session.execute(
        select(Revision.number, Revision.body).where(
            Revision.section_id == section_id, Revision.number.in_(numbers)
        )
    )
    return dict(rows.all())


def _advance_head(section_id: int, expected_head: int, sha: str) -> bool:
    """Compare-and-set of the head number: only one of two racing saves wins it."""
    result = db.session.execute(
        update(Section)
        .where(Section.id == section_id, Section.head_revision == expected_head)
        .values(head_revision=expected_head + 1, head_sha256=sha, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _current_head(section_id: int) -> tuple[int, str]:
    row = db.session.execute(
        select(Section.head_revision, Section.head_sha256).where(Section.id == section_id)
    ).one()
    return row.head_revision, row.head_sha256


def _record_revision(
    section_id: int,
    actor: User,
    number: int,
    base: int,
    text: str,
    sha: str,
    message: str,
    merged: bool,
) -> None:
    """The immutable row, its audit event, and the actor's draft buffer retired."""
    db.session.add(
        Revision(
            section_id=section_id,
            number=number,
            body=text,
            sha256=sha,
            base_number=base,
            author_id=actor.id,
            message=message.strip(),
            merged=merged,
        )
    )
    index_section(section_id, text)
    audit.record(
        actor,
        "revision.save",
        "section",
        section_id,
        revision=number,
        base=base,
        sha256=sha,
        merged=merged,
    )
    _discard_draft(section_id, actor)


def _discard_draft(section_id: int, actor: User) -> None:
    db.session.execute(
        delete(DraftBuffer).where(
            DraftBuffer.section_id == section_id, DraftBuffer.user_id == actor.id
        )
    )


def _keep_conflicting_draft(section: Section, actor: User, base: int, body: str) -> None:
    """Nothing typed is lost: the rejected text waits in the draft buffer for the conflict view."""
    db.session.rollback()
    _upsert_draft(section.id, actor.id, base, body, has_conflict=True)
    audit.record(actor, "revision.conflict", "section", section.id, base=base)
    db.session.commit()


def _upsert_draft(section_id: int, user_id: int, base: int, body: str, has_conflict: bool) -> None:
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    values = {
        "body": body,
        "base_revision": base,
        "has_conflict": has_conflict,
        "updated_at": utcnow(),
    }
    statement = insert(DraftBuffer).values(section_id=section_id, user_id=user_id, **values)
    db.session.execute(
        statement.on_conflict_do_update(index_elements=["user_id", "section_id"], set_=values)
    )


def save_draft(section_id: int, actor: User, base_revision: int, body: str) -> datetime:
    """Autosave: the actor's working text, never a revision. Returns when it was saved."""
    check_body(body)
    section = editable_section(section_id, actor)
    _check_base(base_revision, section.head_revision)
    _upsert_draft(section.id, actor.id, base_revision, body, has_conflict=False)
    db.session.commit()
    return utcnow()


def get_draft(section_id: int, actor: User) -> DraftBuffer | None:
    readable_section(section_id, actor)
    return db.session.scalar(
        select(DraftBuffer).where(
            DraftBuffer.section_id == section_id, DraftBuffer.user_id == actor.id
        )
    )


def other_editors(section_id: int, actor: User) -> list[User]:
    """Who else has this section open in the editor right now (their autosave is recent)."""
    since = utcnow() - EDITING_WINDOW
    return list(
        db.session.scalars(
            select(User)
            .join(DraftBuffer, DraftBuffer.user_id == User.id)
            .where(
                DraftBuffer.section_id == section_id,
                DraftBuffer.user_id != actor.id,
                DraftBuffer.updated_at >= since,
            )
        )
    )


def head_body(section: Section) -> str:
    return _bodies(section.id, (section.head_revision,)).get(section.head_revision, "")


def revision_body(section: Section, number: int) -> str:
    """The text of revision `number`; revision 0 is the empty text a new section starts from."""
    if number == 0:
        return ""
    texts = _bodies(section.id, (number,))
    if number not in texts:
        raise NotFound(f"这个章节没有第 {number} 版", code="revision_not_found", revision=number)
    return texts[number]


def restore(section_id: int, actor: User, number: int) -> SaveResult:
    """Make an old revision's text the newest revision (history is never rewritten)."""
    section = editable_section(section_id, actor)
    body = revision_body(section, number)
    return save_revision(section_id, actor, section.head_revision, body, f"恢复第 {number} 版")


@dataclass(frozen=True)
class HistoryEntry:
    number: int
    author: str
    created_at: datetime
    message: str
    merged: bool
    chars: int
    base_number: int | None


def history(section_id: int, actor: User) -> list[HistoryEntry]:
    """Every revision, newest first, without loading the bodies."""
    readable_section(section_id, actor)
    rows = db.session.execute(
        select(
            Revision.number,
            User.display_name,
            Revision.created_at,
            Revision.message,
            Revision.merged,
            func.length(Revision.body),
            Revision.base_number,
        )
        .outerjoin(User, User.id == Revision.author_id)
        .where(Revision.section_id == section_id)
        .order_by(Revision.number.desc())
    )
    return [HistoryEntry(*row) for row in rows]


def compare(section_id: int, actor: User, from_number: int, to_number: int) -> list[Op]:
    """Ops turning revision `from_number` into `to_number` (0 is the empty text)."""
    section = readable_section(section_id, actor)
    texts = {0: "", **_bodies(section.id, (from_number, to_number))}
    missing = [n for n in (from_number, to_number) if n not in texts]
    if missing:
        raise NotFound(
            f"这个章节没有第 {missing[0]} 版", code="revision_not_found", revision=missing[0]
        )
    return diff(texts[from_number], texts[to_number])
