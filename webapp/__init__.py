"""Tonggao (统稿): the Flask application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import config as config_module
from webapp import security_headers
from webapp.extensions import babel, csrf, db, limiter, login_manager, migrate
from webapp.routing import DatabaseIdConverter
from webapp.task_queue import init_celery

TEMPLATES_DIR = config_module.PROJECT_ROOT / "templates"
MIGRATIONS_DIR = config_module.PROJECT_ROOT / "migrations"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: env settings, then `config` on top; bind extensions, blueprints, CLI."""
    settings = config_module.from_environment()
    settings.update(config or {})
    settings = config_module.complete(settings)
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES_DIR),
        instance_path=settings["INSTANCE_PATH"],
    )
    app.url_map.converters["int"] = DatabaseIdConverter
    app.config.update(settings)
    # Chinese text as UTF-8, not \uXXXX escapes: a third of the bytes and faster to encode.
    app.json.ensure_ascii = False
    app.config["SESSION_COOKIE_NAME"] = "tonggao_session"
    app.config["RATELIMIT_STORAGE_URI"] = settings["RATELIMIT_STORAGE_URI"]
    app.config["RATELIMIT_HEADERS_ENABLED"] = True
    _trust_proxies(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    init_celery(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client address and scheme from their X-Forwarded-*
    headers (the login throttle counts per address); with none, such headers are ignored."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )


def _init_extensions(app: Flask) -> None:
    from webapp import auth_loader, sqlite_pragmas

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    auth_loader.register(login_manager)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    security_headers.install(app)
    with app.app_context():
        sqlite_pragmas.install(db.engine)


def _select_locale() -> str:
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in ("zh_CN", "en"):
        return chosen
    return "zh_CN"


def _register_blueprints(app: Flask) -> None:
    from webapp import commands
    from webapp.api import bp as api_bp
    from webapp.views import (
        admin,
        assemblies,
        audit_log,
        auth,
        chasing,
        consistency,
        errors,
        main,
        next_year,
        notifications,
        reports,
        search,
        sections,
        suggestions,
        word,
        workflow,
    )

    for blueprint in (auth.bp, main.bp, admin.bp, reports.bp, sections.bp, workflow.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(assemblies.bp)
    app.register_blueprint(notifications.bp)
    app.register_blueprint(audit_log.bp)
    app.register_blueprint(consistency.bp)
    app.register_blueprint(next_year.bp)
    app.register_blueprint(suggestions.bp)
    app.register_blueprint(word.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(chasing.bp)
    app.register_blueprint(api_bp)
    errors.register(app)
    commands.register(app)


def _register_template_helpers(app: Flask) -> None:
    from webapp.views import template_helpers

    template_helpers.register(app)
