"""Notification endpoints: the caller's notifications, page by page; mark one read."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from flask_login import current_user
from pydantic import BaseModel, Field

from webapp.api import bp
from webapp.api.openapi import Query, operation, responses
from webapp.models import Notification
from webapp.services import notifications


class NotificationOut(BaseModel):
    id: int
    kind: str
    message: str
    link: str
    created_at: datetime
    read: bool


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    page: int
    pages: int
    unread: int


class PageQuery(Query):
    page: Annotated[int, Field(ge=1, le=100_000)] = 1


def _notification(notification: Notification) -> NotificationOut:
    return NotificationOut(
        id=notification.id,
        kind=notification.kind,
        message=notification.message,
        link=notification.link,
        created_at=notification.created_at,
        read=notification.read_at is not None,
    )


@bp.get("/notifications")
@operation(query=PageQuery, resp=responses(HTTP_200=NotificationPage), tags=["notifications"])
def list_notifications(query: PageQuery):
    """The caller's notifications, newest first."""
    user = current_user
    return NotificationPage(
        items=[_notification(item) for item in notifications.list_for(user, query.page)],
        page=query.page,
        pages=notifications.page_count(user),
        unread=notifications.unread_count(user),
    )


@bp.post("/notifications/<int:notification_id>/read")
@operation(resp=responses(404, HTTP_200=NotificationOut), tags=["notifications"])
def mark_notification_read(notification_id: int):
    """Mark one of the caller's notifications read."""
    return _notification(notifications.mark_read(current_user, notification_id))
