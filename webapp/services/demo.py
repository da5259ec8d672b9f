"""Load demo data once: departments, a user of each role and one imported report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Department, Section, User
from webapp.services import accounts, audit, reports
from webapp.text import outline

DEMO_PASSWORD = "tonggao-demo"
DEMO_REPORT = Path(__file__).resolve().parent.parent / "demo" / "fagaiju-2020.txt"
DEPARTMENTS = (("zonghe", "综合规划股"), ("xiangmu", "项目管理股"))


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    role: str
    department: str | None


DEMO_USERS = (
    DemoLogin("admin", "系统管理员", "admin", None),
    DemoLogin("leader", "王局长", "leader", None),
    DemoLogin("drafter", "李拟稿", "drafter", "zonghe"),
    DemoLogin("drafter2", "赵拟稿", "drafter", "xiangmu"),
    DemoLogin("reviewer", "张审核", "reviewer", "zonghe"),
    DemoLogin("reviewer2", "陈审核", "reviewer", "xiangmu"),
)


def is_loaded() -> bool:
    return db.session.scalar(select(User).where(User.username == "admin")) is not None


def load() -> bool:
    """Create the demo data unless it exists; True when it was created now."""
    if is_loaded():
        return False
    for code, name in DEPARTMENTS:
        accounts.create_department(code, name)
    for login in DEMO_USERS:
        accounts.create_user(
            login.username, DEMO_PASSWORD, login.role, login.department, login.display_name
        )
    admin = accounts.user_by_name("admin")
    parsed = outline.parse(DEMO_REPORT.read_text(encoding="utf-8"))
    report = reports.create_from_outline(parsed, admin)
    _assign_alternately(report.sections, admin)
    return True


def _assign_alternately(sections: list[Section], actor: User) -> None:
    """Top-level parts and items alternate between the two departments, children inherit."""
    departments = [accounts.department_by_code(code) for code, _ in DEPARTMENTS]
    chosen: dict[int, Department] = {}
    top_index = 0
    for section in sections:
        if section.parent_id is None:
            chosen[section.id] = departments[top_index % len(departments)]
            top_index += 1
        else:
            chosen[section.id] = chosen[section.parent_id]
        section.department = chosen[section.id]
    audit.record(actor, "report.assign_demo", "report", sections[0].report_id if sections else None)
    db.session.commit()
