"""The service-metrics report: ``report.json`` and a self-contained ``report.html`` (no JavaScript).

Plots over time are PNG images inline in the page, drawn with matplotlib
(``pip install pomocbot[eval]``) when it is installed; without it the page
has the tables only and says so.

>>> import tempfile
>>> from pomocbot.analytics.service_models import ServiceMetrics, ServiceSummary
>>> metrics = ServiceMetrics(overall=ServiceSummary(), timezone="Europe/Warsaw")
>>> paths = write_service_report(metrics, tempfile.mkdtemp(), plots=False)
>>> sorted(paths), "Bez wykresów" in paths["html"].read_text(encoding="utf-8")
(['html', 'json'], True)
"""

from __future__ import annotations

import html
import importlib.util
import os
from pathlib import Path
from typing import Any

from pomocbot.analytics.service_models import PeriodSummary, ServiceMetrics, ServiceSummary, Share
from pomocbot.errors import DependencyMissingError
from pomocbot.plotting import headless_pyplot, png_base64

__all__ = ["render_service_html", "render_service_plots", "service_rows", "write_service_report"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
img{max-width:100%;border:1px solid #eee;margin:.5rem 0} .note{color:#555} dt{font-weight:600}
"""

_DEFINITIONS = [
    ("Rozwiązane automatycznie", "rozmowa z pytaniem, bez przekazania konsultantowi i bez „nie wiem” "
                                 "pozostawionego bez późniejszej odpowiedzi (udział w rozmowach z pytaniem)"),
    ("Przekazania", "rozmowy przekazane konsultantowi; powody i kolejki z pierwszego przekazania"),
    ("Odmowy odpowiedzi", "odpowiedzi „nie wiem” wśród odpowiedzi bota (uprzejmości pominięte)"),
    ("FCR", "rozmowy klienta bez nowego kontaktu w tej samej sprawie (kolejka tematu) w ciągu 7 dni; "
            "okna sięgające poza koniec danych nie są liczone"),
    ("Pierwsza odpowiedź / do przekazania", "od pierwszej wiadomości klienta (sekundy)"),
    ("CSAT / NPS", "ostatnia ocena każdej rozmowy; NPS = % promotorów (9–10) − % krytyków (0–6)"),
]


def _pct(share: Share) -> str:
    return "–" if share.rate is None else f"{share.rate:.1%} ({share.count})"


def _num(value: float | None, digits: int = 1, unit: str = "") -> str:
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def service_rows(summary: ServiceSummary) -> list[tuple[str, str]]:
    """The headline figures of one summary as ``(label, formatted value)``, in display order.

    >>> service_rows(ServiceSummary())[0]
    ('rozmowy (z pytaniem)', '0 (0)')
    """
    fcr, first, handoff = summary.fcr, summary.first_response, summary.time_to_handoff
    return [
        ("rozmowy (z pytaniem)", f"{summary.conversations} ({summary.requests})"),
        ("rozwiązane automatycznie", _pct(summary.contained)),
        ("przekazane konsultantowi", _pct(summary.handoffs)),
        ("odmowy odpowiedzi (na odpowiedź)", _pct(summary.abstentions)),
        ("rozmowy z odmową", _pct(summary.conversations_with_abstention)),
        ("odmowa bez odpowiedzi", _pct(summary.unanswered_abstentions)),
        ("FCR (7 dni)", "–" if fcr.rate is None else f"{fcr.rate:.1%} ({fcr.resolved}/{fcr.eligible})"),
        ("pierwsza odpowiedź, mediana / p90",
         f"{_num(first.median_s, 1, ' s')} / {_num(first.p90_s, 1, ' s')}"),
        ("czas do przekazania, mediana / p90",
         f"{_num(handoff.median_s, 0, ' s')} / {_num(handoff.p90_s, 0, ' s')}"),
        ("CSAT średnio (odpowiedzi)",
         f"{_num(summary.csat.mean, 2)} ({summary.csat.responses}, "
         f"{'–' if summary.csat.response_rate is None else f'{summary.csat.response_rate:.0%}'})"),
        ("NPS (odpowiedzi)", f"{_num(summary.nps.score, 1)} ({summary.nps.responses})"),
    ]


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _table(header: list[str], rows: list[list[str]], table_id: str) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td class="num">{_e(c)}</td>' if i else f"<td>{_e(c)}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f'<table id="{_e(table_id)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _breakdown(metrics: ServiceMetrics, attribute: str) -> list[list[str]]:
    groups = {"razem": metrics.overall, **metrics.by_channel}
    keys = list(dict.fromkeys(k for s in groups.values() for k in getattr(s, attribute)))
    return [[key, *(_pct(getattr(s, attribute).get(key, Share.of(0, s.requests))) for s in groups.values())]
            for key in keys]


def _periods(periods: list[PeriodSummary]) -> list[list[str]]:
    return [[p.start.isoformat(), str(p.summary.conversations), _pct(p.summary.contained),
             _pct(p.summary.handoffs), _pct(p.summary.abstentions),
             "–" if p.summary.fcr.rate is None else f"{p.summary.fcr.rate:.1%}",
             _num(p.summary.csat.mean, 2), _num(p.summary.nps.score, 1)] for p in periods]


def render_service_html(metrics: ServiceMetrics, plots: dict[str, str] | None = None) -> str:
    """The page: headline table (overall and per channel), breakdowns, plots or a note, day and week tables.

    ``plots`` maps a title to a base64 PNG; ``None`` means matplotlib was not
    there (the page says so), ``{}`` that plots were not asked for.
    """
    groups = {"razem": metrics.overall, **metrics.by_channel}
    bounds = (metrics.since, metrics.until)
    window = " – ".join(_e(m.isoformat(timespec="minutes")) if m else "…" for m in bounds)
    parts = [
        '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">'
        f"<title>Obsługa klienta: metryki pomocbot</title><style>{_CSS}</style></head><body>",
        "<h1>Obsługa klienta: metryki pomocbot</h1>",
        f'<p class="note">Rozmowy rozpoczęte w okresie {window} (strefa {_e(metrics.timezone)}); '
        f"dane do {_e(metrics.as_of.isoformat(timespec='minutes') if metrics.as_of else '–')}. "
        + ("" if metrics.feedback_available else "Źródło nie zawiera ocen klientów (CSAT, NPS). ") + "</p>",
        "<h2>Podsumowanie według kanału</h2>",
        _table(["miara", *groups], [[label, *(dict(service_rows(s))[label] for s in groups.values())]
                                    for label, _ in service_rows(metrics.overall)], "summary"),
        "<h2>Przekazania według powodu</h2>",
        _table(["powód", *groups], _breakdown(metrics, "handoffs_by_reason"), "reasons"),
        "<h2>Przekazania według kolejki</h2>",
        _table(["kolejka", *groups], _breakdown(metrics, "handoffs_by_queue"), "queues"),
        "<h2>CSAT: rozkład ocen</h2>",
        _table(["ocena", *groups], [[str(score), *(str(s.csat.distribution.get(score, 0))
                                                    for s in groups.values())] for score in range(1, 6)],
               "csat"),
        "<h2>Wykresy w czasie</h2>",
    ]
    if plots is None:
        parts.append('<p class="note" id="no-plots">Bez wykresów: matplotlib nie jest zainstalowany '
                     "(pip install pomocbot[eval]); poniżej tabele.</p>")
    elif not plots:
        parts.append('<p class="note" id="no-plots">Bez wykresów (wyłączone); poniżej tabele.</p>')
    for title, png in (plots or {}).items():
        parts.append(f'<h3>{_e(title)}</h3><img alt="{_e(title)}" src="data:image/png;base64,{png}">')
    header = ["okres", "rozmowy", "autom.", "przekazane", "nie wiem", "FCR", "CSAT", "NPS"]
    parts += ["<h2>Tygodnie (od poniedziałku)</h2>", _table(header, _periods(metrics.weekly), "weekly"),
              "<h2>Dni</h2>", _table(header, _periods(metrics.daily), "daily"),
              "<h2>Definicje</h2><dl>" + "".join(f"<dt>{_e(t)}</dt><dd>{_e(d)}</dd>" for t, d in _DEFINITIONS)
              + "</dl>", "</body></html>\n"]
    return "\n".join(parts)


def render_service_plots(metrics: ServiceMetrics) -> dict[str, str]:
    """Plots over time (title -> base64 PNG): daily rates, daily volume, weekly CSAT and NPS."""
    plt = headless_pyplot()
    plots: dict[str, str] = {}
    days = metrics.daily
    if not days:
        return plots
    x = [p.start for p in days]
    figure, axes = plt.subplots(figsize=(10, 3.8))
    for label, pick in (("rozwiązane automatycznie", lambda s: s.contained.rate),
                        ("przekazane", lambda s: s.handoffs.rate),
                        ("rozmowy z odmową", lambda s: s.conversations_with_abstention.rate),
                        ("FCR", lambda s: s.fcr.rate)):
        axes.plot(x, [pick(p.summary) for p in days], marker=".", label=label)
    axes.set(ylim=(0, 1.02), ylabel="udział", title="Wskaźniki dzienne")
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.autofmt_xdate()
    plots["Wskaźniki dzienne"] = png_base64(plt, figure)

    figure, axes = plt.subplots(figsize=(10, 3.2))
    axes.bar(x, [p.summary.conversations for p in days], label="rozmowy", color="#9db7d5")
    axes.bar(x, [p.summary.handoffs.count for p in days], label="przekazane", color="#d5869d")
    axes.set(ylabel="liczba", title="Rozmowy dziennie")
    axes.legend(fontsize=8)
    figure.autofmt_xdate()
    plots["Rozmowy dziennie"] = png_base64(plt, figure)

    weeks = [p for p in metrics.weekly if p.summary.csat.responses or p.summary.nps.responses]
    if weeks:
        figure, left = plt.subplots(figsize=(10, 3.2))
        wx = [p.start for p in weeks]
        left.plot(wx, [p.summary.csat.mean for p in weeks], marker="o", color="#2b6cb0", label="CSAT (1–5)")
        left.set(ylim=(1, 5), ylabel="CSAT", title="CSAT i NPS tygodniowo")
        right = left.twinx()
        right.plot(wx, [p.summary.nps.score for p in weeks], marker="s", color="#c05621", label="NPS")
        right.set(ylim=(-100, 100), ylabel="NPS")
        left.grid(alpha=0.3)
        lines = left.get_lines() + right.get_lines()
        left.legend(lines, [line.get_label() for line in lines], fontsize=8, loc="lower left")
        figure.autofmt_xdate()
        plots["CSAT i NPS tygodniowo"] = png_base64(plt, figure)
    return plots


def write_service_report(metrics: ServiceMetrics, out_dir: str | os.PathLike[str], *,
                         plots: bool | None = None) -> dict[str, Path]:
    """Write ``report.json`` and ``report.html`` to ``out_dir`` (created if needed); their paths by kind.

    ``plots=None`` draws plots when matplotlib is installed and otherwise
    writes the table-only page; ``True`` requires matplotlib
    (:class:`~pomocbot.errors.DependencyMissingError` before anything is
    written), ``False`` leaves plots out.
    """
    images: dict[str, str] | None = {}
    available = importlib.util.find_spec("matplotlib") is not None
    if plots and not available:
        raise DependencyMissingError("plots in the service report need matplotlib; install it with "
                                     "pip install pomocbot[eval], or pass plots=False")
    if plots is None and not available:
        images = None
    elif plots is not False:
        images = render_service_plots(metrics)
    page = render_service_html(metrics, images)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "html": out / "report.html"}
    paths["json"].write_text(metrics.model_dump_json(indent=1) + "\n", encoding="utf-8")
    paths["html"].write_text(page, encoding="utf-8")
    return paths
