"""Configurations to compare: partial overrides (YAML, JSON or dicts) deep-merged onto a base config.

A variant names only what it changes::

    # b.yaml
    drafting:
      abstain_below: 0.6
    retrieval:
      weights: {dense: 1.0}

Settings that shape the index (embedder, chunking, BM25 parameters, FAISS
kind: the fields marked index-time in :mod:`pomocbot.config`) cannot change
on a loaded index: :func:`index_changes` lists them so the runner can rebuild
from the knowledge base or refuse clearly.

>>> from pomocbot import AssistantConfig
>>> base = AssistantConfig()
>>> variant = resolve_config(base, {"drafting": {"abstain_below": 0.6},
...                                 "retrieval": {"weights": {"dense": 1.0}}})
>>> variant.drafting.abstain_below, variant.retrieval.weights.dense, variant.retrieval.weights.stems
(0.6, 1.0, 0.5)
>>> smaller_chunks = resolve_config(base, {"knowledge": {"chunk_tokens": 300}})
>>> index_changes(base, variant), index_changes(base, smaller_chunks)
([], ['knowledge.chunk_tokens'])
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pomocbot.config import AssistantConfig, RetrievalConfig, deep_merge, index_time_fields
from pomocbot.errors import ConfigError, DependencyMissingError

__all__ = ["ConfigSpec", "changed_fields", "deep_merge", "index_changes", "load_overrides", "resolve_config"]

ConfigSpec = AssistantConfig | Mapping[str, Any] | str | Path | None
"""A full config, a dict of overrides, a YAML/JSON file of overrides, or None (the base)."""

# deep_merge, exported from here and pomocbot.eval, is pomocbot.config's: the one behind every merged().
_INDEX_TIME = index_time_fields()
# Kept for code that read them: derived from the fields' marks, not listed here.
QUERY_TIME_RETRIEVAL = frozenset(RetrievalConfig.model_fields) - _INDEX_TIME["retrieval"]
"""Retrieval settings a loaded index takes as they are (query-time and load-time ones)."""
QUERY_TIME_SECTIONS = frozenset(section for section, fields in _INDEX_TIME.items() if not fields)
"""Sections none of whose settings touch the index."""


def load_overrides(path: str | Path) -> dict[str, Any]:
    """Read a YAML (``.yaml``/``.yml``, needs pyyaml) or JSON file of config overrides."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"config file {path} cannot be read ({type(exc).__name__}); check the path"
        ) from exc
    if path.suffix.lower() == ".json":
        import json

        try:
            data = json.loads(text) if text.strip() else {}
        except json.JSONDecodeError as exc:
            raise ConfigError(f"config file {path}: invalid JSON at line {exc.lineno} ({exc.msg})") from exc
    else:
        try:
            import yaml
        except ImportError as exc:
            raise DependencyMissingError(
                f"reading {path} needs pyyaml; install it with pip install pomocbot[eval] (or pass JSON)"
            ) from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise ConfigError(f"config file {path}: invalid YAML{where}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping of sections (retrieval:, drafting:, ...), "
                          f"got {type(data).__name__}")
    return data


def resolve_config(base: AssistantConfig, spec: ConfigSpec) -> AssistantConfig:
    """The configuration ``spec`` describes, on top of ``base`` (see :data:`ConfigSpec`)."""
    if spec is None:
        return base
    if isinstance(spec, AssistantConfig):
        return spec
    where = "overrides"
    if isinstance(spec, (str, Path)):
        where = f"config file {spec}"
        spec = load_overrides(spec)
    if not isinstance(spec, Mapping):
        raise ConfigError(
            f"a config must be an AssistantConfig, a mapping or a file path, got {type(spec).__name__}"
        )
    try:
        return base.merged(spec)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def changed_fields(base: AssistantConfig, other: AssistantConfig) -> dict[str, Any]:
    """Dotted field paths whose value differs, with ``other``'s value.

    >>> changed_fields(AssistantConfig(), AssistantConfig(retrieval={"fusion": "rrf"}))
    {'retrieval.fusion': 'rrf'}
    """
    out: dict[str, Any] = {}

    def walk(a: Any, b: Any, prefix: str) -> None:
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b)):
                walk(a.get(key), b.get(key), f"{prefix}.{key}" if prefix else str(key))
        elif a != b:
            out[prefix] = b

    walk(base.model_dump(mode="json"), other.model_dump(mode="json"), "")
    return out


def index_changes(base: AssistantConfig, other: AssistantConfig) -> list[str]:
    """The changed fields that need the index rebuilt: the index-time ones (embedder, chunking, BM25, FAISS).

    >>> index_changes(AssistantConfig(), AssistantConfig(retrieval={"hnsw_ef_search": 64, "hnsw_m": 16}))
    ['retrieval.hnsw_m']
    """
    needs = []
    for path in changed_fields(base, other):
        section, _, rest = path.partition(".")
        if rest.split(".")[0] in _INDEX_TIME.get(section, ()):
            needs.append(path)
    return needs
