"""No two modules of pomocbot import each other, at the top, under TYPE_CHECKING or inside a function.

A package's ``__init__`` re-exporting its modules is not a cycle: the module importing ``from
pomocbot.escalate import lexicon`` imports a sibling, not the package's exports.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SRC = Path(__file__).resolve().parents[1] / "src"


def _imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pomocbot"):
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names if alias.name.startswith("pomocbot"))
        found[name] = names
    return found


def test_no_two_modules_import_each_other() -> None:
    imports = _imports()
    assert len(imports) > 50  # the walk found the package
    mutual = [(a, b) for a, b in itertools.combinations(sorted(imports), 2)
              if b in imports[a] and a in imports[b] and not b.startswith(a + ".")]
    assert mutual == []
