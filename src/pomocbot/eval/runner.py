"""Run one or several configurations of the assistant on the same evaluation data.

:func:`evaluate` answers every question, plays every conversation turn by
turn and runs the PII detector on every PII case, once per configuration,
and returns an :class:`~pomocbot.eval.results.EvalReport`.

How questions are answered: each configuration answers with abstention off
(``abstain_below = 0``) and its own threshold is applied to the recorded
confidence, the same rule the drafter uses (abstain when confidence <
``abstain_below`` or nothing grounded is left). The row then keeps the
answer the assistant would have given, so the drill-down shows what a
false abstention withheld and the threshold sweep in the report is exact.
Conversations are played with the configuration as it is (abstentions feed
escalation). Latency is measured around each ``reply`` call, after one
warm-up reply per configuration that is not counted; the ranking for the
retrieval metrics comes from a separate, separately timed ``search`` of the
query the reply searched (``reply.query``, redacted).

With the privacy guard on (the default) a row's texts (question, answer,
expected answers) are redacted, so no report file carries a PESEL or a phone
number from the data; the figures are computed on the texts as they are.

>>> from pomocbot import Assistant, Document
>>> assistant = Assistant()
>>> _ = assistant.add_documents([Document(id="zwroty", title="Zwroty",
...     text="Na zwrot towaru masz 14 dni od dnia odbioru paczki.")])
>>> report = evaluate(assistant, questions=[{"id": "q1", "question": "Ile mam dni na zwrot towaru?",
...                                          "gold": ["zwroty"], "answer": "14 dni"}])
>>> summary = report.configs["default"].summary
>>> summary["recall@1"], summary["containment"], summary["abstained"]
(1.0, 1.0, 0)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pomocbot.assistant import Assistant
from pomocbot.config import AssistantConfig
from pomocbot.errors import ConfigError, PomocbotError
from pomocbot.eval.configs import ConfigSpec, changed_fields, index_changes, resolve_config
from pomocbot.eval.formats import ConversationCase, PIICase, QuestionCase, as_cases
from pomocbot.eval.results import (
    ConfigResult,
    EvalReport,
    question_curves,
    summarize_conversations,
    summarize_pii,
    summarize_questions,
)

# Per-case running and scoring lives in pomocbot.eval.scoring; the old names still import from here.
from pomocbot.eval.scoring import PRIORITY_RANK as PRIORITY_RANK
from pomocbot.eval.scoring import TURN_GAP as TURN_GAP
from pomocbot.eval.scoring import Advance as Advance
from pomocbot.eval.scoring import _answered as _answered
from pomocbot.eval.scoring import _conversation_failures as _conversation_failures
from pomocbot.eval.scoring import _play as _play
from pomocbot.eval.scoring import _question_failures as _question_failures
from pomocbot.eval.scoring import _question_row as _question_row
from pomocbot.eval.scoring import _redacted as _redacted
from pomocbot.eval.scoring import run_conversations as _run_conversations
from pomocbot.eval.scoring import run_pii as _run_pii
from pomocbot.eval.scoring import run_questions as _run_questions

__all__ = ["evaluate"]

logger = logging.getLogger(__name__)


def evaluate(source: Assistant | str | Path, *, questions: Sequence[Any] | str | Path | None = None,
             conversations: Sequence[Any] | str | Path | None = None,
             pii_cases: Sequence[Any] | str | Path | None = None,
             configs: Mapping[str, ConfigSpec] | None = None, kb_dir: str | Path | None = None,
             k_values: Sequence[int] = (1, 3, 5, 10), span_rule: str = "overlap",
             progress: bool = False) -> EvalReport:
    """Evaluate each configuration of ``configs`` on the same data; see the module docstring.

    ``source`` is an :class:`~pomocbot.Assistant` or a saved index directory;
    its config is the base of every variant. ``configs`` maps names to a full
    :class:`~pomocbot.AssistantConfig`, a dict of overrides or a YAML/JSON
    file of overrides (deep-merged onto the base); ``None`` evaluates the
    base alone as ``"default"``. A variant that changes index-time settings
    (embedder, chunking, BM25, FAISS) is re-indexed from ``kb_dir``; without
    ``kb_dir`` it raises :class:`~pomocbot.ConfigError` before anything runs.
    Data may be JSONL paths or lists of dicts / case models
    (:mod:`pomocbot.eval.formats`); bad data raises
    :class:`~pomocbot.DatasetError`. ``progress`` shows rich progress bars on
    stderr.
    """
    started = time.perf_counter()
    base = source if isinstance(source, Assistant) else Assistant.load(source)
    question_cases = as_cases(questions, QuestionCase)
    conversation_cases = as_cases(conversations, ConversationCase)
    pii = as_cases(pii_cases, PIICase)
    k_values = sorted(set(int(k) for k in k_values))
    if not k_values or k_values[0] < 1:
        raise ConfigError(f"k_values must be positive integers, got {list(k_values)}")
    if span_rule not in ("overlap", "exact"):
        raise ConfigError(f"span_rule must be 'overlap' or 'exact', got {span_rule!r}")
    variants = {name: resolve_config(base.config, spec)
                for name, spec in (configs or {"default": None}).items()}
    for name, config in variants.items():  # refuse before spending minutes on the first variant
        changes = index_changes(base.config, config)
        if changes and kb_dir is None:
            raise ConfigError(
                f"config {name!r} changes {', '.join(changes)}, which shape the index; a loaded index "
                "cannot take them. Pass kb_dir (pomocbot eval --kb DIR) to rebuild the index from the "
                "knowledge base, or evaluate an index built with these settings")

    from pomocbot import __version__

    report = EvalReport(created=datetime.now(timezone.utc).isoformat(timespec="seconds"), version=__version__,
                        k_values=k_values,
                        data={"source": str(source) if not isinstance(source, Assistant) else "Assistant",
                              "questions": _describe(questions, len(question_cases)),
                              "conversations": _describe(conversations, len(conversation_cases)),
                              "pii_cases": _describe(pii_cases, len(pii)),
                              "kb_dir": None if kb_dir is None else str(kb_dir)})
    answering = 0.0
    with _progress(progress) as track:
        for name, config in variants.items():
            with _assistant_for(base, config, kb_dir) as (owner, rebuilt):
                result = ConfigResult(name=name, overrides=changed_fields(base.config, config),
                                      config=config.model_dump(mode="json"), rebuilt_index=rebuilt)
                if question_cases:
                    # Abstention off while answering; the variant's threshold is applied to the confidence.
                    drafting = config.drafting.model_copy(update={"abstain_below": 0.0})
                    with _variant(owner, config.model_copy(update={"drafting": drafting})) as assistant:
                        _warm_up(assistant)
                        rows = _run_questions(assistant, question_cases, config.drafting.abstain_below,
                                              max(k_values), track(f"{name}: pytania", len(question_cases)))
                    answering += sum(r.latency_ms for r in rows) / 1000
                    result.questions = rows
                    result.summary.update(summarize_questions(rows, k_values))
                    result.curves.update(question_curves(rows, max(k_values)))
                if conversation_cases:
                    with _variant(owner, config) as assistant:
                        _warm_up(assistant)
                        result.conversations = _run_conversations(
                            assistant, name, conversation_cases,
                            track(f"{name}: rozmowy", len(conversation_cases)))
                    result.summary.update(summarize_conversations(result.conversations))
                if pii:
                    with _variant(owner, config) as assistant:
                        result.pii = _run_pii(assistant, pii, span_rule,
                                              track(f"{name}: dane osobowe", len(pii)))
                    figures, per_type = summarize_pii(result.pii, span_rule)
                    result.summary.update(figures)
                    result.pii_per_type = per_type
                report.configs[name] = result
    report.timings = {"answering": round(answering, 3), "total": round(time.perf_counter() - started, 3)}
    return report


def _describe(data: object, count: int) -> dict[str, Any]:
    return {"source": str(data) if isinstance(data, (str, Path)) else ("in memory" if data else None),
            "count": count}


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int], Advance]]:
    if not enabled:
        yield lambda description, total: (lambda: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bars:
        def track(description: str, total: int) -> Advance:
            task = bars.add_task(description, total=total)
            return lambda: bars.advance(task)

        yield track


@contextmanager
def _assistant_for(base: Assistant, config: AssistantConfig,
                   kb_dir: str | Path | None) -> Iterator[tuple[Assistant, bool]]:
    """An assistant owning an index fit for ``config``: ``base`` itself, or one re-indexed from ``kb_dir``."""
    changes = index_changes(base.config, config)
    if not changes:
        yield base, False
        return
    assert kb_dir is not None  # checked by evaluate
    embedder_changed = any(c.split(".")[1] in ("embedder", "embedder_model_path", "query_prefix",
                                               "passage_prefix")
                           for c in changes if c.startswith("retrieval."))
    same_stems = config.retrieval.stemmer_table == base.config.retrieval.stemmer_table
    logger.info("re-indexing %s for a config that changes %s", kb_dir, ", ".join(changes))
    owner = Assistant(config, embedder=None if embedder_changed else base.embedder,
                      stemmer=base.index.stemmer if same_stems else None)
    report = owner.add_directory(kb_dir)
    if not report.documents_added:
        raise ConfigError(f"re-indexing {kb_dir} for the variant found no documents; check the kb_dir path")
    yield owner, True


@contextmanager
def _variant(owner: Assistant, config: AssistantConfig) -> Iterator[Assistant]:
    """A fresh assistant with ``config`` on ``owner``'s index (whose settings it reads meanwhile).

    The turn runner reads drafting and persona settings when it is built, so
    each variant gets its own assistant; the PII detector is shared when the
    privacy settings are the same.
    """
    index = owner.index
    saved = index.config
    detector = None
    if config.privacy == owner.config.privacy:
        try:
            detector = owner.detector
        except PomocbotError:  # no detector available: the variant fails the same way, per item
            detector = None
    index.config = config
    # Start each variant with no cached query embeddings: otherwise a later variant reuses the earlier
    # one's vectors for the same questions and its latencies look several times faster. Within a
    # variant, the ranking search after a reply finds the reply's query vector in the index's cache.
    index.clear_query_cache()
    try:
        yield Assistant(config, embedder=index.embedder, detector=detector, _index=index)
    finally:
        index.config = saved


def _warm_up(assistant: Assistant) -> None:
    """One uncounted reply so model loads and caches do not land in the latencies."""
    try:
        assistant.reply("Dzień dobry, ile kosztuje dostawa?")
    except PomocbotError as exc:  # the real runs report it per item
        logger.debug("warm-up failed: %s", type(exc).__name__)
