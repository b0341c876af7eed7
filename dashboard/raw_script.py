"""folium elements whose script goes into the page as it is.

branca adds each element's rendered script to the figure wrapped in an ``Element`` whose
constructor compiles the text as a Jinja template. For elements that embed data that is
slow (a large layer or outline compiled on every rerun) and unsafe (template code in data
would run on the server). Elements here skip that second pass.
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, MacroElement
from jinja2 import Template


class Verbatim(Element):
    """Rendered output, placed as it is."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class RawScript(MacroElement):
    """A MacroElement whose ``script`` macro output is added to the figure verbatim."""

    def render(self, **kwargs: Any) -> None:
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(Verbatim(script(self, kwargs)), name=self.get_name())
