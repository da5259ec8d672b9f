"""Commands for the audit trail."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.commands import fail, fails_cleanly


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit trail."""


@audit_group.command("verify")
@with_appcontext
@fails_cleanly
def audit_verify() -> None:
    from webapp.services import audit

    result = audit.verify()
    if not result.is_intact and result.first_bad_id is None:
        fail(f"审计链与检查点不符：{result.problem}")
    if not result.is_intact:
        fail(f"审计链在第 {result.first_bad_id} 行断开：{result.problem}")
    click.echo(f"审计链完整：已核验 {result.checked} 条，未封存 {result.unsealed} 条")
