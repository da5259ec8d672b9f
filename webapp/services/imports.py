"""Importing an existing report: check the upload, parse it, check the corrected tree the
admin posts back from the preview, create the report."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from flask import current_app

from webapp.extensions import db
from webapp.models import Report, Section, User
from webapp.services import accounts, audit, notifications, policy, reports
from webapp.services.errors import Forbidden, InvalidInput, PayloadTooLarge
from webapp.text import outline
from webapp.text.decode import UndecodableText, decode_text
from webapp.text.docx_import import CorruptDocx, DocxTooLarge, parse_docx
from webapp.text.nodes import MAX_LEVEL, Outline, OutlineNode, outline_from_dict, walk

# Bounds on the tree posted back from the preview: a real report has tens of sections.
MAX_PREVIEW_SECTIONS = 2000
MAX_PREVIEW_DEPTH = 6
MAX_PREVIEW_HEADING_CHARS = 200


@dataclass(frozen=True)
class PreviewTree:
    """The corrected tree and the department codes chosen per node (document order)."""

    outline: Outline
    assignments: dict[int, str]


def _invalid_tree(message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_tree")


def preview_tree(raw: str) -> PreviewTree:
    """The preview's posted tree, checked: JSON of the outline contract, bounded in size and
    depth, numbered levels nested under shallower ones, parts and preamble at the top."""
    if len(raw) > 4 * current_app.config["MAX_UPLOAD_BYTES"]:
        raise _invalid_tree("导入数据过大")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise _invalid_tree("导入数据无效，请重新上传") from None
    count = _check_shape(data)
    if count > MAX_PREVIEW_SECTIONS:
        raise _invalid_tree(f"章节过多（{count} 个，上限 {MAX_PREVIEW_SECTIONS}）")
    try:
        parsed = outline_from_dict(data)
    except ValueError:
        raise _invalid_tree("导入数据无效，请重新上传") from None
    _check_nesting(parsed.sections, parent=None)
    return PreviewTree(parsed, _assignments(data["sections"]))


def _check_shape(data: Any) -> int:
    """Count the nodes without recursion, refusing trees deeper than MAX_PREVIEW_DEPTH."""
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise _invalid_tree("导入数据无效，请重新上传")
    stack = [(node, 1) for node in data["sections"]]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_PREVIEW_DEPTH or count > MAX_PREVIEW_SECTIONS:
            raise _invalid_tree("章节层级过深或数量过多")
        children = node.get("children", []) if isinstance(node, dict) else None
        if not isinstance(children, list):
            raise _invalid_tree("导入数据无效，请重新上传")
        stack.extend((child, depth + 1) for child in children)
    return count


def _check_nesting(nodes: tuple[OutlineNode, ...], parent: OutlineNode | None) -> None:
    body_limit = current_app.config["MAX_BODY_CHARS"]
    for node in nodes:
        if node.kind != "numbered" and parent is not None:
            raise _invalid_tree("部分标题和前言只能在最上一级")
        if node.kind == "numbered" and not 1 <= node.level <= MAX_LEVEL:
            raise _invalid_tree(f"层级无效：{node.level}")
        if parent is not None and node.level <= parent.level:
            raise _invalid_tree(f"“{node.heading[:20]}”的层级应低于上级")
        if len(node.heading) > MAX_PREVIEW_HEADING_CHARS or "\n" in node.heading:
            raise _invalid_tree(f"标题过长或多于一行：{node.heading[:20]}…")
        if len(node.body) > body_limit:
            raise _invalid_tree(f"正文过长（上限 {body_limit} 字）")
        if node.kind == "part" and not node.heading.strip():
            raise _invalid_tree("部分标题不能为空")
        if node.kind == "preamble" and node.children:
            raise _invalid_tree("前言下不能有章节")
        _check_nesting(node.children, node)


def _assignments(nodes: list[dict]) -> dict[int, str]:
    """Department codes carried by the nodes (key "department"), by document-order index."""
    found: dict[int, str] = {}
    order = list(_walk_dicts(nodes))
    for index, node in enumerate(order):
        code = node.get("department")
        if isinstance(code, str) and code:
            found[index] = code
    return found


def _walk_dicts(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from _walk_dicts(node["children"])


TEXT_SUFFIXES = (".txt", ".text", ".md")
DOCX_SUFFIX = ".docx"
# A long real report has a few hundred sections and a few thousand lines; 60,000 sections
# took 5.7 s and 325 MB to parse and would make a preview page nobody can read.
MAX_IMPORT_SECTIONS = 2000
MAX_IMPORT_LINES = 20_000


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
        raise InvalidInput("没有识别出任何内容：文件是空的吗？", code="empty_import")
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
                chars=len(node.body),
                limit=limit,
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
    require_import_right(actor)
    assignments = assignments or {}
    check_limits(parsed)  # a confirmed outline comes back from the browser: check it again
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
    notifications.on_report_created([ordered[index] for index in sorted(assignments)], actor)
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
