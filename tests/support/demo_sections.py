"""Finding a demo section with text for browser tests (the live server's database)."""

from __future__ import annotations

from sqlalchemy import select

from webapp import create_app
from webapp.extensions import db
from webapp.models import Department, Section
from webapp.services import drafting


def section_with_text(settings: dict, department_code: str) -> tuple[int, str]:
    """The first demo section of the department with some text: (id, head body)."""
    app = create_app(settings)
    with app.app_context():
        sections = db.session.scalars(
            select(Section)
            .join(Department, Department.id == Section.department_id)
            .where(Department.code == department_code, Section.head_revision > 0)
            .order_by(Section.position)
        )
        section = next(s for s in sections if len(drafting.head_body(s)) > 20)
        found = section.id, drafting.head_body(section)
        db.session.remove()
        db.engine.dispose()
    return found
