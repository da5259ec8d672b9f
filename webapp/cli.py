"""The `tonggao` console script (DESIGN: CLI contract): a FlaskGroup around the app factory; the
commands themselves live in webapp/commands. Exit 0 ok, 1 domain error, 2 usage."""

from __future__ import annotations

import os

from flask import Flask
from flask.cli import FlaskGroup


def _create_app() -> Flask:
    from webapp import create_app

    return create_app()


cli = FlaskGroup(
    name="tonggao", create_app=_create_app, add_default_commands=False, set_debug_flag=False
)


def main() -> None:
    os.environ.setdefault("FLASK_APP", "webapp")
    cli.main(prog_name="tonggao")
