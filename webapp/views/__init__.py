"""Browser blueprints: parse the request, call one service, render."""

from flask import Blueprint
from flask_login import login_required


def signed_in_only(blueprint: Blueprint) -> Blueprint:
    """Every view of the blueprint needs a signed-in user: one hook, not a decorator per view."""
    blueprint.before_request(_require_login)
    return blueprint


@login_required
def _require_login() -> None:
    return None
