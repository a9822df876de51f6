"""Hand-written SVG charts of a dispute over time (no plotting library needed).

:func:`timeline_svg` draws up to two panels on one time axis:

* claims per week between two actors (:func:`kg.analysis.timeline.weekly`): stacked
  bars per coarse class, conflict and other claims above the line, cooperation below;
* tariff rates (:func:`kg.analysis.timeline.tariffs`): one step line per imposer,
  target and goods; hollow points for measures not (yet) in force.

Every text is XML-escaped; each bar and point carries a ``<title>`` tooltip.

>>> svg = timeline_svg([{"week": "2024-03-04", "ACCUSE": 2}], [], title="US and China")
>>> svg.startswith("<svg") and svg.count('class="bar') == 1
True
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kg.views.style import COARSE_COLOUR, SERIES_COLOURS

__all__ = ["timeline_svg"]

UP: tuple[str, ...] = ("ACCUSE", "THREATEN", "REJECT", "DEMAND", "STATE")
DOWN: tuple[str, ...] = ("SUPPORT", "AGREE")
_LEFT, _RIGHT, _TOP = 56, 230, 36
_CLAIMS_H, _TARIFF_H, _GAP = 180, 160, 56


@dataclass(frozen=True)
class _Axis:
    """Dates to x pixels."""

    start: dt.date
    end: dt.date
    x0: float
    x1: float

    def x(self, day: dt.date) -> float:
        span = max((self.end - self.start).days, 1)
        return round(self.x0 + (self.x1 - self.x0) * (day - self.start).days / span, 1)


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(str(text)[:10])


def _axis(
    weeks: Sequence[Mapping[str, Any]], tariffs: Sequence[Mapping[str, Any]], width: int
) -> _Axis:
    days = [_day(w["week"]) for w in weeks] + [_day(t["date"]) for t in tariffs if t.get("date")]
    ends = [_day(w["week"]) + dt.timedelta(days=7) for w in weeks] + days
    start, end = min(days), max(ends)
    pad = dt.timedelta(days=max(3, (end - start).days // 40))
    return _Axis(start - pad, end + pad, _LEFT, width - _RIGHT)


def _text(x: float, y: float, text: str, **attrs: Any) -> str:
    extra = "".join(
        f" {k.rstrip('_').replace('_', '-')}={quoteattr(str(v))}" for k, v in attrs.items()
    )
    return f'<text x="{x}" y="{y}"{extra}>{escape(text)}</text>'


def _months(axis: _Axis) -> list[dt.date]:
    """Month starts inside the axis, thinned to at most 12 ticks."""
    day = dt.date(axis.start.year, axis.start.month, 1)
    ticks = []
    while day <= axis.end:
        if day >= axis.start:
            ticks.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = max(1, -(-len(ticks) // 12))
    return ticks[::step]


def _time_ticks(axis: _Axis, top: float, bottom: float) -> list[str]:
    out = []
    for day in _months(axis):
        x = axis.x(day)
        out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="grid"/>')
        out.append(
            _text(x, bottom + 14, day.strftime("%Y-%m"), text_anchor="middle", class_="tick")
        )
    return out


def _claims_panel(weeks: Sequence[Mapping[str, Any]], axis: _Axis, top: float) -> list[str]:
    up_max = max((sum(w.get(c, 0) for c in UP) for w in weeks), default=0)
    down_max = max((sum(w.get(c, 0) for c in DOWN) for w in weeks), default=0)
    unit = _CLAIMS_H / max(up_max + down_max, 1)
    zero = top + up_max * unit
    out = [_text(_LEFT, top - 10, "Claims per week: conflict and other claims above, cooperation below",
                 class_="panel")]  # fmt: skip
    out += _time_ticks(axis, top, top + _CLAIMS_H)
    out.append(f'<line x1="{_LEFT}" y1="{zero}" x2="{axis.x1}" y2="{zero}" class="zero"/>')
    out.append(_text(_LEFT - 6, top + 4, str(up_max), text_anchor="end", class_="tick"))
    if down_max:
        out.append(
            _text(_LEFT - 6, top + _CLAIMS_H, str(down_max), text_anchor="end", class_="tick")
        )
    for week in weeks:
        out += _bars(week, axis, zero, unit)
    if not weeks:
        out.append(_text(_LEFT + 10, top + 20, "no dated claims between them", class_="empty"))
    return out


def _bars(week: Mapping[str, Any], axis: _Axis, zero: float, unit: float) -> list[str]:
    start = _day(week["week"])
    x = axis.x(start)
    width = max(2.0, axis.x(start + dt.timedelta(days=7)) - x - 2)
    out = []
    for classes, sign in ((UP, -1), (DOWN, 1)):
        y = zero
        for cls in classes:
            n = week.get(cls, 0)
            if not n:
                continue
            h = round(n * unit, 1)
            top = y - h if sign < 0 else y
            tip = f"week of {week['week']}: {n} {cls}"
            out.append(
                f'<rect class="bar {cls}" x="{x}" y="{round(top, 1)}" width="{round(width, 1)}" '
                f'height="{h}" fill="{COARSE_COLOUR[cls]}"><title>{escape(tip)}</title></rect>'
            )
            y = top if sign < 0 else y + h
    return out


def _series(tariffs: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in tariffs:
        if row.get("date") and row.get("rate_to") is not None:
            name = f"{row.get('imposer_label', '?')} on {row.get('target_label', '?')}"
            name += f": {row['goods']}" if row.get("goods") else ""
            groups.setdefault(name, []).append(row)
    return groups


def _tariff_panel(tariffs: Sequence[Mapping[str, Any]], axis: _Axis, top: float) -> list[str]:
    series = _series(tariffs)
    rates = [r[k] for rows in series.values() for r in rows for k in ("rate_from", "rate_to")
             if r.get(k) is not None]  # fmt: skip
    high = _nice(max(rates, default=1) * 1.1)

    def y(rate: float) -> float:
        return round(top + _TARIFF_H - _TARIFF_H * rate / high, 1)

    out = [_text(_LEFT, top - 10, "Tariff rates (%)", class_="panel")]
    out += _time_ticks(axis, top, top + _TARIFF_H)
    out.append(f'<line x1="{_LEFT}" y1="{y(0)}" x2="{axis.x1}" y2="{y(0)}" class="zero"/>')
    out.append(_text(_LEFT - 6, y(0) + 4, "0", text_anchor="end", class_="tick"))
    out.append(_text(_LEFT - 6, top + 4, f"{high:g}", text_anchor="end", class_="tick"))
    for i, (name, rows) in enumerate(series.items()):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        out += _step_line(rows, axis, y, colour)
        ly = top + _TARIFF_H + 32 + 14 * i  # legend rows under the axis
        out.append(f'<rect x="{_LEFT}" y="{ly}" width="14" height="3" fill="{colour}"/>')
        out.append(_text(_LEFT + 20, ly + 5, name, class_="legend"))
    if not series:
        out.append(_text(_LEFT + 10, top + 20, "no dated tariffs between them", class_="empty"))
    return out


def _nice(value: float) -> float:
    """The next round number at or above ``value`` (1, 1.5, 2, ... 8 times a power of ten).

    >>> _nice(57.5), _nice(8), _nice(0)
    (60, 8, 1)
    """
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= value)


def _step_line(rows: Sequence[Mapping[str, Any]], axis: _Axis, y: Any, colour: str) -> list[str]:
    first = rows[0]
    start = first.get("rate_from") if first.get("rate_from") is not None else first["rate_to"]
    path = [f"M {axis.x(_day(first['date']))} {y(start)}"]
    out = []
    for row in rows:
        x = axis.x(_day(row["date"]))
        path.append(f"H {x} V {y(row['rate_to'])}")
        fill = colour if row.get("status", "implemented") == "implemented" else "#ffffff"
        tip = (
            f"{row.get('date_text') or row['date']}: {row['rate_to']:g}% ({row.get('status', '')})"
        )
        tip += f" — {row['sentence']}" if row.get("sentence") else ""
        out.append(
            f'<circle class="rate" cx="{x}" cy="{y(row["rate_to"])}" r="4" fill="{fill}" '
            f'stroke="{colour}" stroke-width="2"><title>{escape(tip)}</title></circle>'
        )
        out.append(_text(x + 6, y(row["rate_to"]) - 6, f"{row['rate_to']:g}%", class_="value"))
    path.append(f"H {axis.x1}")
    line = f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>'
    return [line, *out]


def _legend(x: float, top: float) -> list[str]:
    out = []
    for i, cls in enumerate((*UP, *DOWN)):
        ly = top + 14 * i
        out.append(
            f'<rect x="{x + 12}" y="{ly}" width="10" height="10" fill="{COARSE_COLOUR[cls]}"/>'
        )
        out.append(_text(x + 28, ly + 9, cls.lower(), class_="legend"))
    return out


_STYLE = (
    "<style>text{font:11px system-ui,sans-serif;fill:#333}.title{font-size:14px;font-weight:600}"
    ".panel{font-size:12px;font-weight:600}.tick{fill:#666}.grid{stroke:#eee}"
    ".zero{stroke:#999}.empty{fill:#999;font-style:italic}.value{font-size:10px}</style>"
)


def timeline_svg(
    weeks: Sequence[Mapping[str, Any]],
    tariffs: Sequence[Mapping[str, Any]] = (),
    title: str = "",
    width: int = 960,
) -> str:
    """An SVG chart: claims per week (when ``weeks``), tariff rates (when ``tariffs``).

    >>> rows = [{"date": "2024-03-01", "date_text": "2024-03-01", "imposer_label": "US",
    ...          "target_label": "China", "goods": "steel", "rate_from": 10.0, "rate_to": 25.0,
    ...          "status": "implemented"}]
    >>> svg = timeline_svg([], rows)
    >>> svg.count('class="rate"'), "US on China: steel" in svg
    (1, True)
    """
    dated = [t for t in tariffs if t.get("date")]
    if not weeks and not dated:
        height = _TOP + 40
        body = [_text(_LEFT, _TOP + 10, "nothing dated to draw", class_="empty")]
    else:
        axis = _axis(weeks, dated, width)
        body, top = [], _TOP + 24
        if weeks or not dated:
            body += _claims_panel(weeks, axis, top) + _legend(axis.x1, top)
            top += _CLAIMS_H + _GAP
        if dated:
            body += _tariff_panel(dated, axis, top)
            top += _TARIFF_H + _GAP + 14 * len(_series(dated))
        height = top - _GAP + 30
    head = _text(_LEFT, 20, title, class_="title") if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title or "timeline")}>'
        f"{_STYLE}{head}{''.join(body)}</svg>"
    )
