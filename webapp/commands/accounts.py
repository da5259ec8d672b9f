"""Commands for departments, users, tokens and the demo data."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from webapp.commands import fails_cleanly


@click.command("demo")
@with_appcontext
@fails_cleanly
def demo_command() -> None:
    """Load demo departments, users and one report (once)."""
    from webapp.services import demo

    if demo.load():
        click.echo("已载入演示数据。")
    else:
        click.echo("演示数据已存在，未改动。")
    print_demo_logins()


def print_demo_logins() -> None:
    from webapp.services import demo

    click.echo(f"演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
    for login in demo.DEMO_USERS:
        department = f" [{login.department}]" if login.department else ""
        click.echo(f"  {login.username:<10} {login.role:<9}{department} {login.display_name}")


@click.group("departments")
def departments_group() -> None:
    """Manage departments."""


@departments_group.command("create")
@click.argument("code")
@click.argument("name")
@with_appcontext
@fails_cleanly
def departments_create(code: str, name: str) -> None:
    from webapp.services import accounts

    department = accounts.create_department(code, name)
    click.echo(f"已创建部门 {department.code} {department.name}")


@click.group("users")
def users_group() -> None:
    """Manage users and API tokens."""


@users_group.command("create")
@click.argument("name")
@click.option("--role", required=True, help="drafter | reviewer | leader | admin")
@click.option("--department", "department_code", help="department CODE")
@click.option("--display-name", help="姓名")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@with_appcontext
@fails_cleanly
def users_create(
    name: str,
    role: str,
    department_code: str | None,
    display_name: str | None,
    password_stdin: bool,
) -> None:
    from webapp.services import accounts
    from webapp.services.errors import InvalidInput

    if not password_stdin:
        raise InvalidInput("请用 --password-stdin 从标准输入提供密码")
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InvalidInput("密码不能为空")
    user = accounts.create_user(name, password, role, department_code, display_name)
    click.echo(f"已创建用户 {user.username}（{user.role}）")


@users_group.command("token")
@click.argument("name")
@with_appcontext
@fails_cleanly
def users_token(name: str) -> None:
    from webapp.services import accounts

    click.echo(accounts.issue_token(name))
