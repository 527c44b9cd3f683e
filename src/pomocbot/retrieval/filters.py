"""Metadata filters of a search: PostgreSQL's ``jsonb @>`` containment, in Python for the in-process side.

A filter is a mapping such as ``{"tenant": "sklep-a", "product_line": "rowery"}``;
a chunk matches when its document's metadata contains it. The pgvector store
sends the same mapping to SQL (``WHERE metadata @> %s``), the BM25 side and
the FAISS store apply :func:`contains` to each chunk's metadata, so both
sides of a hybrid search keep the same chunks.

>>> contains({"tenant": "sklep-a", "language": "pl", "tags": ["rower", "serwis"]},
...          {"tenant": "sklep-a", "tags": ["serwis"]})
True
>>> contains({"tenant": "sklep-b"}, {"tenant": "sklep-a"})
False
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pomocbot.errors import InvalidArgumentError

__all__ = ["check_filters", "contains", "filter_json"]


def contains(value: Any, pattern: Any) -> bool:
    """Whether ``value`` contains ``pattern`` as ``jsonb @>`` defines it.

    Objects: every key of the pattern is present and its value contained;
    arrays: every element of the pattern is contained in some element;
    scalars: equal (``1`` and ``1.0`` are equal, ``True`` and ``1`` are not).

    >>> contains({"a": {"b": 1, "c": 2}}, {"a": {"b": 1}}), contains([1, 2], [2, 2]), contains(1, True)
    (True, True, False)
    """
    if isinstance(pattern, Mapping):
        return isinstance(value, Mapping) and all(
            key in value and contains(value[key], item) for key, item in pattern.items())
    if isinstance(pattern, (list, tuple)):
        return isinstance(value, (list, tuple)) and all(
            any(contains(element, item) for element in value) for item in pattern)
    if isinstance(pattern, bool) or isinstance(value, bool):
        return type(pattern) is type(value) and pattern == value
    return value == pattern


def check_filters(filters: object) -> dict[str, Any] | None:
    """``filters`` as a plain dict (None and ``{}`` mean no filter); anything else is a typed error.

    >>> check_filters({"tenant": "sklep-a"}), check_filters({})
    ({'tenant': 'sklep-a'}, None)
    >>> check_filters("tenant=sklep-a")
    Traceback (most recent call last):
    ...
    pomocbot.errors.InvalidArgumentError: filters must be a mapping of metadata keys to values ...
    """
    if filters is None:
        return None
    if not isinstance(filters, Mapping) or not all(isinstance(key, str) for key in filters):
        raise InvalidArgumentError(
            f"filters must be a mapping of metadata keys to values (e.g. {{'tenant': 'sklep-a'}}), not "
            f"{type(filters).__name__}")
    try:
        json.dumps(dict(filters))
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(f"filters must hold JSON values (str, number, bool, list, dict): "
                                   f"{exc}") from exc
    return dict(filters) or None


def filter_json(filters: Mapping[str, Any]) -> str:
    """The canonical JSON of a filter: the SQL parameter and the key of cached filtered key sets.

    >>> filter_json({"b": 1, "a": "ż"})
    '{"a": "ż", "b": 1}'
    """
    return json.dumps(filters, ensure_ascii=False, sort_keys=True)
