"""The :class:`View` record and the offline HTML page it becomes: kg's template, the
vis-network script inlined, the data as JSON, a fresh CSP nonce per page."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from pyvis.network import Network

from kg.views.assets import read_asset, vis_network, viz_dir

__all__ = ["View", "new_network", "page_data", "render_html", "write_html"]


@dataclass
class View:
    """One page: a pyvis network plus kg's legend, filters, notes and chart."""

    title: str
    net: Network
    categories: list[dict[str, Any]] = field(default_factory=list)
    legend: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    svg: str = ""  # an SVG chart from kg.views.svg, already escaped

    @property
    def nodes(self) -> list[dict[str, Any]]:
        return self.net.nodes

    @property
    def edges(self) -> list[dict[str, Any]]:
        return self.net.edges

    def data(self) -> dict[str, Any]:
        """What the page's script reads: nodes, edges and vis-network options."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "options": _options(len(self.nodes), len(self.edges)),
        }


def new_network(title: str) -> Network:
    return Network(directed=True, heading=title, cdn_resources="in_line")


def _options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    """vis-network options: a layout that stabilises quickly, then stops (see viz/README.md)."""
    large = n_nodes > 100
    iterations = 1000 if n_nodes <= 100 else 400 if n_nodes <= 300 else 200
    return {
        "autoResize": True,
        "layout": {"improvedLayout": not large, "randomSeed": 7},
        "nodes": {
            "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 11, "align": "middle", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "selectionWidth": 2,
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -9000,
                "springLength": 160,
                "springConstant": 0.03,
                "damping": 0.35,
                "avoidOverlap": 0.3,
                "theta": 0.8 if large else 0.5,
            },
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": True,
                "iterations": iterations,
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": n_edges > 1000,
            "hideEdgesOnZoom": n_edges > 3000,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
    }


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(viz_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def render_html(view: View) -> str:
    """The page: one self-contained HTML file (see the module docstring)."""
    script, style = vis_network()
    return (
        _environment()
        .get_template("network.html")
        .render(
            title=view.title,
            notes=view.notes,
            legend=view.legend,
            categories=view.categories,
            data=view.data(),
            svg=Markup(view.svg),
            vis_js=Markup(script),
            vis_css=Markup(style),
            kg_js=Markup(read_asset("kg-network.js")),
            kg_css=Markup(read_asset("kg-network.css")),
            nonce=secrets.token_urlsafe(18),
        )
    )


def write_html(view: View, path: str | Path) -> Path:
    """Write :func:`render_html` to ``path``; return it."""
    out = Path(path)
    out.write_text(render_html(view), encoding="utf-8")
    return out


def page_data(html: str) -> dict[str, Any]:
    """The JSON a page carries (for tests and scripts).

    >>> import networkx as nx
    >>> from kg.views.network import who_accused_whom
    >>> page_data(render_html(who_accused_whom(nx.MultiDiGraph())))["nodes"]
    []
    """
    opening = '<script id="kg-data" type="application/json">'
    start = html.index(opening) + len(opening)
    return json.loads(html[start : html.index("</script>", start)])
