"""The shipped data and the page as the tests and benchmarks open them."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from geo import paths
from geo.pipeline import load_imported, load_incident_data
from geo.points import STACK_PREFIX, at_point

SHIPPED = paths.ROOT / "data"
#: The data the behaviour and browser tests run on (see its README): figures that stay put.
FROZEN = paths.ROOT / "tests" / "fixtures" / "frozen-data"
APP = str(paths.ROOT / "dashboard" / "app.py")

# The incident layer's call, as the map's script or streamlit-folium's layer string holds it.
_LAYER_CALL = re.compile(r"L\.bim\.incidentLayer\([^,]+, [^,]+, (\{.*?\}), \{")


def layer_json(script: str) -> dict[str, Any]:
    """The data the incident layer draws from, out of a rendered map or layer script."""
    match = _LAYER_CALL.search(script)
    if match is None:
        raise AssertionError("no incident layer in this script")
    return json.loads(match.group(1))


def opened(at: AppTest) -> AppTest:
    """The page as a viewer has it once open: a session's first run draws what is above and
    beside the map (``dashboard.map_first``); the next run, which in a browser the map's first
    report starts, draws the rest."""
    at.run()
    at.run()
    return at


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file as dicts of text."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows (dicts of text, the first row's keys as the header)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def run_app() -> AppTest:
    """The page once open, on the shipped data, without an exception."""
    at = opened(AppTest.from_file(APP, default_timeout=120))
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """The headline figures by label."""
    return {m.label: m.value for m in at.metric}


def map_layer(at: AppTest) -> dict:
    """The data of the incident layer sent to the map component."""
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    return layer_json(args["feature_group"])


_LAYER_SETTINGS = re.compile(r"L\.bim\.incidentLayer\(.*, (\{\"radius\".*\})\);")


def layer_settings(at: AppTest) -> dict:
    """The incident layer's settings on the map (marker radius, clusters, the fit asked for)."""
    (component,) = at.get("component_instance")
    match = _LAYER_SETTINGS.search(json.loads(component.proto.json_args)["feature_group"])
    assert match is not None, "no incident layer settings"
    return json.loads(match.group(1))


def map_incident_ids(at: AppTest) -> list[str]:
    """The incidents on the map: a marker's own id, or those a stack of several stands for
    (checked against its count)."""
    layer = map_layer(at)
    shown = set(incident_table(at)["ID"])
    incidents = _incidents(at)  # loaded once, not once per stack
    incidents = incidents[incidents["incident_id"].isin(shown)]
    ids: list[str] = []
    for key, n in zip(layer["key"], layer["n"], strict=True):
        if key.startswith(STACK_PREFIX):
            here = at_point(incidents, key)
            assert len(here) == n, (key, n)
            ids += list(here["incident_id"])
        else:
            ids.append(key)
    assert len(ids) == layer["incidents"]
    return sorted(ids)


def _incidents(at: AppTest) -> pd.DataFrame:
    """The incident table the page shows (the shipped one unless a file was uploaded)."""
    upload = at.session_state["upload"] if "upload" in at.session_state else None  # noqa: SIM401
    if upload is None:
        return load_incident_data().incidents
    return load_imported(upload.getvalue(), upload.name).incidents


def incident_table(at: AppTest) -> pd.DataFrame:
    """The incident list (the dataframe with an ID column)."""
    return next(d.value for d in at.dataframe if "ID" in d.value.columns)


def run_with_query(**params: str | list[str]) -> AppTest:
    """The page opened on a link with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    opened(at)
    assert not at.exception, at.exception
    return at
