"""Word round trip endpoints: download a bookmarked DOCX, upload the edited file (multipart
`file`); the answer says per section what happened (409 when any section conflicts)."""

from __future__ import annotations

from typing import Annotated, Any

from flask_login import current_user
from pydantic import BaseModel, Field, WithJsonSchema

from webapp.api import bp
from webapp.api.openapi import operation, responses
from webapp.services import word_roundtrip
from webapp.views.word import docx_response, uploaded_file


class SectionOutcomeOut(BaseModel):
    section_id: int
    heading: str
    status: str = Field(description="saved | merged | conflict | unchanged | not_allowed")
    revision: int | None = Field(description="the section's revision after the upload")
    suggestions: int = Field(description="tracked changes now waiting as suggestions")
    comments: int = Field(description="Word comments added as comments")
    unplaced: int = Field(description="tracked changes a merge left without their text")


class UploadOut(BaseModel):
    report_id: int
    sections: list[SectionOutcomeOut]


Upload = Annotated[Any, WithJsonSchema({"type": "string", "format": "binary"})]


class WordUpload(BaseModel):
    file: Upload | None = Field(default=None, description="the edited .docx (from Tonggao)")


class UploadConflict(UploadOut):
    """409: at least one section conflicts (its text waits in the draft buffer); the others
    are as listed."""

    error: str
    code: str


def _answer(outcome: word_roundtrip.UploadOutcome):
    sections = [SectionOutcomeOut(**vars(section)) for section in outcome.sections]
    if outcome.has_conflict:
        return UploadConflict(
            report_id=outcome.report_id,
            sections=sections,
            error="有章节与他人的修改冲突，已保存到草稿，请在编辑器中对照处理",
            code="docx_conflict",
        ), 409
    body = UploadOut(report_id=outcome.report_id, sections=sections)
    return body, 201 if outcome.has_new_revision else 200


_UPLOADED = responses(
    403, 404, 413, HTTP_200=UploadOut, HTTP_201=UploadOut, HTTP_409=UploadConflict
)


@bp.get("/sections/<int:section_id>/docx")
@operation(resp=responses(403, 404, HTTP_200=None), tags=["word"])
def section_docx(section_id: int):
    """One section as a DOCX with its bookmark (tg-s-<id>-r<revision>), to edit in Word/WPS."""
    return docx_response(word_roundtrip.section_docx(section_id, current_user))


@bp.post("/sections/<int:section_id>/docx")
@operation(form=WordUpload, resp=_UPLOADED, tags=["word"])
def upload_section_docx(section_id: int, form: WordUpload):
    """Upload the edited file: per section saved / merged / conflict / unchanged / not allowed
    (409 when a section conflicts: its text waits in the draft buffer)."""
    outcome = word_roundtrip.upload_section(section_id, current_user, uploaded_file(form.file))
    return _answer(outcome)


@bp.get("/reports/<int:report_id>/docx")
@operation(resp=responses(403, 404, HTTP_200=None), tags=["word"])
def report_docx(report_id: int):
    """The whole draft report as a DOCX, each section in its bookmark."""
    return docx_response(word_roundtrip.report_docx(report_id, current_user))


@bp.post("/reports/<int:report_id>/docx")
@operation(form=WordUpload, resp=_UPLOADED, tags=["word"])
def upload_report_docx(report_id: int, form: WordUpload):
    """Upload the edited whole-report file (see the section upload)."""
    outcome = word_roundtrip.upload_report(report_id, current_user, uploaded_file(form.file))
    return _answer(outcome)
