"""The search page: the navbar's box lands here."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from webapp.services import search
from webapp.services.errors import InvalidInput
from webapp.views import signed_in_only
from webapp.views.error_messages import localised

bp = signed_in_only(Blueprint("search", __name__))


@bp.get("/search")
def index():
    query = request.args.get("q", "").strip()
    hits, error = [], None
    if query:
        try:
            hits = search.search(query, current_user)
        except InvalidInput as problem:
            error = localised(problem)
    return render_template("search/index.html", query=query, hits=hits, error=error)
