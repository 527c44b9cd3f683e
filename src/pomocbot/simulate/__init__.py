"""Simulations before going live: scripted (or LLM-played) customers against an index, with expectations.

``pomocbot simulate SCENARIOS.yaml --index DIR`` exits 0 when every expectation holds and 1 otherwise, so
a company's CI can run its own scenarios (see ``examples/sklep/scenarios.yaml``).
"""

from pomocbot.simulate.runner import CustomerLLM, ScenarioResult, SimulationReport, check_reply, run_scenarios
from pomocbot.simulate.scenarios import Expectation, Scenario, ScenarioFile, read_scenarios

__all__ = ["CustomerLLM", "Expectation", "Scenario", "ScenarioFile", "ScenarioResult", "SimulationReport",
           "check_reply", "read_scenarios", "run_scenarios"]
