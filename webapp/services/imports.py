"""Importing an existing report: check the upload, parse it, create the report."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from flask import current_app

from webapp.extensions import db
from webapp.models import Report, Section, User
from webapp.services import accounts, audit, policy, reports
from webapp.services.errors import Forbidden, InvalidInput, PayloadTooLarge
from webapp.text import outline
from webapp.text.decode import UndecodableText, decode_text
from webapp.text.docx_import import CorruptDocx, parse_docx
from webapp.text.nodes import Outline, walk

TEXT_SUFFIXES = (".txt", ".text", ".md")
DOCX_SUFFIX = ".docx"


def preview(actor: User, filename: str, data: bytes) -> Outline:
    """The outline an upload would become, for someone who may import it."""
    require_import_right(actor)
    return parse_upload(filename, data)


def preview_text(actor: User, text: str) -> Outline:
    """The outline pasted text would become, for someone who may import it."""
    require_import_right(actor)
    return parse_text(text)


def require_import_right(actor: User) -> None:
    if not policy.can_import(actor):
        raise Forbidden("只有管理员和签发人可以导入报告", code="import_forbidden")


def parse_upload(filename: str, data: bytes) -> Outline:
    """The outline of an uploaded .txt/.md/.docx, or a clear error for anything else."""
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if len(data) > limit:
        raise PayloadTooLarge(
            f"文件过大：{len(data) // 1024} KB，上限 {limit // 1024} KB",
            code="file_too_large",
            kb=len(data) // 1024,
            limit_kb=limit // 1024,
        )
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == DOCX_SUFFIX:
        return _parse_docx(data)
    if suffix in TEXT_SUFFIXES or not suffix:
        return parse_text(_decode(data))
    raise InvalidInput(
        f"不支持的文件类型：{suffix}（请上传 .docx 或 .txt 文件）",
        code="unsupported_file_type",
        suffix=suffix,
    )


def _decode(data: bytes) -> str:
    try:
        return decode_text(data)
    except UndecodableText as error:
        raise InvalidInput(str(error), code="undecodable_text") from None


def _parse_docx(data: bytes) -> Outline:
    try:
        return parse_docx(data)
    except CorruptDocx as error:
        raise InvalidInput(str(error), code="corrupt_docx") from None


def parse_text(text: str) -> Outline:
    parsed = outline.parse(text)
    if not parsed.title and not parsed.sections:
        raise InvalidInput("没有识别出任何内容：文件是空的吗？", code="empty_import")
    return parsed


def import_report(
    parsed: Outline,
    actor: User,
    title: str | None = None,
    assignments: dict[int, str] | None = None,
    source_name: str = "",
) -> Report:
    """Create the report; `assignments` maps a section's document-order index to a department."""
    require_import_right(actor)
    assignments = assignments or {}
    total = sum(1 for _ in walk(parsed.sections))
    if any(not 0 <= index < total for index in assignments):
        raise InvalidInput(
            f"章节序号无效（共 {total} 个章节）", code="invalid_section_index", total=total
        )
    departments = {code: accounts.department_by_code(code) for code in set(assignments.values())}
    report = reports.build_report(parsed, actor, title)
    ordered: list[Section] = sorted(report.sections, key=lambda section: section.position)
    for index, code in assignments.items():
        ordered[index].department = departments[code]
    audit.record(
        actor,
        "report.import",
        "report",
        report.id,
        source=source_name,
        dropped=list(parsed.dropped),
        source_sha256=hashlib.sha256(outline.render(parsed).encode()).hexdigest(),
    )
    db.session.commit()
    return report
