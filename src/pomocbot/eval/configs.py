"""Configurations to compare: partial overrides (YAML, JSON or dicts) deep-merged onto a base config.

A variant names only what it changes::

    # b.yaml
    drafting:
      abstain_below: 0.6
    retrieval:
      weights: {dense: 1.0}

Settings that shape the index (embedder, chunking, BM25 parameters, FAISS
kind) cannot change on a loaded index: :func:`index_changes` lists them so
the runner can rebuild from the knowledge base or refuse clearly.

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

from pydantic import ValidationError

from pomocbot.config import AssistantConfig
from pomocbot.errors import ConfigError, DependencyMissingError

__all__ = ["ConfigSpec", "changed_fields", "deep_merge", "index_changes", "load_overrides", "resolve_config"]

ConfigSpec = AssistantConfig | Mapping[str, Any] | str | Path | None
"""A full config, a dict of overrides, a YAML/JSON file of overrides, or None (the base)."""

# Retrieval settings that a loaded index can take as they are: query-time ones
# (see Assistant.update_retrieval) and the embedder's runtime knobs.
QUERY_TIME_RETRIEVAL = frozenset({"fusion", "weights", "feedback", "answer_type_prior", "candidates", "rrf_k",
                                  "max_query_chars", "embedder_threads", "embed_batch_size"})
# Sections that never touch the index.
QUERY_TIME_SECTIONS = frozenset({"drafting", "persona", "conversation", "privacy", "escalation"})


def deep_merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``overrides`` applied; nested mappings merge, everything else replaces.

    >>> deep_merge({"a": {"x": 1, "y": 2}, "b": [1]}, {"a": {"y": 3}, "b": [2]})
    {'a': {'x': 1, 'y': 3}, 'b': [2]}
    """
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


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
        return AssistantConfig.model_validate(deep_merge(base.model_dump(mode="json"), spec))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors(include_url=False))
        raise ConfigError(f"{where}: {problems}") from exc


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
    """The changed fields that need the index rebuilt (embedder, chunking, BM25, FAISS settings)."""
    needs = []
    for path in changed_fields(base, other):
        section, _, rest = path.partition(".")
        if section in QUERY_TIME_SECTIONS:
            continue
        if section == "retrieval" and rest.split(".")[0] in QUERY_TIME_RETRIEVAL:
            continue
        needs.append(path)
    return needs
