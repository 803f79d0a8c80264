"""Charts drawn from the data as static SVG, legible in print (no script, text escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from midora.core.engine.numbers import number

FONT = "DejaVu Sans, sans-serif"
PALETTE = ["#1d3557", "#2a6f97", "#0f766e", "#6d28d9", "#b7791f", "#c0392b", "#5b6675"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str | None = None
    note: str = ""


def _bars_text(bars: Sequence[Bar], unit: str) -> str:
    """What a bar chart shows, for readers who do not see it."""
    return "; ".join(f"{b.label}: {number(b.value)}{unit}" for b in bars) or _("No data")


def _series_text(categories: Sequence[str], series: dict[str, Sequence[float]], unit: str) -> str:
    return "; ".join(
        f"{name} {category}: {number(values[i])}{unit}"
        for name, values in series.items()
        for i, category in enumerate(categories)
        if i < len(values)
    )


def bar_chart(
    bars: Sequence[Bar], *, width: int = 640, unit: str = "", max_value: float | None = None
) -> str:
    """Horizontal bars with the value written at the end of each bar."""
    row, label_w, pad = 26, 210, 8
    height = max(1, len(bars)) * row + 2 * pad
    top = max_value if max_value is not None else max((b.value for b in bars), default=0) or 1
    span = width - label_w - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="12" role="img" aria-label="{escape(_bars_text(bars, unit))}">'
    ]
    for i, bar in enumerate(bars):
        y = pad + i * row
        length = 0 if top == 0 else max(0.0, bar.value) / top * span
        colour = bar.colour or PALETTE[i % len(PALETTE)]
        label = bar.label if len(bar.label) <= 32 else bar.label[:31] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" fill="#1b2430">{escape(label)}<title>{escape(bar.label)}</title></text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="{row - 10}" rx="2" fill="{colour}"/>'
        )
        value = f"{bar.value:g}{unit}" + (f" {bar.note}" if bar.note else "")
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + 16}" fill="#1b2430">{escape(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def grouped_bars(
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    width: int = 640,
    unit: str = "%",
) -> str:
    """Vertical grouped bars: one group per category, one bar per series (e.g. MiCA and DORA side by side)."""
    height, left, bottom, top_pad = 230, 40, 60, 20
    names = list(series)
    colours = {"MiCA": "#6d28d9", "DORA": "#0f766e"}
    group_w = (width - left - 10) / max(1, len(categories))
    bar_w = min(26, (group_w - 12) / max(1, len(names)))
    plot_h = height - bottom - top_pad
    top = max((v for values in series.values() for v in values), default=0)
    top = 100 if unit == "%" else (top or 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="11" role="img" '
        f'aria-label="{escape(_series_text(categories, series, unit))}">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#9aa4b1"/>',
    ]
    for tick in (0, 0.5, 1):
        y = height - bottom - tick * plot_h
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#5b6675">{tick * top:g}{escape(unit)}</text>'
        )
    for c, category in enumerate(categories):
        x0 = left + c * group_w + 6
        for s, name in enumerate(names):
            value = series[name][c]
            h = max(0.0, value) / top * plot_h
            x = x0 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{colours.get(name, PALETTE[s % len(PALETTE)])}"/>'
            )
            parts.append(
                f'<text x="{x + bar_w / 2 - 1:.1f}" y="{height - bottom - h - 3:.1f}" text-anchor="middle" font-size="9">{value:.0f}</text>'
            )
        label = category if len(category) <= 18 else category[:17] + "…"
        parts.append(
            f'<text x="{x0 + group_w / 2 - 6:.1f}" y="{height - bottom + 14}" text-anchor="middle" fill="#1b2430">{escape(label)}</text>'
        )
    for s, name in enumerate(names):
        parts.append(
            f'<rect x="{left + s * 90}" y="{height - 22}" width="10" height="10" fill="{colours.get(name, PALETTE[s % len(PALETTE)])}"/>'
        )
        parts.append(f'<text x="{left + s * 90 + 14}" y="{height - 13}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def heatmap_grid(
    counts: dict[tuple[int, int], int],
    colours: dict[tuple[int, int], str],
    *,
    size: int = 5,
    title: str = "",
) -> str:
    """A likelihood x impact grid (likelihood rows from the top), each cell with its risk count."""
    cell, left, top = 44, 34, 24
    width, height = left + size * cell + 10, top + size * cell + 34
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="12" role="img" '
        f'aria-label="{escape(title or _("Likelihood and impact grid"))}: {sum(counts.values())} risks">',
        f'<text x="{left}" y="14" font-weight="bold">{escape(title)}</text>',
    ]
    for row, likelihood in enumerate(range(size, 0, -1)):
        parts.append(
            f'<text x="{left - 8}" y="{top + row * cell + 27}" text-anchor="end">{likelihood}</text>'
        )
        for col, impact in enumerate(range(1, size + 1)):
            x, y = left + col * cell, top + row * cell
            count = counts.get((likelihood, impact), 0)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{colours.get((likelihood, impact), "#e9edf2")}"/>'
            )
            if count:
                parts.append(
                    f'<text x="{x + cell / 2 - 1}" y="{y + 27}" text-anchor="middle" font-weight="bold">{count}</text>'
                )
    for col in range(size):
        parts.append(
            f'<text x="{left + col * cell + cell / 2 - 1}" y="{top + size * cell + 14}" text-anchor="middle">{col + 1}</text>'
        )
    parts.append(
        f'<text x="{left + size * cell / 2}" y="{height - 4}" text-anchor="middle" fill="#5b6675">impact → · likelihood ↑</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
