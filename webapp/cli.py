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
from flask.cli import FlaskGroup
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


def register_cli(app: Flask) -> None:
    from webapp.commands import accounts, audit, imports, proof, reports, search, servers

    reports.reports_group.add_command(imports.import_command)
    reports.reports_group.add_command(imports.outline_command)
    for command in (
        accounts.demo_command,
        accounts.departments_group,
        accounts.users_group,
        audit.audit_group,
        proof.proof_command,
        reports.reports_group,
        search.search_group,
        servers.worker_command,
        servers.beat_command,
        servers.serve_command,
        servers.run_command,
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
