"""Where the escalation models shipped in the wheel live, one file per model kind and embedder.

The tone classifier and the semantic triggers are trained for one embedder
(its ``name`` and ``dimension``); ``escalate/data/<kind>_<embedder>.npz``.

>>> model_file("tone", "use-multilingual-v3")
'tone_use_multilingual_v3.npz'
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

__all__ = ["load_for_embedder", "model_file", "model_path"]


class _Sized(Protocol):
    @property
    def dimension(self) -> int: ...


M = TypeVar("M", bound=_Sized)


def model_file(kind: str, embedder_name: str) -> str:
    return f"{kind}_" + "".join(c if c.isalnum() else "_" for c in embedder_name.lower()) + ".npz"


def model_path(kind: str, embedder_name: str) -> str:
    """Path of the shipped (or to-be-written) model file of ``kind`` for an embedder."""
    return str(resources.files("pomocbot.escalate") / "data" / model_file(kind, embedder_name))


def load_for_embedder(kind: str, embedder: Any, load: Callable[[Path], M]) -> M | None:
    """The shipped model of ``kind`` when one was trained for ``embedder`` (same name and dimension)."""
    name = getattr(embedder, "name", None)
    if not name:
        return None
    path = resources.files("pomocbot.escalate") / "data" / model_file(kind, name)
    if not path.is_file():
        return None
    with resources.as_file(path) as real:
        model = load(real)
    return model if model.dimension == getattr(embedder, "dimension", None) else None
