"""Drafting: save revisions (three-way merge when the head moved), autosave, restore, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from webapp.extensions import db
from webapp.models import DraftBuffer, Revision, Section, SectionStatus, User
from webapp.models.report import EMPTY_SHA256
from webapp.models.types import utcnow
from webapp.services import audit, lock, policy, workflow
from webapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound, PayloadTooLarge
from webapp.services.reports import load_section, revision_sha256
from webapp.services.search_index import index_section
from webapp.text import merge
from webapp.text.diff import Op, diff
from webapp.text.newlines import normalise_newlines

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
    if section.archived_at is not None:
        raise Conflict("这个章节已归档，只能查看历史", code="section_archived")
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
    `base_revision`. A conflicting save, or one refused by the report lock, keeps `body` in the
    actor's draft buffer and raises."""
    body = normalise_newlines(body)
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
    _remember_heading(section.id, section.heading)
    head, head_sha = section.head_revision, section.head_sha256
    _check_base(base_revision, head)
    _refuse_when_locked(section, actor, base_revision, body)
    for _ in range(MAX_SAVE_ATTEMPTS):
        text, merged = (
            (body, False)
            if base_revision == head
            else _merge(section, actor, base_revision, body, head)
        )
        sha = revision_sha256(section.heading, text)
        if sha == head_sha:
            _discard_draft(section.id, actor)
            db.session.commit()
            return SaveResult(head, merged, created=False)
        if _advance_head(section.id, head, sha):
            number = head + 1
            _set_head_text(section.id, sha, text)
            texts = (section.heading, text)
            _record_revision(
                (section.report_id, section.id),
                actor,
                number,
                base_revision,
                texts,
                sha,
                message,
                merged,
            )
            _discard_draft(section.id, actor)
            workflow.after_new_revision(section, sha)
            db.session.commit()
            return SaveResult(number, merged, created=True)
        _refuse_when_locked(section, actor, base_revision, body)  # signed off meanwhile
        head, head_sha = _current_head(section.id)
    _keep_conflicting_draft(section, actor, base_revision, body)
    raise Conflict(
        "保存冲突：其他人正在频繁修改这个章节，请稍后再试", code="save_contention", head=head
    )


# Headings by section id, for the fast path's hash; a stale entry only sends a save down the
# general path (the UPDATE checks it), which refreshes it.
_HEADINGS: dict[int, str] = {}
_MAX_CACHED_HEADINGS = 20_000


def _remember_heading(section_id: int, heading: str) -> None:
    if len(_HEADINGS) >= _MAX_CACHED_HEADINGS:
        _HEADINGS.clear()
    _HEADINGS[section_id] = heading


# Built once: a save is the hottest path, and building a statement costs more than running it.
_SECTIONS, _DRAFTS = Section.__table__, DraftBuffer.__table__
_CLAIM_UNCHANGED_HEAD = (
    update(_SECTIONS)
    .where(
        _SECTIONS.c.id == bindparam("section_id"),
        _SECTIONS.c.head_revision == bindparam("base"),
        # The hash covers the heading: the cached heading must still be the section's.
        _SECTIONS.c.heading == bindparam("cached_heading"),
        _SECTIONS.c.head_sha256 != bindparam("sha"),
        _SECTIONS.c.archived_at.is_(None),
        _SECTIONS.c.report_id.in_(lock.unlocked_report_ids()),
    )
    .values(
        head_revision=bindparam("number"),
        head_sha256=bindparam("sha"),
        heading_only=False,
        updated_at=bindparam("now"),
    )
    .returning(
        _SECTIONS.c.report_id,
        _SECTIONS.c.department_id,
        _SECTIONS.c.status,
        exists()
        .where(_DRAFTS.c.section_id == _SECTIONS.c.id, _DRAFTS.c.user_id == bindparam("user_id"))
        .label("has_draft"),
    )
)
_INSERT_REVISION = insert(Revision.__table__)


def _save_onto_unchanged_head(
    section_id: int, actor: User, base_revision: int, body: str, message: str
) -> SaveResult | None:
    """The common case in three statements: a compare-and-set UPDATE that also returns what
    authorization needs, the revision and the audit event. The hash covers the heading, which
    comes from a per-process cache checked by the UPDATE itself. None when the heading is not
    cached, the head moved, the text is unchanged, the body is empty (heading-only nodes) or
    the section is unknown: the general path sorts those out."""
    heading = _HEADINGS.get(section_id)
    if heading is None or not body:
        return None
    sha = revision_sha256(heading, body)
    claimed = db.session.execute(
        _CLAIM_UNCHANGED_HEAD,
        {
            "section_id": section_id,
            "base": base_revision,
            "cached_heading": heading,
            "number": base_revision + 1,
            "sha": sha,
            "now": utcnow(),
            "user_id": actor.id,
        },
    ).first()
    if claimed is None:
        return None
    if not policy.can_edit_in(actor, claimed.department_id):
        db.session.rollback()
        raise Forbidden(_EDIT_FORBIDDEN, code="not_your_department")
    number = base_revision + 1
    _record_revision(
        (claimed.report_id, section_id),
        actor,
        number,
        base_revision,
        (heading, body),
        sha,
        message,
        merged=False,
    )
    # Most saves come from an editor whose autosave was retired by the previous save.
    if claimed.has_draft:
        _discard_draft(section_id, actor)
    if claimed.status == SectionStatus.APPROVED:
        workflow.after_new_revision(load_section(section_id), sha)
    db.session.commit()
    return SaveResult(number, merged=False, created=True)


def _refuse_when_locked(section: Section, actor: User, base: int, body: str) -> None:
    """Nothing typed is lost to the lock either: the refused text waits in the draft buffer
    (not as a conflict, so the editor offers it again once the sign-off is withdrawn)."""
    if not lock.is_locked_now(section.report_id):
        return
    db.session.rollback()  # let go of the share lock before writing the buffer
    _upsert_draft(section.id, actor.id, base, body, has_conflict=False)
    db.session.commit()
    raise lock.locked_error()


def _set_head_text(section_id: int, sha: str, body: str) -> None:
    """The head's hash, and heading_only kept true only for an empty body over children."""
    children = select(Section.id).where(
        Section.parent_id == section_id, Section.archived_at.is_(None)
    )
    is_structure = (Section.kind != "preamble") & (Section.heading != "") & children.exists()
    heading_only = is_structure if not body else False
    db.session.execute(
        update(Section)
        .where(Section.id == section_id)
        .values(head_sha256=sha, heading_only=heading_only)
        .execution_options(synchronize_session=False)
    )


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
    """Compare-and-set of the head number: only one of two racing saves wins it, and none on
    a report signed off meanwhile."""
    result = db.session.execute(
        update(Section)
        .where(
            Section.id == section_id,
            Section.head_revision == expected_head,
            Section.report_id.in_(lock.unlocked_report_ids()),
        )
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
    place: tuple[int, int],
    actor: User,
    number: int,
    base: int,
    texts: tuple[str, str],
    sha: str,
    message: str,
    merged: bool,
) -> None:
    """The immutable row (heading, body), its search entry and its audit event (Core inserts:
    nothing reads them back). `place` is (report id, section id)."""
    report_id, section_id = place
    heading, body = texts
    db.session.execute(
        _INSERT_REVISION,
        {
            "section_id": section_id,
            "number": number,
            "heading": heading,
            "body": body,
            "sha256": sha,
            "base_number": base,
            "author_id": actor.id,
            "message": message.strip(),
            "merged": merged,
            "created_at": utcnow(),
        },
    )
    index_section(section_id, body, report_id=report_id, heading=heading)
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


def keep_draft(section_id: int, user_id: int, base: int, body: str, has_conflict: bool) -> None:
    """Put a draft buffer back as it was (e.g. after a save made on the user's behalf retired
    it); the caller commits."""
    _upsert_draft(section_id, user_id, base, body, has_conflict)


def save_draft(section_id: int, actor: User, base_revision: int, body: str) -> datetime:
    """Autosave: the actor's working text, never a revision. Returns when it was saved.

    On a locked report the text is still kept (nothing typed is lost) but the answer is the
    lock's Conflict, so the editor says the report is signed off."""
    body = normalise_newlines(body)
    check_body(body)
    section = editable_section(section_id, actor)
    _check_base(base_revision, section.head_revision)
    _refuse_when_locked(section, actor, base_revision, body)
    if revision_sha256(section.heading, body) == section.head_sha256:
        # The head already holds this text: typically an autosave that raced the save it
        # preceded (the editor autosaves on blur, i.e. when the save button is clicked).
        # Kept, its old base would turn the next edit into a conflict with itself.
        _discard_draft(section.id, actor)
    else:
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
    readable_section(section_id, actor)  # 404 for no such section, 403 outside the report
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
    lock.ensure_unlocked(section.report)
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
    # Old revisions may hold CRLF (they are never rewritten); line endings are no change.
    return diff(normalise_newlines(texts[from_number]), normalise_newlines(texts[to_number]))


@dataclass(frozen=True)
class RevisionPair:
    """Two revisions of a section named by the sha256 of their texts (0: the empty text)."""

    section_id: int
    numbers: tuple[int, int]
    shas: tuple[str, str]


def revision_pair(section_id: int, actor: User, from_number: int, to_number: int) -> RevisionPair:
    """What a diff would compare, for a reader of the section, without loading the texts."""
    section = readable_section(section_id, actor)
    rows = db.session.execute(
        select(Revision.number, Revision.sha256).where(
            Revision.section_id == section.id, Revision.number.in_((from_number, to_number))
        )
    )
    shas = {0: EMPTY_SHA256, **dict(rows.all())}
    missing = [n for n in (from_number, to_number) if n not in shas]
    if missing:
        raise NotFound(
            f"这个章节没有第 {missing[0]} 版", code="revision_not_found", revision=missing[0]
        )
    return RevisionPair(section.id, (from_number, to_number), (shas[from_number], shas[to_number]))


def pair_ops(pair: RevisionPair) -> list[Op]:
    """The diff between the pair's two texts."""
    texts = {0: "", **_bodies(pair.section_id, pair.numbers)}
    old, new = (normalise_newlines(texts[number]) for number in pair.numbers)
    return diff(old, new)
