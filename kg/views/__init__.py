"""Views of the graph: interactive HTML networks, GraphML and GEXF for Gephi, SVG timelines.

* :mod:`~kg.views.network` — self-contained, offline HTML pages (vis-network through
  pyvis, on kg's own template in the top-level ``viz/`` folder): who accused whom, an
  actor's ego network, a two-actor dispute, actors and their measures;
  :mod:`~kg.views.network_elements` builds their nodes, edges and legends.
* :mod:`~kg.views.gephi` — GraphML and GEXF files.
* :mod:`~kg.views.svg` — hand-written SVG charts: claims per week, tariff rates.
"""

from __future__ import annotations

from kg.views.gephi import write_gephi
from kg.views.network import (
    View,
    dispute_view,
    ego_view,
    policies_view,
    render_html,
    who_accused_whom,
    write_html,
)
from kg.views.svg import timeline_svg

__all__ = [
    "View",
    "dispute_view",
    "ego_view",
    "policies_view",
    "render_html",
    "timeline_svg",
    "who_accused_whom",
    "write_gephi",
    "write_html",
]
