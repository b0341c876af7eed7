"""Accessibility checks with axe-core (shipped by the axe-playwright-python package) in the
browser tests: the serious and critical violations of a page, its map's frame included."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

BLOCKING = ("serious", "critical")

#: Violations inside Streamlit's own widgets that the app cannot change, each by rule and
#: the element's selector, with why. Only these are left out; anything else counts.
EXCLUDED: dict[tuple[str, str], str] = {
}


@dataclass(frozen=True)
class Violation:
    """One rule broken, on the elements it names."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.impact} {self.rule}: {self.help} — {', '.join(self.targets)}"


def _target(node: dict[str, Any]) -> str:
    # A target in a frame is a list: the iframe's selector, then the element's in it.
    target = node.get("target") or []
    return " >>> ".join(t if isinstance(t, str) else json.dumps(t) for t in target)


def _excluded(rule: str, target: str) -> bool:
    return any(rule == r and selector in target for r, selector in EXCLUDED)


def blocking_violations(page: Any) -> list[Violation]:
    """The serious and critical axe-core violations of ``page`` (a Playwright page) and of
    the frames in it (the map), less :data:`EXCLUDED`."""
    # axe checks a frame's content only when it runs in that frame too.
    for frame in page.frames:
        frame.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'], iframes: true})")
    found = []
    for violation in results["violations"]:
        if violation.get("impact") not in BLOCKING:
            continue
        targets = tuple(t for t in map(_target, violation["nodes"])
                        if not _excluded(violation["id"], t))
        if targets:
            found.append(Violation(violation["id"], violation["impact"], violation["help"],
                                   targets))
    return found
