"""Interactive, offline HTML views of the aggregated graph (``kg viz``).

``render_html`` writes one self-contained page; ``focus_from_rows`` turns
query rows into the nodes and edges such a page should show.
"""

from __future__ import annotations

from kg.view.html import ViewSummary, render_html, render_page
from kg.view.select import Focus, Selection, find_entity, focus_from_rows, select

__all__ = [
    "Focus",
    "Selection",
    "ViewSummary",
    "find_entity",
    "focus_from_rows",
    "render_html",
    "render_page",
    "select",
]
