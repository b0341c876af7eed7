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
    assert lines == ["-c constraints.txt", "."]


def test_every_dependency_is_pinned_in_the_constraints() -> None:
    """What make run, make test, the image and a host install is what the suite passed on."""
    import re
    import tomllib

    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    pinned = {re.split("==", ln)[0].lower().replace("_", "-")
              for ln in (paths.ROOT / "constraints.txt").read_text().splitlines()
              if "==" in ln}
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    for requirement in declared:
        name = re.split(r"[<>=!~ ]", requirement)[0].lower().replace("_", "-")
        assert name in pinned, name
    make = (paths.ROOT / "Makefile").read_text()
    assert "-c constraints.txt -e '.[test]'" in make and "\nlock:" in make
