"""Configuration: defaults for embedded mode, every key overridable by a TONGGAO_* variable."""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

ENV_PREFIX = "TONGGAO_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Config:
    """Embedded-mode defaults: SQLite and an SQLite-backed broker in the instance folder."""

    INSTANCE_PATH = str(PROJECT_ROOT / "instance")
    SECRET_KEY = ""
    DATABASE_URL = ""  # default: sqlite:///<instance>/tonggao.db
    BROKER_URL = ""  # default: sqla+sqlite:///<instance>/broker.db
    RATELIMIT_STORAGE_URI = "memory://"
    # Failed logins: per account (guessing one password), and per client address (spraying
    # many accounts) with more room, as an office behind one NAT shares an address.
    LOGIN_RATE_LIMIT = "10 per 15 minutes"
    LOGIN_ADDRESS_RATE_LIMIT = "100 per 15 minutes"
    # Reverse proxies in front of the app that set X-Forwarded-For/-Proto/-Host (ProxyFix).
    TRUSTED_PROXIES = 0
    API_TOKEN_VALID_DAYS = 90
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    MAX_BODY_CHARS = 200_000
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")
    # argon2id cost; tests lower it, production keeps the library's recommended defaults.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST_KIB = 65536
    MAIL_BACKEND = "console"
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    MAIL_FROM = "tonggao@localhost"
    # Users whose username is not an e-mail address get mail at <username>@MAIL_DOMAIN.
    MAIL_DOMAIN = "localhost"
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_STARTTLS = False
    SMTP_TIMEOUT_S = 30.0
    # Prefix for links in e-mails (https://tonggao.example.gov.cn); in-app links are relative.
    PUBLIC_URL = ""
    DEADLINE_REMINDER_DAYS = 2
    DEADLINE_SCAN_INTERVAL_S = 3600.0
    # A reviewer's claim on a section ("正在审核") lapses after this long without a decision.
    CLAIM_TIMEOUT_MIN = 60
    # 催办: at most one chase of a department for a report in this many minutes.
    CHASE_INTERVAL_MIN = 60
    # Sections overdue by more than this many days are reported to the leaders (beat task).
    ESCALATE_AFTER_DAYS = 3
    FONT_DIR = ""
    # Longest job plus margin; far below Redis' default hour (see DESIGN: Background jobs).
    BROKER_VISIBILITY_TIMEOUT_S = 900
    ASSEMBLY_LEASE_S = 600
    SWEEP_INTERVAL_S = 30.0
    AUDIT_SEAL_INTERVAL_S = 5.0
    # Where each seal writes the chain's newest (seq, hash); default
    # <instance>/audit-checkpoint.json. Best on storage the database's admins cannot rewrite.
    AUDIT_CHECKPOINT_PATH = ""
    WTF_CSRF_TIME_LIMIT = None


def _coerce(value: str, default: Any) -> Any:
    """Read an env string as the type of the default it overrides."""
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int) and not isinstance(default, bool):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, (list, dict)):
        return json.loads(value)
    return value


def from_environment(environ: dict[str, str] | os._Environ[str] = os.environ) -> dict[str, Any]:
    """Every Config key, with TONGGAO_<KEY> taking precedence over the class default."""
    settings: dict[str, Any] = {}
    for key in dir(Config):
        if not key.isupper():
            continue
        default = getattr(Config, key)
        raw = environ.get(ENV_PREFIX + key)
        settings[key] = default if raw is None else _coerce(raw, default)
    return settings


def complete(settings: dict[str, Any]) -> dict[str, Any]:
    """Fill the defaults that depend on the instance folder, and Flask's own key names."""
    instance = Path(settings["INSTANCE_PATH"])
    instance.mkdir(parents=True, exist_ok=True)
    settings["INSTANCE_PATH"] = str(instance)
    if not settings.get("DATABASE_URL"):
        settings["DATABASE_URL"] = f"sqlite:///{instance / 'tonggao.db'}"
    if not settings.get("BROKER_URL"):
        settings["BROKER_URL"] = f"sqla+sqlite:///{instance / 'broker.db'}"
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = _instance_secret(instance)
    settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(settings["DATABASE_URL"])
    settings["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_ROOT / "webapp" / "translations")
    return settings


def normalise_database_url(url: str) -> str:
    """postgres:// and postgresql:// mean psycopg 3 here (the only driver we install)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret(instance: Path) -> str:
    """A per-instance random key, so embedded mode is safe without configuration."""
    path = instance / "secret_key"
    try:
        # O_EXCL: when several processes start at once, exactly one writes the key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(48))
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.01)
    raise RuntimeError(f"empty secret key file: {path}")
