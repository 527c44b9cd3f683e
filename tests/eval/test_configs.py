"""Config variants: YAML overrides deep-merged onto the saved config; index-time changes detected."""

from __future__ import annotations

import pytest

from pomocbot import AssistantConfig, ConfigError
from pomocbot.eval import deep_merge, index_changes, load_overrides, resolve_config

pytestmark = pytest.mark.unit


def test_yaml_overrides_merge_deeply(tmp_path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("drafting:\n  abstain_below: 0.6\nretrieval:\n  weights:\n    dense: 1.0\n",
                    encoding="utf-8")
    base = AssistantConfig(retrieval={"weights": {"stems": 0.8}}, persona={"register": "ty"})
    variant = resolve_config(base, path)
    assert variant.drafting.abstain_below == 0.6
    assert (variant.retrieval.weights.dense, variant.retrieval.weights.stems) == (1.0, 0.8)  # stems kept
    assert variant.persona.register.value == "ty"
    assert index_changes(base, variant) == []


def test_json_and_empty_files(tmp_path) -> None:
    (tmp_path / "a.json").write_text('{"retrieval": {"fusion": "rrf"}}', encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert load_overrides(tmp_path / "a.json") == {"retrieval": {"fusion": "rrf"}}
    assert resolve_config(AssistantConfig(), tmp_path / "empty.yaml") == AssistantConfig()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("drafting:\n  abstain_below: 2\n", "drafting.abstain_below"),  # out of range
        ("retrieval:\n  fusoin: rrf\n", "retrieval.fusoin"),  # typo: extra fields are forbidden
        ("- a\n- b\n", "mapping"),
        ("drafting: [unclosed\n", "invalid YAML"),
    ],
)
def test_bad_override_files_are_config_errors(tmp_path, text, message) -> None:
    path = tmp_path / "zly.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        resolve_config(AssistantConfig(), path)


@pytest.mark.parametrize(
    ("overrides", "changes"),
    [
        ({"retrieval": {"fusion": "rrf", "candidates": 50}}, []),
        ({"drafting": {"max_words": 20}, "persona": {"register": "ty"}}, []),
        ({"retrieval": {"embedder_threads": 4}}, []),
        ({"knowledge": {"chunk_tokens": 300}}, ["knowledge.chunk_tokens"]),
        ({"retrieval": {"embedder": "huggingface", "embedder_model_path": "/m"}},
         ["retrieval.embedder", "retrieval.embedder_model_path"]),
        ({"retrieval": {"bm25_k1": 1.5}}, ["retrieval.bm25_k1"]),
    ],
)
def test_index_changes(overrides, changes) -> None:
    base = AssistantConfig()
    assert index_changes(base, resolve_config(base, overrides)) == changes


def test_deep_merge_does_not_touch_its_inputs() -> None:
    base = {"a": {"b": 1}}
    merged = deep_merge(base, {"a": {"c": 2}})
    assert merged == {"a": {"b": 1, "c": 2}} and base == {"a": {"b": 1}}
