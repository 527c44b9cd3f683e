"""``pomocbot simulate SCENARIOS.yaml --index DIR``: play the scenarios, print what failed, exit 1 on any."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from pomocbot.simulate.runner import CustomerLLM, run_scenarios
from pomocbot.simulate.scenarios import read_scenarios

__all__ = ["add_simulate_arguments", "llm_customer", "run_simulate"]

_CUSTOMER_PROMPT = (
    "Jesteś klientem polskiego sklepu internetowego i piszesz na czacie obsługi klienta. Twój cel: {goal}\n"
    "Pisz krótko, jak prawdziwy klient (bez podpisu). Rozmowa do tej pory:\n{talk}\n"
    "Napisz tylko swoją następną wiadomość. Jeśli cel jest osiągnięty albo rozmowę przejął konsultant, "
    "napisz KONIEC."
)


def add_simulate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenarios", help="a .yaml or .json file of scenarios (see pomocbot.simulate)")
    parser.add_argument("--index", required=True, help="a saved index (pomocbot index ... --out DIR)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--llm-url", default=None, help="OpenAI-compatible server playing goal customers")
    parser.add_argument("--llm-model", default=None)
    parser.add_argument("--actions", default=None, metavar="MODULE:FUNCTION",
                        help="a function returning the company's ActionRegistry, e.g. "
                             "examples.sklep.orders:demo_actions")


def llm_customer(llm: Any) -> CustomerLLM:
    """A customer played by ``llm`` (a LlamaIndex LLM): the next message for a goal, "" when done."""
    from llama_index.core.llms import ChatMessage

    def next_message(goal: str, talk: Sequence[tuple[str, str]]) -> str:
        lines = "\n".join(f"{'Klient' if role == 'customer' else 'Sklep'}: {text}" for role, text in talk)
        prompt = _CUSTOMER_PROMPT.format(goal=goal, talk=lines or "(jeszcze nic)")
        text = str(llm.chat([ChatMessage(role="user", content=prompt)]).message.content or "").strip()
        return "" if not text or "KONIEC" in text.upper() else text

    return next_message


def _registry(spec: str) -> Any:
    """The ActionRegistry ``MODULE:FUNCTION`` returns (the current folder is importable, as for python -m)."""
    import importlib
    import sys

    from pomocbot.errors import ConfigError

    module_name, _, function = spec.partition(":")
    if not module_name or not function:
        raise ConfigError(f"--actions takes MODULE:FUNCTION, not {spec!r}")
    if "" not in sys.path:
        sys.path.insert(0, "")
    try:
        registry = getattr(importlib.import_module(module_name), function)()
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"--actions {spec}: {type(exc).__name__}: {exc}") from exc
    from pomocbot.actions import ActionRegistry

    if not isinstance(registry, ActionRegistry):
        raise ConfigError(f"--actions {spec} must return an ActionRegistry")
    return registry


def run_simulate(args: argparse.Namespace) -> int:
    from rich.console import Console

    from pomocbot.assistant import Assistant
    from pomocbot.retrieval.saved_config import saved_config_base

    scenarios = read_scenarios(args.scenarios)
    assistant = Assistant.load(args.index, saved_config_base(args.index))
    if args.actions:
        for action in _registry(args.actions):
            assistant.actions.add(action)
    customer = None
    if args.llm_url:
        from pomocbot.config import LLMConfig
        from pomocbot.drafting.llm_factory import build_llm

        customer = llm_customer(build_llm(LLMConfig(provider="openai_compatible", base_url=args.llm_url,
                                                    model=args.llm_model or "default")))
    report = run_scenarios(assistant, scenarios, customer_llm=customer)
    console = Console()
    if args.json:
        print(json.dumps({"passed": report.passed, "results": [
            {"name": r.name, "turns": r.turns, "passed": r.passed, "failures": r.failures}
            for r in report.results]}, ensure_ascii=False, indent=2))
    else:
        for result in report.results:
            mark = "[green]OK[/green]" if result.passed else "[red]BŁĄD[/red]"
            console.print(f"{mark} {result.name} ({result.turns} tur)", highlight=False)
            for failure in result.failures:
                console.print(f"    {failure}", highlight=False)
        passed = sum(r.passed for r in report.results)
        console.print(f"\n{passed}/{len(report.results)} scenariuszy zgodnych z oczekiwaniami")
    return 0 if report.passed else 1
