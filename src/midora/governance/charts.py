"""The burn-down chart as inline SVG (no script, no external asset)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from midora.governance.engine.burndown import BurndownPoint

WIDTH, HEIGHT, PAD = 760, 260, 40


def _polyline(points: Sequence[tuple[float, float]], colour: str) -> SafeString:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return format_html(
        '<polyline fill="none" stroke="{}" stroke-width="2.5" points="{}"/>', colour, coords
    )


def burndown_svg(points: Sequence[BurndownPoint]) -> SafeString:
    """Open (blue) and overdue (red) actions per week."""
    if not points:
        return format_html('<p class="muted">{}</p>', _("No actions in this period."))
    top = max(max(p.open for p in points), 1)
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def y(value: int) -> float:
        return HEIGHT - PAD - value * (HEIGHT - 2 * PAD) / top

    open_line = [(PAD + i * step, y(p.open)) for i, p in enumerate(points)]
    overdue_line = [(PAD + i * step, y(p.overdue)) for i, p in enumerate(points)]
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#5b6675">{}</text>',
        (
            (f"{PAD + i * step:.1f}", HEIGHT - PAD + 16, p.on.strftime("%m-%d"))
            for i, p in enumerate(points)
            if i % max(len(points) // 6, 1) == 0 or i == len(points) - 1
        ),
    )
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d9dee5"/>'
        '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#5b6675">{}</text>',
        (
            (PAD, WIDTH - PAD, f"{y(v):.1f}", f"{y(v):.1f}", PAD - 4, f"{y(v) + 3:.1f}", v)
            for v in sorted({0, top // 2, top})
        ),
    )
    last = points[-1]
    return format_html(
        '<svg id="burndown" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'aria-label="{aria}">{grid}{labels}{open}{late}'
        '<text x="{lx}" y="16" font-size="12" fill="#2a6f97">■ {open_word}</text>'
        '<text x="{lx2}" y="16" font-size="12" fill="#c0392b">■ {overdue_word}</text></svg>',
        w=WIDTH,
        h=HEIGHT,
        aria=_("Open actions %(open)s, overdue %(overdue)s on %(day)s")
        % {"open": last.open, "overdue": last.overdue, "day": last.on.isoformat()},
        open_word=_("open"),
        overdue_word=_("overdue"),
        grid=grid,
        labels=labels,
        open=_polyline(open_line, "#2a6f97"),
        late=_polyline(overdue_line, "#c0392b"),
        lx=PAD,
        lx2=PAD + 70,
    )
