"""Fixtures: apps on SQLite and a real PostgreSQL, clients, logins and factories."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from support import postgres, redis_server
from webapp import create_app
from webapp.extensions import db
from webapp.models import Department, Report, User
from webapp.text.nodes import Outline, OutlineNode

TEST_PASSWORD = "correct-horse-42"
SAMPLES_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "samples"


def base_settings(instance: Path, database_url: str) -> dict:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "BROKER_URL": "memory://",
        "WTF_CSRF_ENABLED": False,
        # Cheap argon2 parameters: tests create many users; production keeps the defaults.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST_KIB": 1024,
    }


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Service and model tests (tests/integration, or marked both_databases) run on both DBs;
    tests marked postgres run on PostgreSQL only."""
    if "backend" not in metafunc.fixturenames:
        return
    definition = metafunc.definition
    if definition.get_closest_marker("postgres"):
        backends = ["postgres"]
    elif "integration" in definition.path.parts or definition.get_closest_marker("both_databases"):
        backends = ["sqlite", "postgres"]
    else:
        backends = ["sqlite"]
    metafunc.parametrize("backend", backends)


def _migrate(instance: Path, database_url: str) -> None:
    from flask_migrate import upgrade

    app = create_app(base_settings(instance, database_url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once; each test gets a copy."""
    instance = tmp_path_factory.mktemp("sqlite-template")
    path = instance / "template.db"
    _migrate(instance, f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with postgres.server_url() as url:
        yield url


@pytest.fixture(scope="session")
def pg_database(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One migrated PostgreSQL database for the session; tables are emptied per test."""
    with postgres.fresh_database(pg_server) as url:
        _migrate(tmp_path_factory.mktemp("pg-migrate"), url)
        yield url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server.server_url() as url:
        yield url


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "postgres":
        url = request.getfixturevalue("pg_database")
        _truncate_all(url)
        return url
    path = tmp_path / "tonggao.db"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


def _truncate_all(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> dict:
    instance = tmp_path / "instance"
    instance.mkdir()
    return base_settings(instance, database_url)


@pytest.fixture
def app(settings: dict) -> Iterator[Flask]:
    app = create_app(settings)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


class FreshContextClient(FlaskClient):
    """Each request in its own app context, as in production: fresh `g`, own DB session.

    The `app` fixture keeps a context pushed for factories; without this, requests would
    reuse it and share `g` (cached user, locale) across requests.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


_counter = itertools.count(1)


@pytest.fixture
def make_department(app: Flask) -> Callable[..., Department]:
    from webapp.services import accounts

    def make(code: str | None = None, name: str | None = None) -> Department:
        code = code or f"dept{next(_counter)}"
        return accounts.create_department(code, name or f"{code}科")

    return make


@pytest.fixture
def make_user(app: Flask, make_department) -> Callable[..., User]:
    from webapp.services import accounts

    def make(
        role: str = "drafter",
        department: Department | str | None = "auto",
        username: str | None = None,
    ) -> User:
        if department == "auto":
            department = make_department() if role in ("drafter", "reviewer") else None
        code = department.code if isinstance(department, Department) else department
        username = username or f"{role}{next(_counter)}"
        return accounts.create_user(username, TEST_PASSWORD, role, code, f"{role} {username}")

    return make


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User], FlaskClient]:
    def log_in(user: User) -> FlaskClient:
        response = client.post(
            "/login", data={"username": user.username, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302, response.text
        return client

    return log_in


@pytest.fixture
def login_as(make_user, login) -> Callable[..., User]:
    """Create a user of the role and log the test client in as them."""

    def log_in(role: str, department: Department | str | None = "auto") -> User:
        user = make_user(role, department)
        login(user)
        return user

    return log_in


def simple_outline(*items: tuple[str, str]) -> Outline:
    """An outline of level-1 sections from (heading, body) pairs."""
    return Outline(
        title="某局2026年工作总结",
        sections=tuple(OutlineNode("numbered", 1, heading, body) for heading, body in items),
    )


@pytest.fixture
def make_report(app: Flask, make_user) -> Callable[..., Report]:
    from webapp.services import reports

    def make(outline: Outline | None = None, department: Department | None = None) -> Report:
        admin = make_user("admin")
        report = reports.create_from_outline(
            outline
            or simple_outline(("总体情况", "今年工作稳中有进。"), ("存在问题", "短板仍然明显。")),
            admin,
        )
        if department is not None:
            for section in report.sections:
                section.department = department
            db.session.commit()
        return report

    return make


@pytest.fixture
def sql_statements(app: Flask) -> Iterator[list[str]]:
    """Every SQL statement the app runs while the fixture is active."""
    from sqlalchemy import event

    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield statements
    event.remove(db.engine, "before_cursor_execute", count)
