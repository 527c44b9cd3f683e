"""The local transformers LLM with a tiny random model built here (no download, no real weights).

The model writes noise; the tests check that text is generated through the
chat template and parsed into a draft, not that it is sensible.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pomocbot.config import LLMConfig
from pomocbot.drafting.base import DraftRequest
from pomocbot.drafting.llm import LLMDrafter, _messages
from pomocbot.drafting.llm_factory import build_llm
from pomocbot.drafting.llm_output import parse_answer
from pomocbot.errors import ConfigError
from pomocbot.types import Hit

pytestmark = pytest.mark.slow  # imports torch and transformers (~2-4 s)

TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
# Like Gemma's: no system role.
NO_SYSTEM_TEMPLATE = (
    "{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
    "{% endif %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
SOURCES = [Hit(doc_id="zwroty", chunk_id="zwroty#0", title="Zwroty", text="Masz 14 dni na zwrot towaru.",
               score=1.0, rank=1)]
REQUEST = DraftRequest(question="ile dni na zwrot?", message="Ile mam dni na zwrot?", sources=SOURCES)


def build_tiny_model(directory: Path, chat_template: str) -> Path:
    """A byte-level BPE tokenizer trained on a few Polish sentences and a 1-layer random Llama."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400, show_progress=False, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        special_tokens=["<pad>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>"],
    )
    tokenizer.train_from_iterator(["Masz 14 dni na zwrot towaru [1].", "Kurier DPD kosztuje 14,99 zł [2].",
                                   "Źródła z bazy wiedzy. Pytanie klienta: ile dni?"] * 5, trainer)
    hf_tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", pad_token="<pad>"
    )
    hf_tokenizer.chat_template = chat_template
    torch.manual_seed(0)
    config = transformers.LlamaConfig(
        vocab_size=len(hf_tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=8192,
        bos_token_id=hf_tokenizer.bos_token_id, pad_token_id=hf_tokenizer.pad_token_id,
        eos_token_id=None,  # never stops early: always max_new_tokens of noise
    )
    hf_tokenizer.save_pretrained(directory)
    transformers.LlamaForCausalLM(config).save_pretrained(directory)
    return directory


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-llama"), TEMPLATE)


def config_for(path: Path, **kwargs: object) -> LLMConfig:
    values: dict[str, object] = {"provider": "transformers", "model": str(path), "max_output_tokens": 16,
                                 "temperature": 0.0, "timeout_s": 20.0}
    values.update(kwargs)
    return LLMConfig(**values)  # type: ignore[arg-type]


def test_generates_and_the_drafter_parses_it(tiny_model: Path) -> None:
    llm = build_llm(config_for(tiny_model))
    drafter = LLMDrafter(llm, config_for(tiny_model))
    messages = _messages("Zasady odpowiedzi.", "Ile mam dni na zwrot?")
    raw = llm.chat(messages).message.content
    assert isinstance(raw, str) and raw.strip()
    assert llm.chat(messages).message.content == raw  # greedy at temperature 0

    draft = drafter.draft(REQUEST)
    assert draft.drafter == "llm" and draft.metadata["model"] == str(tiny_model)
    assert draft.metadata["attempts"] == 1 and draft.metadata["prompt_tokens"] > 0
    prompt_raw = llm.chat(_messages(*_rendered(drafter))).message.content
    assert draft.body == parse_answer(prompt_raw, n_sources=1).body


def _rendered(drafter: LLMDrafter) -> tuple[str, str]:
    from pomocbot.drafting.budget import fit_prompt

    fitted = fit_prompt(drafter.prompts, REQUEST, drafter.budget)
    return fitted.system, fitted.user


def test_sampling_at_a_temperature(tiny_model: Path) -> None:
    llm = build_llm(config_for(tiny_model, temperature=0.7))
    assert llm.chat(_messages("Zasady.", "Pytanie?")).message.content is not None


def test_a_template_without_system_role_gets_it_folded_into_the_user_turn(tmp_path: Path) -> None:
    path = build_tiny_model(tmp_path, NO_SYSTEM_TEMPLATE)
    llm = build_llm(config_for(path))
    prompt, templated = llm._render(_messages("Zasady odpowiedzi.", "Ile dni?"))
    assert templated and prompt == "<|user|>Zasady odpowiedzi.\n\nIle dni?\n<|assistant|>"
    assert llm.chat(_messages("Zasady odpowiedzi.", "Ile dni?")).message.content.strip()


def test_a_missing_directory_is_a_config_error(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    with pytest.raises(ConfigError, match="nothing is downloaded"):
        build_llm(config_for(tmp_path / "brak-modelu"))
