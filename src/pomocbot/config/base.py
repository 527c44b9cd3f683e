"""The machinery of every config model: typed errors, string-friendly enums, timing markers, one merge.

A wrong setting is a :class:`~pomocbot.ConfigError` naming the field; a
mode enum accepts its string value; each field says when it takes effect
(:func:`index_time`, :func:`load_time`, query time by default); and
:meth:`_Config.merged` is the one way overrides are applied.

>>> from pomocbot.config import RetrievalConfig
>>> [setting_time(RetrievalConfig, name) for name in ("index_kind", "embedder_threads", "fusion")]
['index', 'load', 'query']
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticUndefined

from pomocbot.errors import ConfigError

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["SettingTime", "deep_merge", "index_time", "load_time", "setting_time"]

SettingTime = Literal["index", "load", "query"]
"""When a setting takes effect: ``index`` (fixed when the index is built: changing it needs a rebuild),
``load`` (read when the assistant's parts are built: pass it to ``Assistant.load(path, config)`` or a new
``Assistant``, no rebuild) or ``query`` (read on every call: may change on a live assistant)."""

_TIMING_KEY = "timing"  # in json_schema_extra, so the JSON schema of a config shows it too


def index_time(default: Any = PydanticUndefined, **kwargs: Any) -> Any:
    """A pydantic ``Field`` fixed when the index is built: changing it needs a rebuild.

    A saved index keeps its value (see :mod:`pomocbot.retrieval.saved_config`).

    >>> index_time(4, ge=2).json_schema_extra
    {'timing': 'index'}
    """
    return Field(default, json_schema_extra={_TIMING_KEY: "index"}, **kwargs)


def load_time(default: Any = PydanticUndefined, **kwargs: Any) -> Any:
    """A pydantic ``Field`` read when the assistant's parts are built (an embedder's threads, a cache's size).

    It needs no rebuild, but a live assistant does not take it: pass it to
    ``Assistant.load(path, config)`` or a new ``Assistant``.

    >>> load_time(1, ge=1).json_schema_extra
    {'timing': 'load'}
    """
    return Field(default, json_schema_extra={_TIMING_KEY: "load"}, **kwargs)


def setting_time(model: type[BaseModel], name: str) -> SettingTime:
    """When the field ``name`` of the config model ``model`` takes effect (``query`` unless marked).

    >>> from pomocbot.config import KnowledgeConfig
    >>> setting_time(KnowledgeConfig, "chunk_tokens")
    'index'
    """
    try:
        field = model.model_fields[name]
    except KeyError:
        raise ConfigError(f"{model.__name__} has no setting {name!r}; settings are "
                          f"{', '.join(sorted(model.model_fields))}") from None
    extra = field.json_schema_extra
    return extra.get(_TIMING_KEY, "query") if isinstance(extra, dict) else "query"  # type: ignore[return-value]


def deep_merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``overrides`` applied; nested mappings merge, everything else replaces.

    Neither input is changed.

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


class _Config(BaseModel):
    """Every config model: a wrong setting is a ConfigError (a PomocbotError) naming each field."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise ConfigError(_explain(error)) from error

    # Validation inside another model skips this __init__ (pydantic's own errors, wrapped once by the
    # outer model); only a direct call such as RetrievalConfig(candidates=0) goes through it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as error:
            raise ConfigError(_explain(error)) from error

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as error:
            raise ConfigError(_explain(error)) from error

    def merged(self, overrides: Mapping[str, Any]) -> Self:
        """A copy with ``overrides`` applied and validated: the one way settings are overridden.

        Nested mappings merge (``{"weights": {"dense": 1.0}}`` keeps the other
        weights); anything else, a config model included, replaces. Settings the
        overrides do not name keep their current value, and the copy counts
        every setting as given: a fusion setting left at the e5 default stays
        so when ``embedder`` changes to ``use`` (construct a new config to get
        :data:`~pomocbot.config.EMBEDDER_RETRIEVAL_DEFAULTS`).

        >>> from pomocbot.config import RetrievalConfig
        >>> RetrievalConfig(fusion="rrf").merged({"weights": {"dense": 1.0}}).weights
        FusionWeights(dense=1.0, stems=0.5, ngrams=0.5)
        >>> RetrievalConfig().merged({"candidates": 0})
        Traceback (most recent call last):
        ...
        pomocbot.errors.ConfigError: invalid settings: candidates: Input should be greater than or equal to 1
        """
        if not isinstance(overrides, Mapping):
            raise ConfigError(f"overrides must be a mapping of setting names to values, not "
                              f"{type(overrides).__name__}")
        return type(self).model_validate(deep_merge(self.model_dump(), overrides))


class _StrictEnum(str, Enum):
    """A mode enum whose unknown value is a ConfigError listing the allowed ones."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ConfigError(f"{value!r} is not a {cls.__name__}; allowed: {allowed}")


def _explain(error: ValidationError) -> str:
    """``invalid settings: drafting.abstain_below: Input should be less than or equal to 1; ...``."""
    parts = []
    for e in error.errors():
        where = ".".join(str(x) for x in e["loc"])
        message = e["msg"]
        if "invalid settings: " in message:
            # a section's own ConfigError inside the whole config's: "escalation." + "timezone: ..."
            for inner in message.split("invalid settings: ", 1)[1].split("; "):
                parts.append(f"{where}.{inner}" if where else inner)
        else:
            parts.append(f"{where or 'config'}: {message}")
    return "invalid settings: " + "; ".join(parts)
