"""`tonggao` subcommands, one module per domain (registered on the app by `register`), and what
they share:
domain and database errors as one line on stderr with exit status 1, JSON output."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click
from flask import Flask
from sqlalchemy.exc import OperationalError, ProgrammingError

from webapp.services.errors import DomainError


def fails_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain and database errors into one line on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            fail(error.message)
        except (OperationalError, ProgrammingError) as error:
            fail(f"数据库错误（是否已运行 `tonggao db upgrade`？）：{error.orig}")

    return wrapped


def fail(message: str) -> NoReturn:
    click.echo(f"错误：{message}", err=True)
    sys.exit(1)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def register(app: Flask) -> None:
    """Add every `tonggao` command to the app's CLI (so `flask --app webapp` has them too)."""
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
