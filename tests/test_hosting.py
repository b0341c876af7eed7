"""Hosting recipes: the container definition and the platform settings."""

from __future__ import annotations

import re
import tomllib

from geo import paths


def dockerfile() -> str:
    return (paths.ROOT / "Dockerfile").read_text("utf-8")


def test_dockerfile_is_production_shaped() -> None:
    text = dockerfile()
    base = re.search(r"^FROM (\S+)", text, re.M).group(1)
    assert re.fullmatch(r"python:3\.\d+\.\d+-slim-\w+", base), "pin an exact base image"
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1] not in ("root", "0")
    assert "EXPOSE 8501" in text
    assert re.search(r"HEALTHCHECK .*\n?.*_stcore/health", text)
    assert "--server.headless=true" in text and "dashboard/app.py" in text
    assert "python -m dashboard.map.assets" in text  # Leaflet files baked into the image


def test_dockerfile_copies_what_the_app_needs() -> None:
    copied = {line.split()[1] for line in dockerfile().splitlines() if line.startswith("COPY ")}
    for needed in ("geo", "dashboard", "data", ".streamlit", "pyproject.toml"):
        assert needed in copied


def test_streamlit_settings_for_production() -> None:
    config = tomllib.loads((paths.ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert config["server"]["headless"] is True
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"].get("enableCORS", True) is True
    assert 0 < config["server"]["maxUploadSize"] <= 200
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
    assert "theme" in config


def test_requirements_install_the_project() -> None:
    lines = [ln.strip() for ln in (paths.ROOT / "requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines == ["."]
