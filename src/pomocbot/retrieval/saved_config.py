"""The config a loaded index runs with: the saved index-time settings, the caller's query-time ones.

A saved index fixes how it was built: the embedder, the chunks, the FAISS
index kind and its build parameters, BM25's k1 and b, the stemmer table, the
character n-grams, what was redacted or removed from the text (the fields
marked index-time in :mod:`pomocbot.config`). A config passed to
``Assistant.load(path, config)`` cannot change those without a rebuild, so
:func:`config_for_loading` keeps them from the index, and refuses with
:class:`~pomocbot.IndexConfigConflictError` a config that explicitly asks for
other values. Everything else (fusion, FAISS's search parameters, drafting,
persona, privacy, escalation, ...) is the caller's.

Privacy is never switched off by an index file: an index saved with
``privacy.enabled=False`` loads with redaction off only when the caller says
so, by its own config or ``privacy_off_acknowledged=True``; otherwise
:class:`~pomocbot.PrivacyOffError`.

>>> saved = AssistantConfig(retrieval={"index_kind": "hnsw"}, knowledge={"chunk_tokens": 120})
>>> merged = config_for_loading(saved, AssistantConfig(retrieval={"fusion": "rrf"}), path="idx")
>>> merged.retrieval.index_kind.value, merged.knowledge.chunk_tokens, merged.retrieval.fusion.value
('hnsw', 120, 'rrf')
>>> config_for_loading(saved, AssistantConfig(knowledge={"chunk_tokens": 300}), path="idx")
Traceback (most recent call last):
...
pomocbot.errors.IndexConfigConflictError: the index at idx was built with other settings than the config \
asks for: knowledge.chunk_tokens (index: 120, config: 300); rebuild the index (pomocbot index ...) or \
leave these settings out of the config
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pomocbot.config import AssistantConfig, index_time_fields
from pomocbot.errors import IndexConfigConflictError, IndexCorruptError, PrivacyOffError

__all__ = ["INDEX_TIME_SETTINGS", "config_for_loading", "saved_config_base", "saved_config_of"]

INDEX_TIME_SETTINGS: dict[str, frozenset[str]] = {
    section: fields for section, fields in index_time_fields().items() if fields}
"""Settings fixed when the index is built, by config section (the fields marked index-time).

>>> sorted(INDEX_TIME_SETTINGS), "hnsw_ef_search" in INDEX_TIME_SETTINGS["retrieval"]
(['knowledge', 'retrieval'], False)
"""


def _explicit(config: AssistantConfig, section: str) -> set[str]:
    """Fields of ``section`` the caller set (not left at their defaults)."""
    if section not in config.model_fields_set:
        return set()
    return set(getattr(config, section).model_fields_set)


def _shown(value: Any) -> str:
    return str(getattr(value, "value", value))


def saved_config_base(path: object) -> AssistantConfig:
    """The saved config of the index at ``path`` as a base for a caller's changes (CLI options, a backend's
    store): everything as saved except ``privacy.enabled``, left at its default (on), so a config derived
    from an index file never carries privacy off into :meth:`~pomocbot.Assistant.load`."""
    from pomocbot.retrieval.persistence import read_manifest

    data = read_manifest(path)["config"]
    privacy = {k: v for k, v in (data.get("privacy") or {}).items() if k != "enabled"}
    return AssistantConfig.model_validate({**data, "privacy": privacy})


def config_for_loading(saved: AssistantConfig, given: AssistantConfig | None, *, path: object,
                       privacy_off_acknowledged: bool = False) -> AssistantConfig:
    """The config to load the index at ``path`` with (see the module docstring)."""
    if given is None:
        merged = saved
        privacy_chosen = False
    else:
        kept: dict[str, dict[str, Any]] = {}  # the index's own values of its index-time settings
        conflicts = []
        for section, fields in INDEX_TIME_SETTINGS.items():
            saved_section, given_section = getattr(saved, section), getattr(given, section)
            explicit = _explicit(given, section)
            kept[section] = saved_section.model_dump(include=set(fields))
            for field in sorted(fields):
                saved_value, given_value = getattr(saved_section, field), getattr(given_section, field)
                if field in explicit and given_value != saved_value:
                    conflicts.append(f"{section}.{field} (index: {_shown(saved_value)}, "
                                     f"config: {_shown(given_value)})")
        if conflicts:
            raise IndexConfigConflictError(
                f"the index at {path} was built with other settings than the config asks for: "
                f"{'; '.join(conflicts)}; rebuild the index (pomocbot index ...) or leave these settings "
                "out of the config")
        merged = given.merged(kept)
        privacy_chosen = "enabled" in _explicit(given, "privacy")
    if not merged.privacy.enabled and not privacy_chosen and not privacy_off_acknowledged:
        raise PrivacyOffError(
            f"the index at {path} was saved with privacy.enabled=False: loading it as it is would send "
            "customers' personal data unredacted to search, logs and the LLM. Pass a config with privacy "
            "on, or privacy_off_acknowledged=True to keep it off")
    return merged


def saved_config_of(manifest: Mapping[str, Any], path: object) -> AssistantConfig:
    """The config a saved index's manifest records; :class:`~pomocbot.IndexCorruptError` when unreadable."""
    try:
        return AssistantConfig.model_validate(manifest["config"])
    except (KeyError, TypeError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        raise IndexCorruptError(
            f"the index at {path} has a missing or invalid saved config ({type(exc).__name__}); "
            "save the index again"
        ) from exc
