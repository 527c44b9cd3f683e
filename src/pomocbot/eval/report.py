"""Write an evaluation report directory: ``report.json``, ``report.md`` and a self-contained ``report.html``.

``report.json`` holds every figure and row (the source of truth); the
Markdown and HTML files show the same figures formatted by :func:`fmt`
(3 decimals), the HTML file adds the plots (base64 PNG, no external file or
script) and a drill-down of the failed questions, conversations and PII
cases. Every text from the data is HTML-escaped; the questions and answers
arrive redacted (:func:`pomocbot.eval.evaluate` does it, as the assistant's
privacy settings say), and PII cases are written as types and offsets only.

>>> fmt(0.91234), fmt(None), fmt(12)
('0.912', '–', '12')
"""

from __future__ import annotations

import html
import json
import time
from pathlib import Path
from typing import Any

from pomocbot.eval.results import ConfigResult, EvalReport

__all__ = ["fmt", "render_html", "render_markdown", "write_report"]

MAX_FAILURES = 200  # rows per config in the drill-down; report.json has them all


def fmt(value: Any) -> str:
    """A figure as shown in the Markdown and HTML reports: ratios with 3 decimals, ``None`` as "–"."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def summary_keys(report: EvalReport) -> list[str]:
    """Summary figure names in first-seen order over the configurations."""
    keys: dict[str, None] = {}
    for result in report.configs.values():
        keys.update(dict.fromkeys(result.summary))
    return list(keys)


def write_report(report: EvalReport, out_dir: str | Path, *, plots: bool = True) -> dict[str, Path]:
    """Write the three files to ``out_dir`` (created if needed); returns their paths by kind.

    ``report.timings["report"]`` gets the seconds spent rendering. Without
    matplotlib and with ``plots=True`` it raises
    :class:`~pomocbot.DependencyMissingError` before writing anything.
    """
    started = time.perf_counter()
    images: dict[str, str] = {}
    if plots:
        from pomocbot.eval.plots import render_plots

        images = render_plots(report)
    markdown = render_markdown(report)
    page = render_html(report, images)
    report.timings["report"] = round(time.perf_counter() - started, 3)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "markdown": out / "report.md", "html": out / "report.html"}
    paths["json"].write_text(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    paths["markdown"].write_text(markdown, encoding="utf-8")
    paths["html"].write_text(page, encoding="utf-8")
    return paths


# -- Markdown ------------------------------------------------------------------
def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(report: EvalReport) -> str:
    """The summary tables, PII per type and the failures, as Markdown."""
    names = list(report.configs)
    lines = [f"# Raport ewaluacji pomocbot {report.version}", "",
             f"Utworzono {report.created}. Dane: " + ", ".join(
                 f"{kind} {info['count']}" for kind, info in report.data.items()
                 if isinstance(info, dict) and info.get("count")) + ".", ""]
    lines += ["## Podsumowanie", ""]
    lines += _md_table(["miara", *names], [[key, *(fmt(report.configs[n].summary.get(key)) for n in names)]
                                           for key in summary_keys(report)])
    for name, result in report.configs.items():
        lines += ["", f"## {name}", ""]
        if result.overrides:
            lines += ["Zmiany względem konfiguracji bazowej: " + ", ".join(
                f"`{k}` = `{json.dumps(v, ensure_ascii=False)}`" for k, v in result.overrides.items()), ""]
        if result.pii_per_type:
            lines += ["### Dane osobowe według typu", ""]
            lines += _md_table(["typ", "tp", "fp", "fn", "precyzja", "czułość", "F1"],
                               [[kind, *(fmt(s[key])
                                         for key in ("tp", "fp", "fn", "precision", "recall", "f1"))]
                                for kind, s in result.pii_per_type.items()])
            lines.append("")
        failed = result.failures
        if failed:
            lines += [f"### Błędne odpowiedzi ({len(failed)} z {len(result.questions)})", ""]
            lines += _md_table(["id", "pytanie", "pewność", "powody"],
                               [[r.id, r.question, fmt(r.confidence), "; ".join(r.failures)]
                                for r in failed[:MAX_FAILURES]])
        bad = [c for c in result.conversations if c.failures]
        if bad:
            lines += ["", f"### Rozmowy z błędami ({len(bad)} z {len(result.conversations)})", ""]
            lines += _md_table(["id", "powody"], [[c.id, "; ".join(c.failures)] for c in bad[:MAX_FAILURES]])
    lines += ["", "Czasy (s): " + ", ".join(f"{k} {v:.2f}" for k, v in report.timings.items()), ""]
    return "\n".join(lines)


# -- HTML ----------------------------------------------------------------------
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
img{max-width:100%;border:1px solid #eee;margin:.5rem 0}
details{margin:.3rem 0} summary{cursor:pointer} .bad{color:#a40000} code{background:#f6f6f6}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _html_table(header: list[str], rows: list[list[str]], numeric_from: int = 1, table_id: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td class="num">{c}</td>' if i >= numeric_from else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    attribute = f' id="{_e(table_id)}"' if table_id else ""
    return f"<table{attribute}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: EvalReport, plots: dict[str, str] | None = None) -> str:
    """A self-contained HTML page: summary, plots (``name -> base64 PNG``), per-config details."""
    from pomocbot.eval.plots import PLOT_TITLES

    plots = plots or {}
    names = list(report.configs)
    parts = [f"<!DOCTYPE html><html lang=\"pl\"><head><meta charset=\"utf-8\">"
             f"<title>Raport ewaluacji pomocbot</title><style>{_CSS}</style></head><body>",
             f"<h1>Raport ewaluacji pomocbot {_e(report.version)}</h1>",
             f"<p>Utworzono {_e(report.created)}. " + _e(", ".join(
                 f"{kind}: {info['count']}" for kind, info in report.data.items()
                 if isinstance(info, dict) and info.get("count"))) + "</p>",
             "<h2>Podsumowanie</h2>",
             _html_table(["miara", *names],
                         [[_e(key), *(_e(fmt(report.configs[n].summary.get(key))) for n in names)]
                          for key in summary_keys(report)], table_id="summary")]
    if plots:
        parts.append("<h2>Wykresy</h2>")
        for name, png in plots.items():
            parts.append(f"<h3>{_e(PLOT_TITLES.get(name, name))}</h3>"
                         f'<img id="plot-{_e(name)}" alt="{_e(PLOT_TITLES.get(name, name))}" '
                         f'src="data:image/png;base64,{png}">')
    for name, result in report.configs.items():
        parts.append(_config_section(name, result))
    parts.append("<p>Czasy (s): " + _e(", ".join(f"{k} {v:.2f}" for k, v in report.timings.items())) + "</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _config_section(name: str, result: ConfigResult) -> str:
    parts = [f'<h2 id="config-{_e(name)}">Konfiguracja {_e(name)}</h2>']
    if result.overrides:
        parts.append("<p>Zmiany względem bazowej: " + ", ".join(
            f"<code>{_e(k)}</code> = <code>{_e(json.dumps(v, ensure_ascii=False))}</code>"
            for k, v in result.overrides.items())
            + ("; indeks zbudowany od nowa" if result.rebuilt_index else "")
            + "</p>")
    if result.pii_per_type:
        parts.append("<h3>Dane osobowe według typu</h3>")
        parts.append(_html_table(["typ", "tp", "fp", "fn", "precyzja", "czułość", "F1"],
                                 [[_e(kind), *(_e(fmt(s[key])) for key in ("tp", "fp", "fn", "precision",
                                                                            "recall", "f1"))]
                                  for kind, s in result.pii_per_type.items()]))
    failed = result.failures
    if failed:
        parts.append(f"<h3>Błędne odpowiedzi ({len(failed)} z {len(result.questions)})</h3>")
        for row in failed[:MAX_FAILURES]:
            parts.append(
                f"<details><summary><b>{_e(row.id)}</b> {_e(row.question)} "
                f"<span class=\"bad\">— {_e('; '.join(row.failures))}</span></summary>"
                + _html_table(["pole", "wartość"], [
                    ["złote dokumenty", _e(", ".join(row.gold) or "– (powinien odmówić)")],
                    ["oczekiwana odpowiedź", _e(" | ".join(row.expected) or "–")],
                    ["ranking", _e(", ".join(row.ranked[:5]))],
                    ["odpowiedź" + (" (wstrzymana)" if row.abstained else ""), _e(row.answer or "–")],
                    ["cytowane", _e(", ".join(row.cited) or "–")],
                    ["pewność", _e(fmt(row.confidence))],
                    ["czas (ms)", _e(fmt(row.latency_ms))],
                ], numeric_from=99) + "</details>")
        if len(failed) > MAX_FAILURES:
            parts.append(f"<p>… i {len(failed) - MAX_FAILURES} więcej w report.json.</p>")
    bad = [c for c in result.conversations if c.failures]
    if bad:
        parts.append(f"<h3>Rozmowy z błędami ({len(bad)} z {len(result.conversations)})</h3>")
        parts.append(_html_table(["id", "eskalacja", "powody (kody)", "priorytet", "kolejka", "błędy"], [
            [_e(c.id), _e(fmt(c.escalated)), _e(", ".join(c.reasons) or "–"), _e(c.priority or "–"),
             _e(c.queue or "–"), _e("; ".join(c.failures))] for c in bad[:MAX_FAILURES]], numeric_from=99))
    wrong = [p for p in result.pii if p.missed or p.false_alarms]
    if wrong:
        parts.append(f"<h3>Przypadki danych osobowych z błędami ({len(wrong)} z {len(result.pii)})</h3>")
        parts.append(_html_table(["id", "pominięte (typ, od, do)", "fałszywe alarmy (typ, od, do)"], [
            [_e(p.id), _e(", ".join(f"{t} {s}–{e}" for t, s, e in p.missed) or "–"),
             _e(", ".join(f"{t} {s}–{e}" for t, s, e in p.false_alarms) or "–")]
            for p in wrong[:MAX_FAILURES]],
            numeric_from=99))
    return "\n".join(parts)
