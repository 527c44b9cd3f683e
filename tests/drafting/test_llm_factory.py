"""build_llm: the real OpenAI-compatible and Ollama clients against a loopback server; lazy extras."""

from __future__ import annotations

import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest

from pomocbot.config import LLMConfig
from pomocbot.drafting.base import DraftRequest
from pomocbot.drafting.llm import LLMDrafter
from pomocbot.drafting.llm_factory import build_llm, resolve_api_key
from pomocbot.errors import ConfigError, DependencyMissingError, LLMError, LLMTimeoutError
from pomocbot.types import Hit
from tests.fakes import FakeLLMServer

pytestmark = pytest.mark.unit

SOURCES = [Hit(doc_id="zwroty", chunk_id="zwroty#0", title="Zwroty", text="Masz 14 dni na zwrot towaru.",
               score=1.0, rank=1)]
REQUEST = DraftRequest(question="ile dni na zwrot?", message="Ile mam dni na zwrot?", sources=SOURCES)


@pytest.fixture
def server():
    with FakeLLMServer() as running:
        yield running


def openai_config(server: FakeLLMServer, **kwargs: Any) -> LLMConfig:
    values: dict[str, Any] = {"provider": "openai_compatible", "model": "bielik-11b",
                              "base_url": server.base_url, "timeout_s": 2.0, "max_retries": 1}
    values.update(kwargs)
    return LLMConfig(**values)


# --- OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, OpenAI)


def test_openai_compatible_round_trip(server: FakeLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POMOCBOT_TEST_KEY", "sk-loopback")
    config = openai_config(server, api_key_env="POMOCBOT_TEST_KEY", temperature=0.2, max_output_tokens=123)
    server.enqueue("Masz 14 dni na zwrot [1].")
    draft = LLMDrafter.from_config(config, backoff_s=0.01).draft(REQUEST)
    assert draft.body == "Masz 14 dni na zwrot [1]." and draft.cited == [1]
    assert draft.metadata["attempts"] == 1
    (sent,) = server.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == "Bearer sk-loopback"
    assert sent.body["model"] == "bielik-11b"
    assert sent.body["temperature"] == 0.2 and sent.body["max_tokens"] == 123
    assert [m["role"] for m in sent.body["messages"]] == ["system", "user"]
    assert "[1] Zwroty" in sent.body["messages"][1]["content"]


def test_openai_compatible_without_key_sends_a_placeholder(server: FakeLLMServer) -> None:
    server.enqueue("BRAK_ODPOWIEDZI")
    draft = LLMDrafter.from_config(openai_config(server)).draft(REQUEST)
    assert draft.metadata["abstained"] is True
    assert server.requests[0].headers["authorization"] == "Bearer not-needed"


def test_a_server_error_is_retried(server: FakeLLMServer) -> None:
    server.enqueue("overloaded", status=500).enqueue("Masz 14 dni [1].")
    draft = LLMDrafter.from_config(openai_config(server), backoff_s=0.01).draft(REQUEST)
    assert draft.body == "Masz 14 dni [1]." and draft.metadata["attempts"] == 2 and len(server.requests) == 2


def test_server_errors_past_the_retries_raise_llm_error(server: FakeLLMServer) -> None:
    server.enqueue("down", status=503).enqueue("down", status=503).enqueue("unused")
    with pytest.raises(LLMError, match="after 2 attempt") as info:
        LLMDrafter.from_config(openai_config(server), backoff_s=0.01).draft(REQUEST)
    assert not isinstance(info.value, LLMTimeoutError) and len(server.requests) == 2


def test_a_client_error_is_not_retried(server: FakeLLMServer) -> None:
    server.enqueue("bad model", status=404).enqueue("unused")
    with pytest.raises(LLMError, match="NotFoundError"):
        LLMDrafter.from_config(openai_config(server), backoff_s=0.01).draft(REQUEST)
    assert len(server.requests) == 1


def test_a_slow_server_raises_llm_timeout_error_within_the_timeout(server: FakeLLMServer) -> None:
    server.enqueue("za późno [1]", delay_s=5.0).enqueue("za późno [1]", delay_s=5.0)
    config = openai_config(server, timeout_s=0.3, max_retries=1)
    started = time.monotonic()
    with pytest.raises(LLMTimeoutError):
        LLMDrafter.from_config(config, backoff_s=0.01).draft(REQUEST)
    elapsed = time.monotonic() - started
    assert elapsed < 2 * 0.4 + 0.3 and len(server.requests) == 2  # two attempts of ~0.3 s each


def test_a_slow_first_answer_then_a_fast_one(server: FakeLLMServer) -> None:
    server.enqueue("za późno", delay_s=5.0).enqueue("Masz 14 dni [1].")
    config = openai_config(server, timeout_s=0.3, max_retries=1)
    assert LLMDrafter.from_config(config, backoff_s=0.01).draft(REQUEST).body == "Masz 14 dni [1]."


def test_nothing_listening_raises_llm_error_quickly() -> None:
    with FakeLLMServer() as stopped:
        url = stopped.base_url
    config = LLMConfig(model="m", base_url=url, timeout_s=1.0, max_retries=1)
    with pytest.raises(LLMError, match="APIConnectionError"):
        LLMDrafter.from_config(config, backoff_s=0.01).draft(REQUEST)


# --- Ollama


def test_ollama_round_trip(server: FakeLLMServer) -> None:
    config = LLMConfig(provider="ollama", model="SpeakLeash/bielik-11b-v2.3-instruct", base_url=server.url,
                       timeout_s=2.0, context_window=8192, max_output_tokens=200, temperature=0.0)
    server.enqueue("Masz 14 dni (źródło 1).")
    draft = LLMDrafter.from_config(config).draft(REQUEST)
    assert draft.body == "Masz 14 dni [1]."
    (sent,) = server.requests  # no /api/show: the context window is given
    assert sent.path == "/api/chat" and sent.body["stream"] is False
    assert sent.body["options"]["num_ctx"] == 8192 and sent.body["options"]["num_predict"] == 200
    assert sent.body["options"]["temperature"] == 0.0


def test_ollama_timeout(server: FakeLLMServer) -> None:
    server.enqueue("za późno", delay_s=5.0)
    config = LLMConfig(provider="ollama", model="m", base_url=server.url, timeout_s=0.3, max_retries=0)
    started = time.monotonic()
    with pytest.raises(LLMTimeoutError):
        LLMDrafter.from_config(config).draft(REQUEST)
    assert time.monotonic() - started < 1.0


def test_ollama_settings() -> None:
    llm = build_llm(LLMConfig(provider="ollama", model="bielik", timeout_s=12.0))
    assert llm.base_url == "http://localhost:11434" and llm.request_timeout == 12.0


# --- configuration errors


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (LLMConfig(provider="openai_compatible", model="m"), "needs LLMConfig.base_url"),
        (LLMConfig(provider="ollama", model=""), "needs LLMConfig.model"),
        (LLMConfig(model="m", base_url="http://127.0.0.1:9/v1", api_key_env="POMOCBOT_UNSET_X"),
         "POMOCBOT_UNSET_X"),
    ],
)
def test_config_errors(config: LLMConfig, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POMOCBOT_UNSET_X", raising=False)
    with pytest.raises(ConfigError, match=message):
        build_llm(config)


def test_api_key_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POMOCBOT_TEST_KEY", "from-env")
    assert resolve_api_key(LLMConfig(api_key="direct", api_key_env="POMOCBOT_TEST_KEY")) == "direct"
    assert resolve_api_key(LLMConfig(api_key_env="POMOCBOT_TEST_KEY")) == "from-env"
    assert resolve_api_key(LLMConfig()) is None


def test_options_reach_the_constructor() -> None:
    config = LLMConfig(model="m", base_url="http://127.0.0.1:9/v1")
    llm = build_llm(config, default_headers={"X-Shop": "modrzew"})
    assert llm.default_headers == {"X-Shop": "modrzew"} and llm.max_retries == 0 and llm.is_chat_model


# --- lazy extras: missing dependencies name the extra


@pytest.mark.parametrize(
    ("provider", "module", "extra"),
    [
        ("openai_compatible", "llama_index.llms.openai_like", "pomocbot[llm]"),
        ("ollama", "llama_index.llms.ollama", "pomocbot[llm]"),
        ("llama_cpp", "llama_index.llms.llama_cpp", "pomocbot[llamacpp]"),
        ("transformers", "transformers", "pomocbot[local]"),
    ],
)
def test_missing_extra_raises_dependency_missing_error(
    provider: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import of it raises ImportError
    if module == "transformers":
        monkeypatch.setitem(sys.modules, "torch", None)  # and skip loading the real torch
    config = LLMConfig(provider=provider, model=str(tmp_path), base_url="http://127.0.0.1:9/v1")
    with pytest.raises(DependencyMissingError, match=extra.replace("[", r"\[").replace("]", r"\]")):
        build_llm(config)


class FakeLlamaCPP:
    """Stands in for llama_index.llms.llama_cpp.LlamaCPP (llama-cpp-python compiles; not installed here)."""

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs


@pytest.fixture
def fake_llama_cpp(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("llama_index.llms.llama_cpp")
    module.LlamaCPP = FakeLlamaCPP  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "llama_index.llms.llama_cpp", module)


def test_llama_cpp_settings(fake_llama_cpp: None, tmp_path: Path) -> None:
    gguf = tmp_path / "bielik.Q4_K_M.gguf"
    gguf.write_bytes(b"GGUF")
    config = LLMConfig(provider="llama_cpp", model=str(gguf), context_window=8192, max_output_tokens=300)
    llm = build_llm(config, model_kwargs={"n_gpu_layers": -1})
    assert llm.kwargs == {"model_path": str(gguf), "temperature": 0.1, "max_new_tokens": 300,
                          "context_window": 8192, "verbose": False, "model_kwargs": {"n_gpu_layers": -1}}


def test_llama_cpp_never_downloads_a_missing_file(fake_llama_cpp: None, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="GGUF file"):
        build_llm(LLMConfig(provider="llama_cpp", model=str(tmp_path / "brak.gguf")))
