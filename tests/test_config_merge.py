"""One merge of overrides (``merged``), and the config package importable as the module it replaced."""

from __future__ import annotations

import pickle

import pytest

import pomocbot.config
from pomocbot import AssistantConfig, ConfigError
from pomocbot.config import DraftingConfig, LLMConfig, RetrievalConfig, deep_merge
from pomocbot.eval import deep_merge as eval_deep_merge

pytestmark = pytest.mark.unit

# pomocbot.config's names before it became a package, private machinery included.
OLD_NAMES = (
    "EMBEDDER_RETRIEVAL_DEFAULTS", "AssistantConfig", "ConversationConfig", "ConversationStoreKind",
    "DrafterKind", "DraftingConfig", "EmbedderKind", "EscalationConfig", "FeedbackConfig", "FusionMode",
    "FusionWeights", "GroundingConfig", "IndexKind", "KnowledgeConfig", "LLMConfig", "LLMProvider",
    "PersonaConfig", "PrivacyConfig", "RedactionMode", "Register", "RetrievalConfig", "_Config",
    "_StrictEnum",
)


def test_every_old_name_still_imports_from_pomocbot_config() -> None:
    for name in OLD_NAMES:
        assert getattr(pomocbot.config, name) is not None, name
    assert set(OLD_NAMES) - {"_Config", "_StrictEnum"} <= set(pomocbot.config.__all__)


# -- merged -----------------------------------------------------------------
def test_nested_mappings_merge_and_the_rest_replaces() -> None:
    config = AssistantConfig(retrieval={"weights": {"stems": 0.8}, "fusion": "rrf"})
    merged = config.merged({"retrieval": {"weights": {"dense": 1.0}}, "drafting": {"max_words": 20}})
    assert (merged.retrieval.weights.dense, merged.retrieval.weights.stems) == (1.0, 0.8)
    assert merged.retrieval.fusion.value == "rrf" and merged.drafting.max_words == 20
    assert config.retrieval.weights.dense == 2.0  # the original is untouched
    llm = LLMConfig(model="bielik")
    with_llm = AssistantConfig(drafting={"drafter": "llm", "llm": {"model": "x", "temperature": 0.5}})
    assert with_llm.merged({"drafting": {"llm": llm}}).drafting.llm == llm  # a model replaces whole
    assert with_llm.merged({"drafting": {"llm": {"model": "y"}}}).drafting.llm.temperature == 0.5


def test_settings_not_named_keep_their_value() -> None:
    # as resolve_config, config_for_loading and update_retrieval always merged: every value is carried
    use = AssistantConfig().merged({"retrieval": {"embedder": "use"}})
    assert use.retrieval.weights == RetrievalConfig().weights != RetrievalConfig(embedder="use").weights
    assert use.retrieval.model_fields_set == set(RetrievalConfig.model_fields)


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"drafting": {"abstain_below": 2}}, r"invalid settings: drafting\.abstain_below: Input should be"),
        ({"retrieval": {"fusoin": "rrf"}}, r"retrieval\.fusoin: Extra inputs"),
        ({"retrieval": {"fusion": "najlepszy"}}, r"retrieval\.fusion: Input should be 'zscore', 'rrf'"),
        ({"retrieval": 5}, r"retrieval: Input should be"),
        ({"knowledge": {"chunk_tokens": 30}}, r"knowledge: .*chunk_overlap_tokens \(40\) must be smaller"),
        ({"escalation": {"timezone": "Mars/Olympus"}}, r"escalation\.timezone: .*unknown time zone"),
    ],
)
def test_bad_overrides_are_config_errors_naming_the_field(overrides, named) -> None:
    with pytest.raises(ConfigError, match=named):
        AssistantConfig().merged(overrides)


def test_a_section_merges_on_its_own_and_overrides_must_be_a_mapping() -> None:
    assert DraftingConfig().merged({"grounding": {"min_stem_overlap": 0.7}}).grounding.min_stem_overlap == 0.7
    with pytest.raises(ConfigError, match="overrides must be a mapping"):
        AssistantConfig().merged([("drafting", {})])  # type: ignore[arg-type]


def test_deep_merge_is_one_function() -> None:
    assert eval_deep_merge is deep_merge


# -- round trips --------------------------------------------------------------
CONFIGS = [
    AssistantConfig(),
    AssistantConfig(retrieval={"embedder": "use", "index_kind": "hnsw", "hnsw_ef_search": 64},
                    knowledge={"chunk_tokens": 120, "keep_personal_data_in": ["zespol/*"]},
                    drafting={"drafter": "llm", "llm": {"model": "bielik", "api_key": "tajne"}},
                    conversation={"store": "sqlite", "sqlite_path": "r.sqlite"},
                    escalation={"business_hours": {0: (9, 17)}}, persona={"register": "ty"}),
]


@pytest.mark.parametrize("config", CONFIGS)
def test_pickle_and_dump_round_trips(config: AssistantConfig) -> None:
    assert pickle.loads(pickle.dumps(config)) == config
    assert AssistantConfig.model_validate(config.model_dump()) == config
    assert AssistantConfig.model_validate_json(config.model_dump_json()) == config
    assert config.merged({}) == config


def test_a_saved_manifests_config_validates() -> None:
    # what persistence writes into manifest.json (api_key left out) and Assistant.load reads back
    config = CONFIGS[1]
    saved = config.model_dump(mode="json", exclude={"drafting": {"llm": {"api_key"}}})
    loaded = AssistantConfig.model_validate(saved)
    assert loaded.retrieval == config.retrieval and loaded.drafting.llm.api_key is None
