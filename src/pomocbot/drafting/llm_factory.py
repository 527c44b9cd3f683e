"""Build a LlamaIndex LLM from an :class:`~pomocbot.config.LLMConfig`.

- ``openai_compatible``: ``OpenAILike`` of ``llama-index-llms-openai-like`` for vLLM, the
  llama.cpp server, LM Studio or OpenAI (``base_url`` such as ``http://localhost:8000/v1``);
  extra ``llm``.
- ``ollama``: ``Ollama`` of ``llama-index-llms-ollama`` (``base_url`` defaults to
  ``http://localhost:11434``); extra ``llm``.
- ``llama_cpp``: ``LlamaCPP`` of ``llama-index-llms-llama-cpp`` loading the GGUF file
  ``model`` in-process; extra ``llamacpp`` (compiles ``llama-cpp-python``).
- ``transformers``: :class:`~pomocbot.drafting.transformers_llm.TransformersLLM`, a local
  model directory; extra ``local``.

Every client is imported when it is built, never at import. Retries are left
to :class:`~pomocbot.drafting.llm.LLMDrafter` (the clients are built with
``max_retries=0``), so one policy and one backoff apply to every provider.
Keyword ``options`` go to the class's constructor as they are, e.g.
``build_llm(config, model_kwargs={"n_gpu_layers": -1})`` for llama.cpp or
``build_llm(config, default_headers={...})`` for a gateway.

>>> build_llm(LLMConfig(provider="openai_compatible", model="bielik"))
Traceback (most recent call last):
...
pomocbot.errors.ConfigError: provider 'openai_compatible' needs LLMConfig.base_url, ...
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pomocbot.config import LLMConfig, LLMProvider
from pomocbot.errors import ConfigError, DependencyMissingError

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

__all__ = ["DEFAULT_OLLAMA_URL", "build_llm", "resolve_api_key"]

DEFAULT_OLLAMA_URL = "http://localhost:11434"
# OpenAI's client refuses to start without a key; local servers ignore it.
_NO_KEY = "not-needed"


def resolve_api_key(config: LLMConfig) -> str | None:
    """``api_key``, else the variable named by ``api_key_env`` (read now, not at import).

    >>> resolve_api_key(LLMConfig(api_key="sk-test"))
    'sk-test'
    >>> resolve_api_key(LLMConfig(api_key_env="POMOCBOT_TEST_UNSET_VARIABLE"))
    Traceback (most recent call last):
    ...
    pomocbot.errors.ConfigError: LLMConfig.api_key_env names POMOCBOT_TEST_UNSET_VARIABLE, ...
    """
    if config.api_key:
        return config.api_key
    if config.api_key_env:
        value = os.environ.get(config.api_key_env)
        if not value:
            raise ConfigError(
                f"LLMConfig.api_key_env names {config.api_key_env}, which is not set or empty; "
                "export it or set LLMConfig.api_key"
            )
        return value
    return None


def _missing(provider: str, extra: str, package: str, exc: ImportError) -> DependencyMissingError:
    return DependencyMissingError(
        f"provider {provider!r} needs {package}: pip install 'pomocbot[{extra}]' "
        f"({exc.name or exc} is missing)"
    )


def build_llm(config: LLMConfig, **options: Any) -> LLM:
    """The LlamaIndex LLM ``config`` describes, with its timeout, temperature and output limit.

    >>> llm = build_llm(LLMConfig(model="bielik-11b", base_url="http://localhost:8000/v1", timeout_s=20))
    >>> type(llm).__name__, llm.api_base, llm.timeout, llm.max_retries
    ('OpenAILike', 'http://localhost:8000/v1', 20.0, 0)
    """
    provider = LLMProvider(config.provider)
    if not config.model:
        raise ConfigError(
            f"provider {provider.value!r} needs LLMConfig.model (the model name on the server, "
            "or the path of a GGUF file / model directory)"
        )
    builder = {
        LLMProvider.OPENAI_COMPATIBLE: _openai_compatible,
        LLMProvider.OLLAMA: _ollama,
        LLMProvider.LLAMA_CPP: _llama_cpp,
        LLMProvider.TRANSFORMERS: _transformers,
    }[provider]
    return builder(config, options)


def _openai_compatible(config: LLMConfig, options: dict[str, Any]) -> LLM:
    if not config.base_url:
        raise ConfigError(
            "provider 'openai_compatible' needs LLMConfig.base_url, e.g. http://localhost:8000/v1 (vLLM), "
            "http://localhost:8080/v1 (llama.cpp server), http://localhost:1234/v1 (LM Studio) or "
            "https://api.openai.com/v1"
        )
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as exc:
        raise _missing("openai_compatible", "llm", "llama-index-llms-openai-like", exc) from exc
    settings: dict[str, Any] = {
        "model": config.model,
        "api_base": config.base_url,
        "api_key": resolve_api_key(config) or _NO_KEY,
        "temperature": config.temperature,
        "max_tokens": config.max_output_tokens,
        "context_window": config.context_window,
        "is_chat_model": True,
        "is_function_calling_model": False,
        "timeout": config.timeout_s,
        "max_retries": 0,
    }
    return OpenAILike(**{**settings, **options})


def _ollama(config: LLMConfig, options: dict[str, Any]) -> LLM:
    try:
        from llama_index.llms.ollama import Ollama
    except ImportError as exc:
        raise _missing("ollama", "llm", "llama-index-llms-ollama", exc) from exc
    settings: dict[str, Any] = {
        "model": config.model,
        "base_url": config.base_url or DEFAULT_OLLAMA_URL,
        "temperature": config.temperature,
        # Given, so the client does not ask the server (/api/show) and Ollama sizes num_ctx to it.
        "context_window": config.context_window,
        "request_timeout": config.timeout_s,
        "additional_kwargs": {"num_predict": config.max_output_tokens},
    }
    api_key = resolve_api_key(config)
    if api_key:  # Ollama behind an authenticating proxy
        settings["headers"] = {"Authorization": f"Bearer {api_key}"}
    return Ollama(**{**settings, **options})


def _llama_cpp(config: LLMConfig, options: dict[str, Any]) -> LLM:
    try:
        from llama_index.llms.llama_cpp import LlamaCPP
    except ImportError as exc:
        package = "llama-index-llms-llama-cpp and llama-cpp-python"
        raise _missing("llama_cpp", "llamacpp", package, exc) from exc
    path = Path(config.model).expanduser()
    # Without an existing model_path LlamaCPP downloads a default model: never let it.
    if not path.is_file():
        raise ConfigError(
            f"provider 'llama_cpp' needs LLMConfig.model to be a GGUF file; {str(path)!r} is not one"
        )
    settings: dict[str, Any] = {
        "model_path": str(path),
        "temperature": config.temperature,
        "max_new_tokens": config.max_output_tokens,
        "context_window": config.context_window,
        "verbose": False,
    }
    return LlamaCPP(**{**settings, **options})


def _transformers(config: LLMConfig, options: dict[str, Any]) -> LLM:
    from pomocbot.drafting.transformers_llm import TransformersLLM

    settings: dict[str, Any] = {
        "max_new_tokens": config.max_output_tokens,
        "temperature": config.temperature,
        "context_window": config.context_window,
        "max_time_s": config.timeout_s,
    }
    return TransformersLLM(config.model, **{**settings, **options})
