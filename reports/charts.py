"""Charts drawn on the server as SVG, for the printed report (WeasyPrint draws inline SVG; ECharts
runs only in a browser). Simple grouped bars and lines from the very numbers of the table printed
under each chart. Plain Python: text is escaped here, the template marks the result safe; the chart's title is
the ``figcaption`` around it (WeasyPrint draws no SVG ``<title>``).
"""

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 58
COLOURS = ("#2f6db5", "#d9822b", "#3a9a5b", "#9b4dca")


def _nice_top(value: float) -> int:
    """A round top for a count axis of four steps: four times 1, 2 or 5 times a power of ten."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor * 4 >= value:
                return step * factor * 4
        step *= 10


def _frame(labels: Sequence[str], top: float, unit: str) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = []
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.6"/>'
        )
        text = f"{value:g}{unit}"
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end">{escape(text)}</text>')
    slot = plot_w / max(len(labels), 1)
    for i, label in enumerate(labels):
        x = LEFT + slot * (i + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 12}" font-size="8.5" text-anchor="middle">{escape(label)}</text>'
        )
    return parts


def _legend(names: Sequence[str]) -> list[str]:
    parts = []
    x = LEFT
    for i, name in enumerate(names):
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{HEIGHT - 22}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{HEIGHT - 13}" font-size="9.5">{escape(name)}</text>')
        x += 24 + 11 * len(name)
    return parts


def _svg(title: str, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> str:
    """Grouped bars: one group per label, one bar per series."""
    top = _nice_top(max((v for _name, values in series for v in values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    bar = slot * 0.8 / max(len(series), 1)
    parts = _frame(labels, top, "")
    for s, (_name, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        for i, value in enumerate(values):
            h = plot_h * value / top
            x = LEFT + slot * i + slot * 0.1 + bar * s
            parts.append(
                f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}"/>'
            )
    return _svg(title, parts + _legend([name for name, _values in series]))


def line_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> str:
    """Rates in per cent (0 to 100): one line per series, broken where there is nothing to count."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    parts = _frame(labels, 100, "%")
    for s, (_name, values) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        points = [
            (LEFT + slot * (i + 0.5), TOP + plot_h - plot_h * min(v, 100) / 100)
            for i, v in enumerate(values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.6"/>')
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.4" fill="{colour}"/>' for x, y in points)
    return _svg(title, parts + _legend([name for name, _values in series]))
