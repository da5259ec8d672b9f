"""SQLAlchemy models, one module per aggregate."""

from webapp.models.assembly import AssemblyJob, FinalDocument, JobState
from webapp.models.audit import AuditEvent
from webapp.models.chasing import Chase
from webapp.models.notification import Notification
from webapp.models.org import ApiToken, Department, Role, User
from webapp.models.report import (
    Report,
    ReportStatus,
    Section,
    SectionCountersign,
    SectionStatus,
)
from webapp.models.review import Comment, Decision, Review
from webapp.models.revision import DraftBuffer, Revision
from webapp.models.search import SearchEntry
from webapp.models.suggestion import Suggestion, SuggestionSource, SuggestionState

__all__ = [
    "ApiToken",
    "AssemblyJob",
    "AuditEvent",
    "Chase",
    "Comment",
    "Decision",
    "Department",
    "DraftBuffer",
    "FinalDocument",
    "JobState",
    "Notification",
    "Report",
    "ReportStatus",
    "Review",
    "Revision",
    "Role",
    "SearchEntry",
    "Section",
    "SectionCountersign",
    "SectionStatus",
    "Suggestion",
    "SuggestionSource",
    "SuggestionState",
    "User",
]
