"""A local Hugging Face causal language model as a LlamaIndex LLM (extra ``local``).

:class:`TransformersLLM` loads a model directory (or a model already in the
Hugging Face cache) with ``local_files_only=True``, so nothing is downloaded at
run time. ``chat`` renders the messages with the tokenizer's chat template
(merging the system prompt into the first user message for templates that
reject a system role) and generates greedily at temperature 0, else by
sampling; ``max_time`` stops a generation at the timeout.

torch and transformers are imported when a model is loaded, never at import.

>>> TransformersLLM.class_name()
'pomocbot_transformers'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
    MessageRole,
)
from llama_index.core.bridge.pydantic import Field, PrivateAttr
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.custom import CustomLLM

from pomocbot.errors import ConfigError, DependencyMissingError

__all__ = ["TransformersLLM"]


def _import_transformers() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise DependencyMissingError(
            "provider 'transformers' needs torch and transformers: pip install 'pomocbot[local]' "
            "(install the CPU build of torch first, e.g. pip install torch==2.13.0)"
        ) from exc
    return torch, transformers


class TransformersLLM(CustomLLM):
    """A local ``AutoModelForCausalLM`` with its tokenizer's chat template.

    ``model_path`` is a directory with the model and tokenizer files (or a
    model id already in the local Hugging Face cache). ``max_time_s`` bounds
    one generation (transformers stops at the next token).

    Usually built from config:
    ``build_llm(LLMConfig(provider="transformers", model="models/bielik-1.5b-instruct"))``;
    directly: ``TransformersLLM("models/bielik-1.5b-instruct", max_new_tokens=200, temperature=0)``.
    """

    model_path: str = Field(description="local model directory or cached model id")
    max_new_tokens: int = Field(default=350, gt=0)
    temperature: float = Field(default=0.1, ge=0)
    context_window: int = Field(default=4096, gt=0)
    max_time_s: float | None = Field(default=None, gt=0)
    device: str | None = Field(default=None, description="'cpu', 'cuda', ...; None: cuda when available")

    _model: Any = PrivateAttr(default=None)
    _tokenizer: Any = PrivateAttr(default=None)

    def __init__(self, model_path: str, **kwargs: Any) -> None:
        super().__init__(model_path=model_path, **kwargs)
        torch, transformers = _import_transformers()
        try:
            self._tokenizer = transformers.AutoTokenizer.from_pretrained(model_path, local_files_only=True)
            model = transformers.AutoModelForCausalLM.from_pretrained(model_path, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"cannot load a transformers model from {model_path!r} ({type(exc).__name__}); give a local "
                "directory with config.json, the weights and the tokenizer files (nothing is downloaded)"
            ) from exc
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        self._model = model.to(device).eval()

    @classmethod
    def class_name(cls) -> str:
        return "pomocbot_transformers"

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            context_window=self.context_window,
            num_output=self.max_new_tokens,
            is_chat_model=True,
            model_name=self.model_path,
        )

    def _render(self, messages: Sequence[ChatMessage]) -> tuple[str, bool]:
        """The prompt text, and whether it came from a chat template (which adds the BOS itself)."""
        if not getattr(self._tokenizer, "chat_template", None):
            assert self.messages_to_prompt is not None  # LLM's validator sets the generic one
            return self.messages_to_prompt(messages), False
        dicts = [{"role": m.role.value, "content": m.content or ""} for m in messages]
        render = self._tokenizer.apply_chat_template
        try:
            return render(dicts, tokenize=False, add_generation_prompt=True), True
        except Exception:
            # Some templates (Gemma, Mistral v1) reject a system role: fold it into the first user turn.
            system = "\n\n".join(d["content"] for d in dicts if d["role"] == MessageRole.SYSTEM.value)
            rest = [d for d in dicts if d["role"] != MessageRole.SYSTEM.value]
            if system and rest and rest[0]["role"] == MessageRole.USER.value:
                rest[0] = {"role": "user", "content": f"{system}\n\n{rest[0]['content']}"}
            return render(rest, tokenize=False, add_generation_prompt=True), True

    def _generate(self, prompt: str, *, templated: bool) -> str:
        import torch

        inputs = self._tokenizer(prompt, return_tensors="pt", add_special_tokens=not templated)
        inputs = {key: value.to(self._model.device) for key, value in inputs.items()}
        options: dict[str, Any] = {"max_new_tokens": self.max_new_tokens}
        if self.temperature > 0:
            options.update(do_sample=True, temperature=self.temperature)
        else:
            options["do_sample"] = False
        if self.max_time_s is not None:
            options["max_time"] = self.max_time_s
        pad = self._tokenizer.pad_token_id
        options["pad_token_id"] = pad if pad is not None else self._tokenizer.eos_token_id
        with torch.inference_mode():
            output = self._model.generate(**inputs, **options)
        new_tokens = output[0, inputs["input_ids"].shape[1] :]
        return self._tokenizer.decode(new_tokens, skip_special_tokens=True).strip()

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        prompt, templated = self._render(messages)
        text = self._generate(prompt, templated=templated)
        return ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text), raw={"text": text})

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        if not formatted:
            assert self.completion_to_prompt is not None
            prompt = self.completion_to_prompt(prompt)
        return CompletionResponse(text=self._generate(prompt, templated=False))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        response = self.complete(prompt, formatted=formatted, **kwargs)

        def gen() -> CompletionResponseGen:
            yield CompletionResponse(text=response.text, delta=response.text)

        return gen()
