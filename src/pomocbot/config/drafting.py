"""Drafting settings: the persona, the drafter and its LLM, grounding thresholds.

None of them touches the index: a loaded index answers with any of them.

>>> DraftingConfig(drafter="llm", llm={"model": "bielik"}).llm.provider
<LLMProvider.OPENAI_COMPATIBLE: 'openai_compatible'>
"""

from __future__ import annotations

import warnings

from pydantic import Field, model_validator

from pomocbot.config.base import _Config, _StrictEnum

__all__ = [
    "DrafterKind",
    "DraftingConfig",
    "GroundingConfig",
    "LLMConfig",
    "LLMProvider",
    "PersonaConfig",
    "Register",
]


class Register(_StrictEnum):
    """How the assistant addresses the customer.

    ``pan``: formal singular ("Pan/Pani"), the default of Polish customer
    service; ``ty``: informal ("Ty"), as many e-shops write their help pages;
    ``panstwo``: formal plural ("Państwo").
    """

    PAN = "pan"
    TY = "ty"
    PANSTWO = "panstwo"


# "register" is the word the issue and users use; the field shadows the
# ABCMeta.register classmethod (a config model never needs it), which pydantic warns about.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)

    class PersonaConfig(_Config):
        """The voice of the assistant: register, name, greeting and sign-off.

        ``greeting`` / ``sign_off`` of ``None`` take the register's default
        (see :mod:`pomocbot.drafting.persona`); an empty string leaves it out.
        ``disclose_bot`` makes the first reply of a conversation say that an
        automatic assistant is answering (transparency towards the customer).
        """

        register: Register = Register.PAN
        bot_name: str = Field("Asystent", min_length=1, max_length=60)
        company_name: str | None = Field(None, max_length=80)
        greeting: str | None = Field(None, max_length=300)
        sign_off: str | None = Field(None, max_length=300)
        disclose_bot: bool = True
        quotes_in_register: bool = Field(
            True, description="quoted 'ty' sentences take a formal register ('Masz 14 dni' -> 'Ma Pan/Pani "
                              "14 dni'); off: quotes stay verbatim and mismatches are only reported")


class DrafterKind(_StrictEnum):
    """``extractive``: quotes the knowledge base (offline default); ``llm``: a language model writes."""

    EXTRACTIVE = "extractive"
    LLM = "llm"


class LLMProvider(_StrictEnum):
    """Where the LLM runs (see :mod:`pomocbot.drafting.llm`)."""

    OPENAI_COMPATIBLE = "openai_compatible"  # vLLM, llama.cpp server, LM Studio, OpenAI
    OLLAMA = "ollama"
    LLAMA_CPP = "llama_cpp"  # a GGUF file loaded in-process
    TRANSFORMERS = "transformers"  # a local Hugging Face model directory (extra "local")


class LLMConfig(_Config):
    """A language model for drafting answers and rewriting follow-up questions.

    No setting is read from the environment at import time; ``api_key_env``
    names a variable read when the client is built.
    """

    provider: LLMProvider = LLMProvider.OPENAI_COMPATIBLE
    model: str = Field("", description="model name on the server, or a path for llama_cpp / transformers")
    base_url: str | None = Field(None, description="e.g. http://localhost:8000/v1 or http://localhost:11434")
    api_key: str | None = Field(None, repr=False)
    api_key_env: str | None = Field(None, description="environment variable holding the API key")
    temperature: float = Field(0.1, ge=0, le=2)
    max_output_tokens: int = Field(350, ge=16, le=8192)
    context_window: int = Field(4096, ge=512, description="tokens the model accepts (prompt + answer)")
    timeout_s: float = Field(30.0, gt=0)
    max_retries: int = Field(2, ge=0, le=10)
    rewrite_follow_ups: bool = Field(True, description="let the LLM rewrite follow-up questions")


class GroundingConfig(_Config):
    """Thresholds of the grounding verifier (see :mod:`pomocbot.drafting.grounding`).

    A sentence is supported when enough of its content stems occur in a cited
    source, or its embedding is close enough to a source sentence, and every
    number, price, percentage, date and duration in it appears in that source.
    The two cosine thresholds depend on the embedder's scale: ``None`` takes
    the value calibrated for the embedder
    (:data:`pomocbot.drafting.grounding.DENSE_THRESHOLDS`; the strictest for
    an embedder not calibrated).
    """

    min_stem_overlap: float = Field(0.5, ge=0, le=1, description="share of the sentence's content stems")
    min_dense_similarity: float | None = Field(
        None, ge=-1, le=1, description="cosine enough on its own; None: the embedder's calibrated value")
    dense_floor: float | None = Field(
        None, ge=-1, le=1,
        description="least cosine of a sentence passing on stems; None: the embedder's calibrated value")
    min_kept_fraction: float = Field(
        0.5, ge=0, le=1, description="below this share of surviving sentences the extractive draft is used"
    )
    check_polarity: bool = Field(
        True, description="drop a sentence that negates or reverses the source sentence it paraphrases "
                          "(pomocbot.text.polarity)")


class DraftingConfig(_Config):
    """How replies are written: drafter, length, abstention and grounding."""

    drafter: DrafterKind = DrafterKind.EXTRACTIVE
    llm: LLMConfig | None = None
    hits: int = Field(5, ge=1, le=50, description="retrieved chunks the drafter may use")
    max_sentences: int = Field(3, ge=1, le=20)
    max_words: int = Field(60, ge=5, le=1000, description="answer body length (persona phrases excluded)")
    abstain_below: float = Field(
        0.28, ge=0, le=1,
        description="answerability under which the reply abstains; 0.28 is the highest value with false "
                    "abstention <= 10% out of fold on the example shop and allegro-faq "
                    "(benchmarks/RESULTS.md)",
    )
    llm_answerability_check: bool = Field(
        True, description="with an LLM, ask it whether the sources answer the question before answering")
    grounding: GroundingConfig = GroundingConfig()
    answer_in_customer_language: bool = Field(
        False, description="with an LLM, answer a non-Polish message in its language (else Polish)"
    )

    @model_validator(mode="after")
    def _llm_needs_config(self) -> DraftingConfig:
        if self.drafter is DrafterKind.LLM and self.llm is None:
            raise ValueError("drafter 'llm' needs drafting.llm (an LLMConfig)")
        return self
