"""A report's live sections as ordered child lists: edited in memory, then saved with the
positions in document order (the structure service's working copy)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import update

from webapp.extensions import db
from webapp.models import Report, Section
from webapp.models.types import utcnow
from webapp.services.errors import InvalidInput
from webapp.text.nodes import MAX_LEVEL


class SectionTree:
    """The report's live sections as ordered child lists, edited in memory, then saved."""

    def __init__(self, report: Report, sections: list[Section]) -> None:
        self.report = report
        self.all = sections
        self.by_id = {section.id: section for section in sections}
        self.children: dict[int | None, list[Section]] = {}
        for section in sections:
            if section.archived_at is None:
                self.children.setdefault(section.parent_id, []).append(section)

    @classmethod
    def load(cls, report: Report) -> SectionTree:
        """The tree, read after writing the report row: the write takes its lock (the row on
        PostgreSQL, the database on SQLite) first, so two structure edits of one report take
        turns instead of writing positions from two stale pictures."""
        db.session.flush()
        db.session.execute(
            update(Report)
            .where(Report.id == report.id)
            .values(updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        sections = list(
            db.session.scalars(
                db.select(Section)
                .where(Section.report_id == report.id)
                .order_by(Section.position)
                .execution_options(populate_existing=True)
            )
        )
        return cls(report, sections)

    def next_free_position(self) -> int:
        return max((section.position for section in self.all), default=0) + 1

    def parent(self, parent_id: int | None) -> Section | None:
        if parent_id is None:
            return None
        parent = self.by_id.get(parent_id)
        if parent is None or parent.archived_at is not None:
            raise InvalidInput(f"上级章节不在这个报告中：{parent_id}", code="parent_not_found")
        if parent.kind == "preamble":
            raise InvalidInput("前言下不能有章节", code="invalid_parent")
        return parent

    def is_within(self, node: Section, root: Section) -> bool:
        while node is not None:
            if node.id == root.id:
                return True
            node = self.by_id.get(node.parent_id)
        return False

    def has_children(self, section: Section) -> bool:
        return bool(self.children.get(section.id))

    def has_any_children(self, section: Section) -> bool:
        return any(other.parent_id == section.id for other in self.all)

    def subtree(self, section: Section) -> Iterator[Section]:
        yield section
        for child in self.children.get(section.id, []):
            yield from self.subtree(child)

    def remove(self, section: Section) -> None:
        self.children[section.parent_id].remove(section)

    def insert(self, section: Section, parent: Section | None, after_id: int | None) -> None:
        if section.kind in ("part", "preamble") and parent is not None:
            raise InvalidInput("部分标题和前言只能在最上一级", code="invalid_parent")
        siblings = self.children.setdefault(parent.id if parent else None, [])
        at = 0
        if after_id is not None:
            ids = [sibling.id for sibling in siblings]
            if after_id not in ids:
                raise InvalidInput(f"章节 {after_id} 不是同级章节", code="after_not_sibling")
            at = ids.index(after_id) + 1
        siblings.insert(at, section)
        section.parent = parent
        section.parent_id = parent.id if parent else None
        self.by_id[section.id] = section

    def place(self, section: Section) -> None:
        """Give a placed section the level of its place and shift its subtree by as much."""
        if section.kind != "numbered":
            return
        level = self._level_at(section)
        delta = level - section.level  # a new section has no subtree to shift
        subtree = list(self.subtree(section))
        deepest = max(node.level + delta for node in subtree if node.kind == "numbered")
        if max(level, deepest) > MAX_LEVEL:
            raise InvalidInput(f"层级超过 {MAX_LEVEL} 级（（1））", code="too_deep")
        section.level = level
        for node in subtree[1:]:
            node.level += delta

    def _level_at(self, section: Section) -> int:
        parent = self.by_id.get(section.parent_id) if section.parent_id else None
        if parent is not None and parent.kind == "numbered":
            return parent.level + 1
        siblings = self.children.get(section.parent_id, [])
        levels = [s.level for s in siblings if s.kind == "numbered" and s.id != section.id]
        return levels[0] if levels else 1

    def _document_order(self) -> Iterator[Section]:
        def walk(parent_id: int | None) -> Iterator[Section]:
            for child in self.children.get(parent_id, []):
                yield child
                yield from walk(child.id)

        yield from walk(None)

    def save(self, archived: list[Section] | None = None) -> None:
        """Write positions: live sections in document order, archived ones after them."""
        db.session.flush()
        live = list(self._document_order())
        gone = set(archived or [])
        dead = [s for s in self.all if (s.archived_at is not None or s in gone) and s not in live]
        dead = [s for s in dead if s in db.session and s not in db.session.deleted]
        order = live + dead
        # Two passes so that no intermediate state repeats a position (unique per report).
        for sign in (-1, 1):
            db.session.execute(
                update(Section),
                [{"id": s.id, "position": sign * i} for i, s in enumerate(order, start=1)],
            )
        for section in order:
            db.session.expire(section, ["position"])
