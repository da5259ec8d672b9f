"""The `tonggao` command line (DESIGN: CLI contract). Exit 0 ok, 1 domain error, 2 usage."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from webapp.services.errors import DomainError


def fails_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain and database errors into one line on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            _fail(error.message)
        except (OperationalError, ProgrammingError) as error:
            _fail(f"数据库错误（是否已运行 `tonggao db upgrade`？）：{error.orig}")

    return wrapped


def _fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(1)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


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
    name: str, role: str, department_code: str | None, display_name: str | None,
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


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit trail."""


@audit_group.command("verify")
@with_appcontext
@fails_cleanly
def audit_verify() -> None:
    from webapp.services import audit

    result = audit.verify()
    if not result.is_intact:
        _fail(f"审计链在第 {result.first_bad_id} 行断开：{result.problem}")
    click.echo(f"审计链完整：已核验 {result.checked} 条，未封存 {result.unsealed} 条")


@click.command("worker")
@click.option("--beat", is_flag=True, help="also run the periodic scheduler (one machine only)")
@click.option("--concurrency", type=int, default=2, show_default=True)
def worker_command(beat: bool, concurrency: int) -> None:
    """Celery worker with the app's config."""
    from webapp import processes

    processes.exec_worker(beat=beat, concurrency=concurrency)


@click.command("beat")
def beat_command() -> None:
    """Celery beat: the periodic outbox sweep and audit sealing."""
    from webapp import processes

    processes.exec_beat()


@click.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
@click.option("--workers", default=2, type=int, show_default=True)
def serve_command(host: str, port: int, workers: int) -> None:
    """Production web server (gunicorn), no worker."""
    from webapp import processes

    processes.exec_gunicorn(host, port, workers)


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, type=int, show_default=True)
@with_appcontext
@fails_cleanly
def run_command(host: str, port: int) -> None:
    """Embedded mode: create the database and demo data, then web server + worker."""
    from webapp import processes

    processes.run_embedded(host, port, print_demo_logins)


def register_cli(app: Flask) -> None:
    for command in (
        demo_command,
        departments_group,
        users_group,
        audit_group,
        worker_command,
        beat_command,
        serve_command,
        run_command,
    ):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from webapp import create_app

    return create_app()


cli = FlaskGroup(
    name="tonggao", create_app=_create_app, add_default_commands=False, set_debug_flag=False
)


def main() -> None:
    os.environ.setdefault("FLASK_APP", "webapp")
    cli.main(prog_name="tonggao")
