"""Issue 19 in Chromium: text from a link stays text (no autolink, mailto or icon), and a
dataset of one day opens a working page.

What Streamlit's Markdown does to text is only visible in a browser: it links bare
``www.`` and e-mail addresses and draws ``:material/…:`` icons after its own parsing, so the
backslash escapes an AppTest can see do not stop them.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from geo import paths
from tests.browser.conftest import save_screenshot, wait_for_map, wait_idle

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HOSTILE = ("type=www.evil-login.example&actor=verify%40evil-login.example"
           "&group=%3Amaterial%2Fhome%3A&precision=http%3A%2F%2Fevil-login.example%2Fx")


def test_link_text_in_the_notice_is_inert(shipped_app, open_page) -> None:
    page = open_page(f"{shipped_app.url}/?{HOSTILE}").page
    notice = page.locator('[data-testid="stAlert"]', has_text="This link was partly changed")
    assert notice.is_visible()
    text = notice.inner_text().replace("\u2060", "")
    for shown in ("www.evil-login.example", "verify@evil-login.example", ":material/home:",
                  "http://evil-login.example/x"):
        assert shown in text, shown
    assert notice.locator("a").count() == 0  # no autolink, no mailto:
    assert notice.locator('[data-testid="stIconMaterial"]').count() == 0
    save_screenshot(page, "inert-link-text")


def _one_incident_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "one"
    shutil.copytree(paths.DATA_DIR, folder)
    for name in ("incidents.csv", "casualties.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        keep = rows[:1] if name == "incidents.csv" else []
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(keep)
    return folder


def test_a_one_incident_folder_opens(app_on, open_page, tmp_path: Path) -> None:
    app = app_on(_one_incident_folder(tmp_path))
    page = open_page(app.url).page
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Something went wrong").count() == 0
    assert page.get_by_text("1 of 1 incidents shown").count() == 1


def test_a_one_row_upload_opens(shipped_app, open_page) -> None:
    lines = (FIXTURES / "acled_current.csv").read_text("utf-8").splitlines()
    page = open_page(shipped_app.url).page
    page.get_by_text("Upload ACLED or UCDP GED").click()
    wait_idle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": "one-row.csv", "mimeType": "text/csv",
         "buffer": "\n".join(lines[:2]).encode()})
    # The upload is read in a child process: wait for its page, not the shipped data's map.
    page.get_by_text("1 of 1 incidents shown").wait_for(timeout=60_000)
    wait_for_map(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Something went wrong").count() == 0
    # Its bytes are let go once it is parsed: later runs keep the file and its page.
    page.get_by_role("radiogroup", name="Map shows").get_by_role("radio", name="Districts").click()
    wait_idle(page)
    assert page.get_by_text("1 of 1 incidents shown").count() == 1
    assert page.get_by_text("one-row.csv").count() >= 1
    assert page.get_by_text("Something went wrong").count() == 0
