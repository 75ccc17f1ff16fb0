"""Bar charts as PNG (matplotlib's Agg canvas, no display, no global backend).

Chinese labels are set in the bundled Noto Sans CJK SC, handed to matplotlib
as a small TrueType cut of the characters the chart shows (``kiosk.admin.pdf``);
given the collection file itself matplotlib would take its first face, the
Japanese one.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.admin.pdf import font_file

COLOURS = ("#2f6db5", "#e08a2c", "#4c9a58")


@dataclass(frozen=True)
class BarChart:
    """One chart: categories along x (or y), one bar per series in each."""

    name: str  # file stem
    title: str
    labels: Sequence[str]
    series: Sequence[tuple[str, Sequence[float]]]
    axis: str = ""
    horizontal: bool = False

    def text(self) -> str:
        """Every character the chart shows."""
        return "".join(
            [self.title, self.axis, *self.labels, *(s for s, _ in self.series)]
        )


def draw(
    charts: Sequence[BarChart],
    folder: Path,
    progress: Callable[[Iterable], Iterator] = iter,
) -> list[Path]:
    """Draw each chart to ``folder/<name>.png``; return the paths."""
    from matplotlib.font_manager import FontProperties

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        font = FontProperties(
            fname=str(font_file("".join(c.text() for c in charts), Path(scratch)))
        )
        return [
            _draw(chart, folder / f"{chart.name}.png", font)
            for chart in progress(charts)
        ]


def _draw(chart: BarChart, path: Path, font: object) -> Path:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    many = len(chart.labels)
    size = (8, max(3.0, 0.38 * many + 1.2)) if chart.horizontal else (8, 4.2)
    figure = Figure(figsize=size, dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    count = max(len(chart.series), 1)
    width = 0.8 / count
    positions = range(many)
    for n, (label, values) in enumerate(chart.series):
        offset = [p - 0.4 + width * (n + 0.5) for p in positions]
        bar = axes.barh if chart.horizontal else axes.bar
        bar(offset, list(values), width, label=label, color=COLOURS[n % len(COLOURS)])
    # Counts start at 0, also when every bar is 0 (matplotlib would centre on it).
    highest = max((v for _, values in chart.series for v in values), default=0)
    limits = axes.set_xlim if chart.horizontal else axes.set_ylim
    limits(0, max(highest * 1.08, 1))
    ticks = axes.set_yticks if chart.horizontal else axes.set_xticks
    ticks(list(positions), list(chart.labels), fontproperties=font)
    if chart.horizontal:
        axes.invert_yaxis()
        axes.set_xlabel(chart.axis, fontproperties=font)
    else:
        axes.set_ylabel(chart.axis, fontproperties=font)
        if many > 8:
            for tick in axes.get_xticklabels():
                tick.set_rotation(45)
                tick.set_horizontalalignment("right")
    axes.set_title(chart.title, fontproperties=font, fontsize=14)
    if len(chart.series) > 1:
        axes.legend(prop=font)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    figure.savefig(path, format="png")
    return path
