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
from webapp.text.docx_import import CorruptDocx, DocxTooLarge, parse_docx
from webapp.text.nodes import Outline, walk

TEXT_SUFFIXES = (".txt", ".text", ".md")
DOCX_SUFFIX = ".docx"
# A long real report has a few hundred sections and a few thousand lines; 60,000 sections
# took 5.7 s and 325 MB to parse and would make a preview page nobody can read.
MAX_IMPORT_SECTIONS = 2000
MAX_IMPORT_LINES = 20_000


def parse_upload(filename: str, data: bytes) -> Outline:
    """The outline of an uploaded .txt/.md/.docx, or a clear error for anything else."""
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if len(data) > limit:
        raise PayloadTooLarge(f"文件过大：{len(data) // 1024} KB，上限 {limit // 1024} KB")
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == DOCX_SUFFIX:
        return _parse_docx(data)
    if suffix in TEXT_SUFFIXES or not suffix:
        return parse_text(_decode(data))
    raise InvalidInput(f"不支持的文件类型：{suffix}（请上传 .docx 或 .txt 文件）")


def _decode(data: bytes) -> str:
    try:
        return decode_text(data)
    except UndecodableText as error:
        raise InvalidInput(str(error)) from None


def _parse_docx(data: bytes) -> Outline:
    try:
        return check_limits(parse_docx(data))
    except DocxTooLarge as error:
        raise PayloadTooLarge(str(error), code="docx_too_large") from None
    except CorruptDocx as error:
        raise InvalidInput(str(error), code="corrupt_docx") from None


def parse_text(text: str) -> Outline:
    lines = text.count("\n") + 1
    if lines > MAX_IMPORT_LINES:
        raise PayloadTooLarge(
            f"文本行数过多：{lines} 行，上限 {MAX_IMPORT_LINES} 行", code="too_many_lines"
        )
    parsed = check_limits(outline.parse(text))
    if not parsed.title and not parsed.sections:
        raise InvalidInput("没有识别出任何内容：文件是空的吗？")
    return parsed


def check_limits(parsed: Outline) -> Outline:
    """The same caps as typing: at most MAX_IMPORT_SECTIONS sections, bodies of MAX_BODY_CHARS."""
    nodes = list(walk(parsed.sections))
    if len(nodes) > MAX_IMPORT_SECTIONS:
        raise PayloadTooLarge(
            f"章节过多：{len(nodes)} 个，上限 {MAX_IMPORT_SECTIONS} 个", code="too_many_sections"
        )
    limit = current_app.config["MAX_BODY_CHARS"]
    for node in nodes:
        if len(node.body) > limit:
            raise PayloadTooLarge(
                f"章节“{node.heading[:20]}”正文过长：{len(node.body)} 字，上限 {limit} 字",
                code="body_too_long",
            )
    return parsed


def import_report(
    parsed: Outline,
    actor: User,
    title: str | None = None,
    assignments: dict[int, str] | None = None,
    source_name: str = "",
) -> Report:
    """Create the report; `assignments` maps a section's document-order index to a department."""
    if not policy.can_import(actor):
        raise Forbidden("只有管理员和签发人可以导入报告")
    assignments = assignments or {}
    check_limits(parsed)  # a confirmed outline comes back from the browser: check it again
    total = sum(1 for _ in walk(parsed.sections))
    if any(not 0 <= index < total for index in assignments):
        raise InvalidInput(f"章节序号无效（共 {total} 个章节）")
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
