"""Comment threads anchored to a text range of a revision, followed onto later revisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models import Comment, Revision, Section, User
from webapp.models.types import utcnow
from webapp.services import audit, drafting, lock, policy, reports
from webapp.services.errors import Forbidden, InvalidInput, NotFound
from webapp.services.reports import load_section
from webapp.text.anchors import reanchor
from webapp.text.newlines import display_offset_to_stored

MAX_COMMENT_CHARS = 5000


def add(
    section_id: int,
    actor: User,
    revision: int,
    body: str,
    start: int | None = None,
    end: int | None = None,
    parent_id: int | None = None,
) -> Comment:
    """A new thread on revision's text[start:end], or a reply when parent_id is given.

    `start`/`end` count characters as a page shows the text, one per line break: they are
    mapped onto the stored text, which an old revision may hold with CRLF."""
    section = load_section(section_id)
    if not policy.can_read_section(actor, section):
        raise Forbidden("无权评论这个章节", code="comment_forbidden")
    lock.ensure_unlocked(section.report)
    body = body.strip()
    if not body or len(body) > MAX_COMMENT_CHARS:
        raise InvalidInput(
            f"评论不能为空，也不能超过 {MAX_COMMENT_CHARS} 字",
            code="invalid_comment_length",
            limit=MAX_COMMENT_CHARS,
        )
    read = reports.revision_row(section.id, revision)
    quote = ""
    if parent_id is not None:
        _parent(section, parent_id)
        start = end = None
    elif start is not None and end is not None:
        if not 0 <= start < end:
            raise InvalidInput("所选文字的位置无效", code="invalid_anchor")
        start = display_offset_to_stored(read.body, start)
        end = display_offset_to_stored(read.body, end)
        if end > len(read.body) or start >= end:
            raise InvalidInput("所选文字的位置无效", code="invalid_anchor")
        quote = read.body[start:end]
    comment = Comment(
        section_id=section.id,
        revision_id=read.id,
        parent_id=parent_id,
        author_id=actor.id,
        anchor_start=start,
        anchor_end=end,
        quote=quote,
        body=body,
    )
    db.session.add(comment)
    db.session.flush()
    audit.record(actor, "comment.add", "section", section.id, comment=comment.id)
    db.session.commit()
    return comment


def _parent(section: Section, parent_id: int) -> Comment:
    parent = db.session.get(Comment, parent_id)
    if parent is None or parent.section_id != section.id or parent.parent_id is not None:
        raise InvalidInput("只能回复本章节的评论", code="reply_to_other_section")
    return parent


def resolve(comment_id: int, actor: User) -> Comment:
    comment = _thread_for_change(comment_id, actor)
    comment.resolved_at, comment.resolved_by_id = utcnow(), actor.id
    audit.record(actor, "comment.resolve", "section", comment.section_id, comment=comment.id)
    db.session.commit()
    return comment


def reopen(comment_id: int, actor: User) -> Comment:
    comment = _thread_for_change(comment_id, actor)
    comment.resolved_at, comment.resolved_by_id = None, None
    audit.record(actor, "comment.reopen", "section", comment.section_id, comment=comment.id)
    db.session.commit()
    return comment


def _thread_for_change(comment_id: int, actor: User) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.parent_id is not None:
        raise NotFound("没有这条评论", code="comment_not_found")
    section = load_section(comment.section_id)
    if not policy.can_resolve_comment(actor, comment.author_id, section):
        raise Forbidden(
            "只有评论人、本章节的拟稿人和审核人以及会签部门可以解决或重新打开评论",
            code="comment_change_forbidden",
        )
    lock.ensure_unlocked(section.report)
    return comment


@dataclass
class Thread:
    root: Comment
    replies: list[Comment] = field(default_factory=list)
    anchor: tuple[int, int] | None = None

    @property
    def is_orphaned(self) -> bool:
        return self.root.quote != "" and self.anchor is None


def threads_for(section_id: int, actor: User) -> list[Thread]:
    """The section's threads anchored on its head text, for a reader of the section."""
    section = load_section(section_id)
    if not policy.can_read_section(actor, section):
        raise Forbidden("无权查看这个章节", code="section_not_readable")
    return threads(section, drafting.head_body(section))


def threads(section: Section, head_body: str) -> list[Thread]:
    """Every thread of the section, anchors moved onto the head text (None when orphaned)."""
    comments = db.session.scalars(
        select(Comment)
        .options(joinedload(Comment.author))
        .where(Comment.section_id == section.id)
        .order_by(Comment.id)
    ).all()
    revision_bodies = _bodies({comment.revision_id for comment in comments if comment.quote})
    by_id: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            by_id[comment.id] = Thread(comment, anchor=_anchor(comment, revision_bodies, head_body))
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].replies.append(comment)
    return list(by_id.values())


def _bodies(revision_ids: set[int]) -> dict[int, str]:
    if not revision_ids:
        return {}
    rows = db.session.execute(
        select(Revision.id, Revision.body).where(Revision.id.in_(revision_ids))
    )
    return dict(rows.all())


def _anchor(comment: Comment, bodies: dict[int, str], head_body: str) -> tuple[int, int] | None:
    if not comment.quote or comment.anchor_start is None or comment.anchor_end is None:
        return None
    return reanchor(
        bodies[comment.revision_id], head_body, comment.anchor_start, comment.anchor_end
    )
