"""The production stack definition validates and wires every service to PostgreSQL and Redis."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose_command() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    assert standalone, "neither `docker compose` nor docker-compose is installed (make deps)"
    return [standalone]


def test_docker_compose_config_validates():
    result = subprocess.run(
        [*_compose_command(), "config", "-q"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_stack_has_every_service_configured_from_the_environment():
    stack = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = stack["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    assert "--appendonly" in services["redis"]["command"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["TONGGAO_DATABASE_URL"].startswith("postgresql://")
        assert environment["TONGGAO_BROKER_URL"].startswith("redis://")
