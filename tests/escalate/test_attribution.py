"""The escalation models ship with their attribution file, in the package and in the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from pomocbot.escalate.shipped import model_file

ROOT = Path(__file__).resolve().parents[2]
EMBEDDERS = ("use-multilingual-v3", "multilingual-e5-small-q4")
MODELS = [model_file(kind, name) for kind in ("tone", "triggers") for name in EMBEDDERS]


def test_attribution_names_every_trained_set_with_its_licence() -> None:
    text = (resources.files("pomocbot.escalate") / "data" / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needed in ("CLARIN-Emo", "CC BY 4.0", "creativecommons.org/licenses/by/4.0",
                   "CBD", "BSD 3-Clause", "Copyright (c) 2019, Michal Ptaszynski", "Allegro reviews"):
        assert needed in text, needed
    for name in MODELS:
        assert f"`{name}`" in text


def test_every_shipped_model_is_in_the_package() -> None:
    folder = resources.files("pomocbot.escalate") / "data"
    assert all((folder / name).is_file() for name in MODELS)


@pytest.mark.slow
def test_the_wheel_ships_the_models_and_their_attribution(tmp_path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    # setuptools is in the environment already; an isolated build would fetch it from the registry
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist")], check=True, timeout=120, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("pomocbot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pomocbot/escalate/data/ATTRIBUTION.md" in names
    assert {f"pomocbot/escalate/data/{name}" for name in MODELS} <= names
    # The PESEL-derived first names and the person-name tagger ship with their attribution note (#12).
    shipped = {"ATTRIBUTION.md", "pesel_first_names.tsv", "person_tagger.crfsuite", "person_tagger.json"}
    assert {f"pomocbot/guardrails/data/{name}" for name in shipped} <= names


def test_the_pesel_list_and_the_tagger_name_their_sources() -> None:
    text = (resources.files("pomocbot.guardrails") / "data" / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needed in ("PESEL", "dane.gov.pl", "Ministerstwo Cyfryzacji", "pesel_first_names.tsv",
                   "person_tagger.crfsuite", "PolEval 2018 NER was never used"):
        assert needed in text, needed
    header = (resources.files("pomocbot.guardrails") / "data" / "pesel_first_names.tsv").read_text(
        encoding="utf-8").splitlines()[:2]
    assert any("dane.gov.pl" in line for line in header)
