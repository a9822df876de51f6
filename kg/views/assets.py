"""Where the view template and the vis-network library are.

The template and kg's own script and styles live in the top-level ``viz/`` folder of a
checkout, packaged as ``kg/_shipped/viz`` in a wheel. vis-network itself is the copy
that pyvis ships, read from pyvis's package and inlined into every page.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pyvis

import kg

__all__ = ["VIS_VERSION", "read_asset", "vis_network", "viz_dir"]

VIS_VERSION = "9.1.2"
_PACKAGE = Path(kg.__file__).resolve().parent


def viz_dir() -> Path:
    """The folder of the view template and assets: shipped in the wheel, else the checkout's.

    >>> (viz_dir() / "network.html").is_file()
    True
    """
    for candidate in (_PACKAGE / "_shipped" / "viz", _PACKAGE.parent / "viz"):
        if (candidate / "network.html").is_file():
            return candidate
    raise FileNotFoundError("kg is missing its view template viz/network.html; reinstall kg")


def read_asset(name: str) -> str:
    """The text of one file of :func:`viz_dir`."""
    return (viz_dir() / name).read_text(encoding="utf-8")


@functools.cache
def vis_network() -> tuple[str, str]:
    """vis-network's script and stylesheet, as shipped by pyvis, for inlining.

    >>> js, css = vis_network()
    >>> "vis-network" in css and "</script" not in js.lower()
    True
    """
    root = Path(pyvis.__file__).resolve().parent
    for folder in (
        root / "lib" / f"vis-{VIS_VERSION}",
        root / "templates" / "lib" / f"vis-{VIS_VERSION}",
    ):
        js, css = folder / "vis-network.min.js", folder / "vis-network.css"
        if js.is_file() and css.is_file():
            script, style = js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
            _check_inlinable(script, "script")
            _check_inlinable(style, "style")
            return script, style
    raise FileNotFoundError(f"pyvis lacks vis-network {VIS_VERSION}; reinstall pyvis==0.3.2")


def _check_inlinable(text: str, tag: str) -> None:
    """Refuse text that would end its own inline element early."""
    if f"</{tag}" in text.lower():
        raise ValueError(f"cannot inline a {tag} that contains </{tag}")
