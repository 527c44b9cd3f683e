"""Plots of an evaluation report as base64 PNG strings (matplotlib, Agg backend, imported lazily).

Each function draws one figure for all configurations and returns the PNG
encoded in base64, or ``None`` when the report has no data for it:
recall@k curves, confidence calibration with the coverage/accuracy
trade-off, escalation precision vs recall, and the reply latency histogram.
"""

from __future__ import annotations

from typing import Any

from pomocbot.errors import DependencyMissingError
from pomocbot.eval.results import EvalReport
from pomocbot.plotting import headless_pyplot, png_base64

__all__ = ["render_plots"]

PLOT_TITLES = {
    "recall_at_k": "Recall@k (dokumenty)",
    "calibration": "Kalibracja pewności i kompromis pokrycie / trafność",
    "escalation": "Eskalacja: precyzja vs czułość",
    "latency": "Czas odpowiedzi (ms)",
}


def _pyplot() -> Any:
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise DependencyMissingError(
            "plots in the evaluation report need matplotlib; install it with pip install pomocbot[eval], "
            "or write the report without plots (plots=False, pomocbot eval --no-plots)"
        ) from exc
    return headless_pyplot()


_encode = png_base64


def render_plots(report: EvalReport) -> dict[str, str]:
    """Every plot the report has data for: name (a key of :data:`PLOT_TITLES`) -> base64 PNG."""
    plt = _pyplot()
    plots = {}
    for name, draw in (("recall_at_k", _recall), ("calibration", _calibration), ("escalation", _escalation),
                       ("latency", _latency)):
        png = draw(plt, report)
        if png is not None:
            plots[name] = png
    return plots


def _recall(plt: Any, report: EvalReport) -> str | None:
    curves = {name: curve for name, r in report.configs.items() if (curve := r.curves.get("recall_at_k"))}
    if not curves:
        return None
    figure, axes = plt.subplots(figsize=(6, 4))
    for name, curve in curves.items():
        axes.plot([p["k"] for p in curve], [p["recall"] for p in curve], marker="o", label=name)
    axes.set(xlabel="k", ylabel="recall@k", ylim=(0, 1.02), title=PLOT_TITLES["recall_at_k"])
    axes.grid(alpha=0.3)
    axes.legend()
    return _encode(plt, figure)


def _calibration(plt: Any, report: EvalReport) -> str | None:
    results = {name: r for name, r in report.configs.items() if r.curves.get("coverage_accuracy")}
    if not results:
        return None
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="idealna kalibracja")
    for name, result in results.items():
        bins = result.curves.get("calibration", [])
        left.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], marker="o", label=name)
        curve = [p for p in result.curves["coverage_accuracy"] if p["accuracy"] is not None]
        line = right.plot([p["coverage"] for p in curve], [p["accuracy"] for p in curve], marker=".",
                          label=name)
        threshold = result.config.get("drafting", {}).get("abstain_below")
        chosen = (min(curve, key=lambda p: abs(p["threshold"] - threshold), default=None)
                  if threshold is not None else None)
        if chosen is not None:
            right.scatter([chosen["coverage"]], [chosen["accuracy"]], s=80, color=line[0].get_color(),
                          zorder=3)
            right.annotate(f"próg {threshold:g}", (chosen["coverage"], chosen["accuracy"]),
                           textcoords="offset points", xytext=(5, -12), fontsize=8)
    left.set(xlabel="pewność (średnia w przedziale)", ylabel="trafność", xlim=(0, 1), ylim=(0, 1.02),
             title="Kalibracja")
    right.set(xlabel="pokrycie (odsetek odpowiedzianych)", ylabel="trafność odpowiedzi", xlim=(0, 1.02),
              ylim=(0, 1.02), title="Pokrycie vs trafność (próg 0…1)")
    for axes in (left, right):
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8)
    return _encode(plt, figure)


def _escalation(plt: Any, report: EvalReport) -> str | None:
    points = {name: (r.summary.get("escalation_recall"), r.summary.get("escalation_precision"))
              for name, r in report.configs.items() if r.conversations}
    points = {name: p for name, p in points.items() if None not in p}
    if not points:
        return None
    figure, axes = plt.subplots(figsize=(5, 4))
    for name, (recall, precision) in points.items():
        axes.scatter([recall], [precision], s=70, label=name)
        axes.annotate(name, (recall, precision), textcoords="offset points", xytext=(6, 4), fontsize=8)
    axes.set(xlabel="czułość (recall)", ylabel="precyzja", xlim=(0, 1.05), ylim=(0, 1.05),
             title=PLOT_TITLES["escalation"])
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    return _encode(plt, figure)


def _latency(plt: Any, report: EvalReport) -> str | None:
    samples = {name: [q.latency_ms for q in r.questions]
               + [ms for c in r.conversations for ms in c.latency_ms]
               for name, r in report.configs.items()}
    samples = {name: s for name, s in samples.items() if s}
    if not samples:
        return None
    figure, axes = plt.subplots(figsize=(6, 4))
    top = max(max(s) for s in samples.values())
    bins = [top * i / 30 for i in range(31)] if top > 0 else 10
    for name, values in samples.items():
        axes.hist(values, bins=bins, alpha=0.5, label=name)
    axes.set(xlabel="ms na odpowiedź", ylabel="liczba odpowiedzi", title=PLOT_TITLES["latency"])
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    return _encode(plt, figure)
