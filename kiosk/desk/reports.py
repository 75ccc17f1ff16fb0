"""Reports for the school's leaders: a period, a kiosk or all, figures and charts.

The page counts with the same functions as ``kiosk.py admin report``
(``kiosk.db.reports.gather`` and the sections, charts, PDF and XLSX of
``kiosk.admin.reports``), so the page, its downloads and the command agree to
the book. Charts are drawn into the page as SVG: crisp at any zoom, and their
Chinese set in the page's own font.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, render_template, request

from kiosk.admin import reports as report
from kiosk.admin.charts import BarChart
from kiosk.admin.rollover import school_year
from kiosk.db import dashboard as figures
from kiosk.db import reports as store
from kiosk.desk.auth import ALL, allowed, lang, t
from kiosk.desk.context import desk
from kiosk.desk.files import written
from kiosk.errors import AdminError

bp = Blueprint("reports", __name__, url_prefix="/reports")

PERIODS = ("week", "month", "term", "year", "dates")
SPRING_TERM_STARTS = 2
"""Month the second term begins (the first begins with the school year)."""


@dataclass(frozen=True)
class Choice:
    """What the form asks for, checked: a period, its dates, a kiosk or all."""

    period: str
    start: dt.date
    end: dt.date
    kiosk: str | None
    error: str = ""


def period_dates(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of this week, month, term or school year, to today."""
    if period == "week":
        return today - dt.timedelta(days=today.weekday()), today
    if period == "month":
        return today.replace(day=1), today
    year = school_year(today)
    autumn = dt.date(year, 9, 1)
    if period == "term":
        spring = dt.date(year + 1, SPRING_TERM_STARTS, 1)
        return (spring if today >= spring else min(autumn, today)), today
    return min(autumn, today), today


def choice(args: Any, today: dt.date) -> Choice:
    """Read the form (a GET query): a period, or two dates, and a kiosk."""
    period = args.get("period", "month")
    period = period if period in PERIODS else "month"
    kiosk = args.get("kiosk") or None
    if period != "dates":
        return Choice(period, *period_dates(period, today), kiosk)
    start, end = period_dates("month", today)
    try:
        start = report.parse_day(args.get("from", ""))
        end = report.parse_day(args.get("to", ""))
    except AdminError:
        return Choice(period, start, end, kiosk, t("rep_dates_bad"))
    if end < start:
        return Choice(period, start, end, kiosk, t("rep_dates_backwards"))
    return Choice(period, start, end, kiosk)


def _figures(chosen: Choice) -> tuple[store.Figures, list[report.Section]]:
    fig = store.gather(desk().database, chosen.start, chosen.end, chosen.kiosk)
    return fig, report.sections(fig, lang())


@bp.route("/")
@allowed(*ALL)
def index() -> Any:
    """The period form, the summary, a chart above each table, the downloads."""
    context = desk()
    chosen = choice(request.args, context.clock.now().date())
    fig, parts = (None, []) if chosen.error else _figures(chosen)
    charts = {c.name: svg_bars(c) for c in report.charts(parts, lang())} if fig else {}
    return render_template(
        "reports/index.html",
        chosen=chosen,
        periods=PERIODS,
        kiosks=[b.kiosk for b in figures.kiosks(context.database)],
        fig=fig,
        parts=[(p, report.shown(p)) for p in parts],
        charts=charts,
        query=request.query_string.decode(),
    ), (400 if chosen.error else 200)


@bp.route("/report.<kind>")
@allowed(*ALL)
def download(kind: str) -> Any:
    """The same report as a PDF or an XLSX file, as the command writes it."""
    if kind not in ("pdf", "xlsx"):
        return Response(status=404)
    context = desk()
    chosen = choice(request.args, context.clock.now().date())
    if chosen.error:
        return Response(chosen.error, status=400, mimetype="text/plain")
    fig, parts = _figures(chosen)
    name = f"report-{chosen.start}-{chosen.end}.{kind}"
    return written(
        name,
        lambda path: report.write_files(
            fig,
            parts,
            lang(),
            context.settings.library.name,
            pdf_path=path if kind == "pdf" else None,
            xlsx_path=path if kind == "xlsx" else None,
            chart_dir=None,
        ),
    )


# -- charts as SVG ------------------------------------------------------------------

COLOURS = ("#2f6db5", "#e08a2c", "#4c9a58")


@dataclass(frozen=True)
class Bar:
    """One bar: where it is drawn and what it says on hover."""

    x: float
    y: float
    w: float
    h: float
    colour: str
    tip: str


@dataclass(frozen=True)
class Svg:
    """A chart laid out for the template: size, bars, labels, legend."""

    title: str
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, float, str]]
    values: list[tuple[float, float, str]]
    legend: list[tuple[str, str]]
    horizontal: bool


def svg_bars(chart: BarChart) -> Svg:
    """Lay out a bar chart (the same one the PDF draws with matplotlib).

    Each bar carries its value as a label (and as a tooltip): leaders read
    the numbers, not the axis.
    """
    count = max(len(chart.labels), 1)
    series = len(chart.series)
    values = [v for _, vs in chart.series for v in vs]
    top = max(values, default=0) or 1
    bars: list[Bar] = []
    labels: list[tuple[float, float, str]] = []
    values_at: list[tuple[float, float, str]] = []
    if chart.horizontal:
        row, left, width = 24, 150, 300
        for i, label in enumerate(chart.labels):
            labels.append((left - 6, i * row + row * 0.65, str(label)))
            for k, (name, vs) in enumerate(chart.series):
                length = width * vs[i] / top
                y = i * row + 3 + k * (row - 6) / series
                tip = f"{label} · {name}: {_num(vs[i])}"
                bars.append(
                    Bar(left, y, length, (row - 6) / series, COLOURS[k % 3], tip)
                )
                values_at.append((left + length + 4, y + row * 0.55, _num(vs[i])))
        return Svg(chart.title, left + width + 50, row * count + 6, bars, labels,
                   values_at, _legend(chart), True)  # fmt: skip
    slot, plot, base = max(30, 480 // count), 190, 214
    for i, label in enumerate(chart.labels):
        labels.append((i * slot + slot / 2 + 10, base + 18, str(label)))
        for k, (name, vs) in enumerate(chart.series):
            h = plot * vs[i] / top
            w = (slot - 10) / series
            x = i * slot + 15 + k * w
            tip = f"{label} · {name}: {_num(vs[i])}"
            bars.append(Bar(x, base - h, w, h, COLOURS[k % 3], tip))
            values_at.append((x + w / 2, base - h - 4, _num(vs[i])))
    return Svg(chart.title, slot * count + 20, base + 26, bars, labels, values_at,
               _legend(chart), False)  # fmt: skip


def _legend(chart: BarChart) -> list[tuple[str, str]]:
    return [(COLOURS[k % 3], name) for k, (name, _) in enumerate(chart.series)]


def _num(value: float) -> str:
    return f"{value:.2f}" if isinstance(value, float) and value % 1 else f"{value:g}"
