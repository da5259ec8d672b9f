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

    password = _password_from_stdin(password_stdin)
    user = accounts.create_user(name, password, role, department_code, display_name)
    click.echo(f"已创建用户 {user.username}（{user.role}）")


def _password_from_stdin(password_stdin: bool) -> str:
    from webapp.services.errors import InvalidInput

    if not password_stdin:
        raise InvalidInput("请用 --password-stdin 从标准输入提供密码")
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InvalidInput("密码不能为空")
    return password


@users_group.command("token")
@click.argument("name")
@click.option(
    "--days", type=int, default=None, help="valid for this many days (default 90; 0 = never)"
)
@with_appcontext
@fails_cleanly
def users_token(name: str, days: int | None) -> None:
    from webapp.services import accounts

    click.echo(accounts.issue_token(name, days))


@users_group.command("deactivate")
@click.argument("name")
@with_appcontext
@fails_cleanly
def users_deactivate(name: str) -> None:
    """Stop a user logging in; their sessions and API tokens end at once."""
    from webapp.services import accounts

    user = accounts.deactivate(name)
    click.echo(f"已停用用户 {user.username}：登录会话和 API 令牌已全部失效")


@users_group.command("activate")
@click.argument("name")
@with_appcontext
@fails_cleanly
def users_activate(name: str) -> None:
    """Let a deactivated user log in again (old tokens stay revoked)."""
    from webapp.services import accounts

    user = accounts.reactivate(name)
    click.echo(f"已启用用户 {user.username}")


@users_group.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="read the new password from standard input")
@with_appcontext
@fails_cleanly
def users_password(name: str, password_stdin: bool) -> None:
    """Set a new password; the user's sessions end."""
    from webapp.services import accounts

    user = accounts.reset_password(name, _password_from_stdin(password_stdin))
    click.echo(f"已重设用户 {user.username} 的密码，其登录会话已全部失效")


@users_group.command("tokens")
@click.argument("name")
@click.option("--revoke", "revoke_id", type=int, help="revoke the token with this ID")
@with_appcontext
@fails_cleanly
def users_tokens(name: str, revoke_id: int | None) -> None:
    """List a user's API tokens, or revoke one."""
    from webapp.services import accounts

    if revoke_id is not None:
        accounts.revoke_token(name, revoke_id)
        click.echo(f"已吊销令牌 {revoke_id}")
        return
    for token in accounts.list_tokens(name):
        click.echo(
            f"{token.id:>5}  {accounts.token_state(token):<8} 创建 {_when(token.created_at)}"
            f"  到期 {_when(token.expires_at)}  最近使用 {_when(token.last_used_at)}"
        )


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"
