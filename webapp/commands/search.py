"""`tonggao search reindex`: rebuild the search index from the reports and head revisions."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.commands import fails_cleanly


@click.group("search")
def search_group() -> None:
    """The full-text search index."""


@search_group.command("reindex")
@with_appcontext
@fails_cleanly
def reindex_command() -> None:
    """Rebuild the whole index (after a restore, or to pick up renamed headings)."""
    from webapp.services import search_index

    entries = search_index.reindex_all()
    click.echo(f"搜索索引已重建：{entries} 条")
