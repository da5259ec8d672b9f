"""Editing a report's structure until sign-off: add, rename, move and archive sections.

Invariants kept after every change (DESIGN "Structure"):
- `Section.position` is document order (a pre-order walk) over the whole report, unique per
  report: live sections first, archived ones after them in their old order.
- A numbered section's level follows its place: one below a numbered parent, else the level
  its numbered siblings use (1 when it has none); a move shifts its subtree by as much.
- `heading_only` is true exactly for a heading with no body over live children.
A heading edit is a revision (heading + body, hashed together), so an approval of the old
heading goes stale. A section with revisions or children is archived, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from webapp.extensions import db
from webapp.models import Report, Revision, Section, User
from webapp.models.types import utcnow
from webapp.services import audit, lock, policy, search_index, workflow
from webapp.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from webapp.services.reports import (
    is_heading_only,
    load_section,
    revision_sha256,
    section_numbers,
    section_rows,
)
from webapp.services.section_tree import SectionTree
from webapp.text.nodes import PART_LEVEL
from webapp.text.outline import SENTENCE_END, ends_with_punct

MAX_HEADING_CHARS = 200
PREVIEW_CHARS = 30
SECTION_KINDS = ("numbered", "part", "preamble")


@dataclass(frozen=True)
class StructureLine:
    section: Section
    number: str
    body_chars: int
    has_children: bool
    is_first: bool
    is_last: bool
    preview: str  # the start of the body, shown beside a heading-less numbered paragraph


@dataclass(frozen=True)
class StructurePage:
    report: Report
    lines: list[StructureLine]
    archived: list[Section]
    # The last child of each parent (None: the top level), for "add after the last one".
    last_child: dict[int | None, int]

    @property
    def last_top(self) -> int | None:
        return self.last_child.get(None)


def page(report_id: int, actor: User) -> StructurePage:
    """The structure page: the live tree with its numbers, and what was archived."""
    report = _structure_report_readable(report_id, actor)
    rows = section_rows(report.id)
    numbers = section_numbers(rows)
    siblings: dict[int | None, list[int]] = {}
    for row in rows:
        siblings.setdefault(row.section.parent_id, []).append(row.section.id)
    lines = [
        StructureLine(
            row.section,
            numbers.get(row.section.id, ""),
            len(row.body),
            row.section.id in siblings,
            siblings[row.section.parent_id][0] == row.section.id,
            siblings[row.section.parent_id][-1] == row.section.id,
            row.body[:PREVIEW_CHARS],
        )
        for row in rows
    ]
    archived = db.session.scalars(
        db.select(Section)
        .where(Section.report_id == report.id, Section.archived_at.is_not(None))
        .order_by(Section.archived_at.desc())
    ).all()
    last_child = {parent: ids[-1] for parent, ids in siblings.items()}
    return StructurePage(report, lines, list(archived), last_child)


def _structure_report_readable(report_id: int, actor: User) -> Report:
    report = db.session.get(Report, report_id)
    if report is None:
        raise NotFound(f"没有这个报告：{report_id}", code="report_not_found", report_id=report_id)
    if not policy.can_edit_structure(actor):
        raise Forbidden("只有管理员和签发人可以调整报告结构", code="structure_forbidden")
    return report


@dataclass(frozen=True)
class RenameResult:
    revision: int
    created: bool


def _structure_section(section_id: int, actor: User) -> Section:
    section = load_section(section_id)
    if section.archived_at is not None:
        raise Conflict("这个章节已归档，只能查看历史", code="section_archived")
    if not policy.can_edit_structure(actor):
        raise Forbidden("只有管理员和签发人可以调整报告结构", code="structure_forbidden")
    lock.ensure_unlocked_exclusively(section.report)
    return section


def _structure_report(report_id: int, actor: User) -> Report:
    report = _structure_report_readable(report_id, actor)
    lock.ensure_unlocked_exclusively(report)
    return report


def clean_heading(kind: str, heading: str) -> str:
    """The heading as stored, or InvalidInput: one line, bounded, required for parts."""
    heading = heading.strip()
    if "\n" in heading or "\r" in heading:
        raise InvalidInput("标题只能有一行", code="heading_multiline")
    if len(heading) > MAX_HEADING_CHARS:
        raise InvalidInput(f"标题不能超过 {MAX_HEADING_CHARS} 字", code="heading_too_long")
    if kind == "part" and not heading:
        raise InvalidInput("部分标题不能为空", code="heading_required")
    if kind == "preamble" and heading:
        raise InvalidInput("前言没有标题", code="preamble_heading")
    return heading


def is_run_in(heading: str) -> bool:
    """A numbered heading ending a sentence runs into its body (“1.标题句。正文”); an empty one
    is a numbered paragraph, which runs in too."""
    return not heading or ends_with_punct(heading, SENTENCE_END)


def add_section(
    report_id: int,
    actor: User,
    heading: str,
    kind: str = "numbered",
    parent_id: int | None = None,
    after_id: int | None = None,
) -> Section:
    """A new empty section under `parent_id` (None: the top), right after sibling `after_id`
    (None: first). It has no revision until someone saves it, so it can still be deleted."""
    report = _structure_report(report_id, actor)
    if kind not in SECTION_KINDS:
        raise InvalidInput(f"章节类型无效：{kind}", code="invalid_kind")
    heading = clean_heading(kind, heading)
    tree = SectionTree.load(report)
    section = Section(
        report=report,
        kind=kind,
        heading=heading,
        run_in=kind == "numbered" and is_run_in(heading),
        level=PART_LEVEL,
        position=tree.next_free_position(),
    )
    db.session.add(section)
    db.session.flush()
    tree.insert(section, tree.parent(parent_id), after_id)
    tree.place(section)
    tree.save()
    audit.record(actor, "section.add", "section", section.id, heading=heading, kind=kind)
    _commit(report)
    return section


def move(section_id: int, actor: User, parent_id: int | None, after_id: int | None) -> Section:
    """Re-parent and/or reorder a section with its subtree; numbers follow the new place."""
    section = _structure_section(section_id, actor)
    tree = SectionTree.load(section.report)
    parent = tree.parent(parent_id)
    if parent is not None and tree.is_within(parent, section):
        raise InvalidInput("不能把章节移到它自己的下级", code="move_into_itself")
    old = (section.parent_id, section.position)
    tree.remove(section)
    tree.insert(section, parent, after_id)
    tree.place(section)
    tree.save()
    audit.record(
        actor,
        "section.move",
        "section",
        section.id,
        parent=parent_id,
        after=after_id,
        old_parent=old[0],
        old_position=old[1],
        position=section.position,
    )
    _commit(section.report)
    return section


NUDGES = ("up", "down", "indent", "outdent")


def nudge(section_id: int, actor: User, direction: str) -> Section:
    """The structure page's buttons: move up or down among siblings, indent (under the
    previous sibling, last) or outdent (right after the parent)."""
    section = _structure_section(section_id, actor)
    siblings = SectionTree.load(section.report).children[section.parent_id]
    at = siblings.index(section)
    previous = siblings[at - 1] if at > 0 else None
    if direction == "up" and previous is not None:
        before = siblings[at - 2].id if at > 1 else None
        return move(section_id, actor, section.parent_id, before)
    if direction == "down" and at + 1 < len(siblings):
        return move(section_id, actor, section.parent_id, siblings[at + 1].id)
    if direction == "indent" and previous is not None and previous.kind != "preamble":
        last = last_child_id(section.report_id, previous.id)
        return move(section_id, actor, previous.id, last)
    if direction == "outdent" and section.parent_id is not None:
        return move(section_id, actor, section.parent.parent_id, section.parent_id)
    raise InvalidInput("这个章节不能再这样移动", code="cannot_move")


def archive(section_id: int, actor: User) -> bool:
    """Take a section and its subtree out of the report. One with revisions or children is
    archived (history stays readable); a bare new one is deleted. True if archived."""
    section = _structure_section(section_id, actor)
    report = section.report
    tree = SectionTree.load(report)
    subtree = list(tree.subtree(section))
    keep = section.head_revision > 0 or tree.has_any_children(section)
    tree.remove(section)
    if keep:
        now = utcnow()
        for node in subtree:
            node.archived_at = now
    else:
        db.session.delete(section)
    tree.save(archived=subtree if keep else [])
    audit.record(
        actor,
        "section.archive" if keep else "section.delete",
        "section",
        section.id,
        heading=section.heading,
        sections=len(subtree),
    )
    _commit(report)
    return keep


def rename(
    section_id: int, actor: User, heading: str, base_revision: int | None = None
) -> RenameResult:
    """A heading edit: the next revision carries the new heading and the head's body."""
    section = load_section(section_id)
    if section.archived_at is not None:
        raise Conflict("这个章节已归档，只能查看历史", code="section_archived")
    if not policy.can_rename(actor, section):
        raise Forbidden("只有本部门的拟稿人、管理员和签发人可以修改标题", code="rename_forbidden")
    lock.ensure_unlocked(section.report)
    heading = clean_heading(section.kind, heading)
    head = section.head_revision
    if base_revision is not None and base_revision != head:
        raise Conflict(
            f"章节已有新版本（第 {head} 版），请刷新后再改标题", code="heading_stale", head=head
        )
    if heading == section.heading:
        return RenameResult(head, created=False)
    body = _head_body(section)
    sha = revision_sha256(heading, body)
    if not _advance_head(section, head, heading, sha):
        raise Conflict("章节刚被他人修改，请刷新后再改标题", code="heading_stale", head=head)
    db.session.add(
        Revision(
            section_id=section.id,
            number=head + 1,
            heading=heading,
            body=body,
            sha256=sha,
            base_number=head,
            author_id=actor.id,
            message="修改标题",
        )
    )
    db.session.refresh(section)
    section.run_in = section.kind == "numbered" and is_run_in(heading)
    section.heading_only = is_heading_only(
        section.kind, heading, body, SectionTree.load(section.report).has_children(section)
    )
    workflow.after_new_revision(section, sha)
    search_index.index_section(section.id, body, report_id=section.report_id, heading=heading)
    audit.record(actor, "section.rename", "section", section.id, revision=head + 1, sha256=sha)
    db.session.commit()
    return RenameResult(head + 1, created=True)


def parent_id_of(report_id: int, section_id: int) -> int | None:
    """The parent of a live section of the report (for placing something beside it)."""
    section = db.session.get(Section, section_id)
    if section is None or section.report_id != report_id or section.archived_at is not None:
        raise InvalidInput(f"章节不在这个报告中：{section_id}", code="after_not_sibling")
    return section.parent_id


def last_child_id(
    report_id: int, parent_id: int | None, excluding: int | None = None
) -> int | None:
    """The last live child of `parent_id` (None: the top level), to append after it."""
    query = db.select(Section.id).where(
        Section.report_id == report_id,
        Section.parent_id.is_(None) if parent_id is None else Section.parent_id == parent_id,
        Section.archived_at.is_(None),
    )
    if excluding is not None:
        query = query.where(Section.id != excluding)
    return db.session.scalar(query.order_by(Section.position.desc()).limit(1))


def _head_body(section: Section) -> str:
    if section.head_revision == 0:
        return ""
    revision = db.session.scalar(
        db.select(Revision.body).where(
            Revision.section_id == section.id, Revision.number == section.head_revision
        )
    )
    return revision or ""


def _advance_head(section: Section, head: int, heading: str, sha: str) -> bool:
    """Compare-and-set, as a save does: a rename and a save racing get distinct numbers."""
    result = db.session.execute(
        update(Section)
        .where(Section.id == section.id, Section.head_revision == head)
        .values(head_revision=head + 1, head_sha256=sha, heading=heading, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _commit(report: Report) -> None:
    refresh_heading_only(report)
    workflow.refresh_report_status(report)
    db.session.commit()
    db.session.expire(report, ["sections"])


def refresh_heading_only(report: Report) -> None:
    """Recompute `heading_only` for every live section (one query for the head bodies)."""
    rows = section_rows(report.id)
    parents = {row.section.parent_id for row in rows}
    for row in rows:
        section = row.section
        section.heading_only = is_heading_only(
            section.kind, section.heading, row.body, section.id in parents
        )
