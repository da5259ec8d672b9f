"""Comment endpoints: a section's threads, a new anchored comment or reply, resolve, reopen."""

from __future__ import annotations

from datetime import datetime

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Body, Number, operation, responses
from webapp.models import Comment
from webapp.services import comments


class CommentOut(BaseModel):
    id: int
    author: str
    body: str
    quote: str = Field(description="the anchored text as it was when commented on")
    created_at: datetime
    resolved: bool


class ThreadOut(CommentOut):
    anchor: tuple[int, int] | None = Field(
        description="[start, end) in the head text; null when the text is gone (orphaned)"
    )
    replies: list[CommentOut]


class Threads(BaseModel):
    threads: list[ThreadOut]


def _comment(comment: Comment) -> CommentOut:
    return CommentOut(
        id=comment.id,
        author=comment.author.display_name,
        body=comment.body,
        quote=comment.quote,
        created_at=comment.created_at,
        resolved=comment.resolved_at is not None,
    )


@bp.get("/sections/<int:section_id>/comments")
@operation(resp=responses(403, 404, HTTP_200=Threads), tags=["comments"])
def list_comments(section_id: int):
    """Every thread, anchored on the head text."""
    found = comments.threads_for(section_id, current_user)
    return Threads(
        threads=[
            ThreadOut(
                **_comment(thread.root).model_dump(),
                anchor=thread.anchor,
                replies=[_comment(reply) for reply in thread.replies],
            )
            for thread in found
        ]
    )


class NewComment(Body):
    revision: Number = Field(description="the revision whose text is commented on")
    body: str
    start: Number | None = Field(default=None, description="anchor start (character offset)")
    end: Number | None = Field(default=None, description="anchor end (exclusive)")
    parent_id: Number | None = Field(default=None, description="reply to this thread")


@bp.post("/sections/<int:section_id>/comments")
@operation(json=NewComment, resp=responses(403, 404, HTTP_201=CommentOut), tags=["comments"])
def add_comment(section_id: int, json: NewComment):
    """A new thread on text[start:end] of a revision, or a reply."""
    comment = comments.add(
        section_id, current_user, json.revision, json.body, json.start, json.end, json.parent_id
    )
    return _comment(comment), 201


@bp.post("/comments/<int:comment_id>/resolve")
@operation(resp=responses(403, 404, HTTP_200=CommentOut), tags=["comments"])
def resolve_comment(comment_id: int):
    """Mark a thread resolved."""
    return _comment(comments.resolve(comment_id, current_user))


@bp.post("/comments/<int:comment_id>/reopen")
@operation(resp=responses(403, 404, HTTP_200=CommentOut), tags=["comments"])
def reopen_comment(comment_id: int):
    """Reopen a resolved thread."""
    return _comment(comments.reopen(comment_id, current_user))
