"""Escalation: scenario recall, false escalations, reasons, priority, queue, latency.

Run from the repository root::

    python benchmarks/escalation.py                     # build the shop index from examples/sklep/kb
    python benchmarks/escalation.py --embedder use      # ... with USE instead of the configured default
    python benchmarks/escalation.py --index build/sklep  # or load a saved index (Assistant.save)

A saved index keeps its embedder (``pomocbot index ... --embedder e5``);
``--embedder`` then only checks that it is the one asked for. The tone
classifier and the semantic triggers are the ones shipped for that embedder.

Data (ours, written by hand, see ``tests/escalate/test_scenarios.py`` for the schema):

* ``examples/sklep/conversations.jsonl`` — multi-turn conversations (customer
  messages only), customer metadata (``order_value`` in PLN, ``vip``), a start
  time ``at`` (some outside business hours and on Polish holidays) and the
  expected decision: ``escalate``, ``reasons`` (codes), ``priority`` (P1–P4),
  ``queue`` and, for must-escalate ones, ``turn`` (0-based index of the
  message by which the bot must have escalated).
* ``data/escalation/triggers_train_requests.jsonl`` — one-line requests for a
  human (``explicit_request: true``) and near-misses (``false``); training data
  of the semantic triggers, so its figures are in-sample;
* ``data/escalation/triggers_train_codes.jsonl`` (training data too; blind only
  on its first run, kept in :data:`BLIND_FIGURES`) and the dev tables
  ``data/escalation/triggers_dev_codes.jsonl`` and ``triggers_dev_requests.jsonl``
  (never trained on, but their misses were read to widen the patterns; the first
  runs are kept in :data:`BLIND_FIGURES_2` and :data:`BLIND_FIGURES_3`): one
  message and its expected reason code (or null for a look-alike) per line.

Each conversation is played turn by turn through
``assistant.reply(message, conversation_id=cid, customer=customer, now=when)``
(message ``i`` is sent ``at + 2 min * i``) and ``reply.escalation`` (an
``EscalationDecision``) is read after every turn. Figures:

* **recall** on must-escalate conversations: escalated at some turn; **on time**:
  the first escalation came at or before the expected turn;
* **false escalation rate** on calm ones: escalated at any turn;
* **reason accuracy**: the expected codes are a subset of the codes predicted
  over the conversation (union over its escalating turns), plus recall per code;
* **priority accuracy**: the most urgent priority of the escalating turns equals
  the expected one; **queue accuracy**: the queue of the decision at the
  expected turn (or the first escalating decision when that turn did not
  escalate) equals the expected one;
* **explicit-request recall** on the phrasing table: each phrase alone, in a
  fresh conversation, escalates with ``explicit_request`` among the reasons;
  the false-positive rate on the near-misses;
* **latency**: p50/p95 per message of frustration assessment + escalation
  triggers/policy alone (no retrieval), 1 thread, after a warm-up pass.

Targets (issue #5): recall >= 0.95, false escalation <= 0.10,
explicit-request recall 1.0, frustration + policy <= 1 ms p50.

Exits 0 with a message when ``pomocbot.escalate`` is not importable yet.
Prints tables and writes ``benchmarks/results/escalation.json``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import importlib
import inspect
import json
import platform
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONVERSATIONS = ROOT / "examples/sklep/conversations.jsonl"
PHRASINGS = ROOT / "data/escalation/triggers_train_requests.jsonl"
HELDOUT = ROOT / "data/escalation/triggers_train_codes.jsonl"  # trained on
HELDOUT2 = ROOT / "data/escalation/triggers_dev_codes.jsonl"
HELDOUT3 = ROOT / "data/escalation/triggers_dev_requests.jsonl"
PHRASE_TIME = datetime.fromisoformat("2026-11-24T11:00:00+01:00")  # a Tuesday, inside business hours
TURN_GAP = timedelta(minutes=2)
PRIORITY_RANK = {"P1": 1, "P2": 2, "P3": 3, "P4": 4}
TARGETS = {"recall": 0.95, "false_escalation_rate": 0.10, "explicit_request_recall": 1.0,
           "latency_p50_ms": 1.0}


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def escalation_available() -> str | None:
    """None when the escalation part of the library can be used, else why not."""
    try:
        escalate = importlib.import_module("pomocbot.escalate")
        importlib.import_module("pomocbot.escalate.frustration")
        importlib.import_module("pomocbot.escalate.triggers")
        from pomocbot.types import EscalationDecision  # noqa: F401
    except Exception as exc:
        return f"pomocbot.escalate is not importable yet ({type(exc).__name__}: {exc})"
    del escalate
    return None


def build_assistant(index: str | None, embedder: str | None = None):
    from pomocbot import Assistant, AssistantConfig

    if index:
        print(f"loading the index from {index}")
        assistant = Assistant.load(index)
        kind = getattr(assistant.config.retrieval.embedder, "value", None)
        if embedder and kind != embedder:
            raise SystemExit(f"the index at {index} was built with the {kind!r} embedder, not {embedder!r}")
        return assistant
    config = AssistantConfig.model_validate({"retrieval": {"embedder": embedder}} if embedder else {})
    print(f"indexing examples/sklep/kb with the {config.retrieval.embedder.value!r} embedder ...")
    return Assistant.from_directory(ROOT / "examples/sklep/kb", config=config)


class SignatureError(RuntimeError):
    pass


def reply(assistant, message: str, cid: str, customer: dict, when: datetime):
    try:
        return assistant.reply(message, conversation_id=cid, customer=customer, now=when)
    except TypeError as exc:
        if "customer" in str(exc) or "now" in str(exc) or "keyword" in str(exc):
            raise SignatureError(
                "Assistant.reply does not accept the customer metadata and the clock yet; the benchmark "
                "calls assistant.reply(message, conversation_id=cid, customer={'order_value': float, "
                f"'vip': bool}}, now=datetime) and reads reply.escalation ({exc})") from exc
        raise


# -- scenarios ----------------------------------------------------------
def play(assistant, conversation: dict, run: str) -> dict:
    cid = f"bench-{run}-{conversation['id']}"
    start = datetime.fromisoformat(conversation["at"])
    decisions = []
    for i, message in enumerate(conversation["turns"]):
        r = reply(assistant, message, cid, conversation["customer"], start + TURN_GAP * i)
        d = r.escalation
        decisions.append(None if d is None else {
            "escalate": bool(d.escalate), "reasons": [x.code for x in d.reasons],
            "priority": d.priority, "queue": d.queue})
    assistant.forget(cid)
    escalating = [i for i, d in enumerate(decisions) if d and d["escalate"]]
    predicted_reasons = sorted({c for i in escalating for c in decisions[i]["reasons"]})
    expected = conversation["expected"]
    first = escalating[0] if escalating else None
    priority = min((decisions[i]["priority"] for i in escalating), key=PRIORITY_RANK.get, default=None)
    queue = None
    if escalating:
        at_turn = expected.get("turn", len(decisions) - 1)
        chosen = at_turn if at_turn in escalating else first
        queue = decisions[chosen]["queue"]
    return {"id": conversation["id"], "expected": expected, "escalated": bool(escalating),
            "first_turn": first, "reasons": predicted_reasons, "priority": priority, "queue": queue,
            "decisions": decisions, "note": conversation.get("note", "")}


def score_scenarios(rows: list[dict]) -> dict:
    must = [r for r in rows if r["expected"]["escalate"]]
    calm = [r for r in rows if not r["expected"]["escalate"]]
    hit = [r for r in must if r["escalated"]]
    on_time = [r for r in hit if r["first_turn"] <= r["expected"].get("turn", len(r["decisions"]) - 1)]
    reasons_ok = [r for r in must if set(r["expected"]["reasons"]) <= set(r["reasons"])]
    priority_ok = [r for r in hit if r["priority"] == r["expected"]["priority"]]
    queue_ok = [r for r in hit if r["queue"] == r["expected"]["queue"]]
    false = [r for r in calm if r["escalated"]]
    per_code: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "escalated": 0, "code_found": 0})
    for r in must:
        for code in r["expected"]["reasons"]:
            per_code[code]["n"] += 1
            per_code[code]["escalated"] += r["escalated"]
            per_code[code]["code_found"] += code in r["reasons"]
    false_codes = Counter(c for r in false for c in r["reasons"])
    return {
        "conversations": len(rows), "must_escalate": len(must), "calm": len(calm),
        "recall": ratio(len(hit), len(must)),
        "on_time_rate": ratio(len(on_time), len(must)),
        "false_escalation_rate": ratio(len(false), len(calm)),
        "reason_accuracy": ratio(len(reasons_ok), len(must)),
        "priority_accuracy": ratio(len(priority_ok), len(hit)),
        "queue_accuracy": ratio(len(queue_ok), len(hit)),
        "per_reason": {code: {**v, "recall": ratio(v["escalated"], v["n"]),
                              "code_recall": ratio(v["code_found"], v["n"])}
                       for code, v in sorted(per_code.items())},
        "false_escalation_codes": dict(false_codes),
        "misses": [{"id": r["id"], "expected": r["expected"]["reasons"], "note": r["note"]}
                   for r in must if not r["escalated"]],
        "late": [{"id": r["id"], "expected_turn": r["expected"].get("turn"), "first_turn": r["first_turn"]}
                 for r in hit if r not in on_time],
        "false_escalations": [{"id": r["id"], "reasons": r["reasons"], "first_turn": r["first_turn"],
                               "note": r["note"]} for r in false],
        "wrong_reasons": [{"id": r["id"], "expected": r["expected"]["reasons"], "predicted": r["reasons"]}
                          for r in must if r not in reasons_ok and r["escalated"]],
        "wrong_priority": [{"id": r["id"], "expected": r["expected"]["priority"], "predicted": r["priority"]}
                           for r in hit if r not in priority_ok],
        "wrong_queue": [{"id": r["id"], "expected": r["expected"]["queue"], "predicted": r["queue"]}
                        for r in hit if r not in queue_ok],
    }


# -- phrasing table -------------------------------------------------------
def score_phrasings(assistant, phrasings: list[dict], run: str) -> dict:
    rows = []
    for i, item in enumerate(phrasings):
        cid = f"bench-{run}-p{i:03d}"
        d = reply(assistant, item["text"], cid, {}, PHRASE_TIME).escalation
        assistant.forget(cid)
        codes = [x.code for x in d.reasons] if d is not None else []
        rows.append({"text": item["text"], "expected": item["explicit_request"],
                     "explicit_request": "explicit_request" in codes,
                     "escalate": bool(d and d.escalate), "reasons": codes})
    pos = [r for r in rows if r["expected"]]
    neg = [r for r in rows if not r["expected"]]
    return {
        "requests": len(pos), "near_misses": len(neg),
        "explicit_request_recall": ratio(sum(r["explicit_request"] for r in pos), len(pos)),
        "near_miss_false_positive_rate": ratio(sum(r["explicit_request"] for r in neg), len(neg)),
        "near_miss_escalation_rate": ratio(sum(r["escalate"] for r in neg), len(neg)),
        "missed_requests": [r["text"] for r in pos if not r["explicit_request"]],
        "false_requests": [r["text"] for r in neg if r["explicit_request"]],
    }


# -- trigger tables --------------------------------------------------------
# The first table (data/escalation/triggers_train_codes.jsonl) was written blind (by a session that had not
# seen the trigger patterns). BLIND_FIGURES is what the first run scored before any pattern was changed;
# since then the misses were read, the patterns widened and the semantic triggers trained on it, so the
# current figure is in-sample and only the blind one measures generalisation.
BLIND_FIGURES = {"explicit_request": 0.733, "legal_threat": 0.778, "complaint": 0.667,
                 "data_protection": 0.444, "sensitive": 0.889, "abuse": 0.667, "null_false_positive": 4 / 42}


# The second table (data/escalation/triggers_dev_codes.jsonl, 282 messages), written blind after the first
# table's misses had been fixed, scored by `detect_triggers` on its first run: the honest figure for the
# widened patterns. Its misses were read afterwards, so it is a dev table now.
BLIND_FIGURES_2 = {"explicit_request": 0.667, "legal_threat": 0.824, "complaint": 0.676,
                   "data_protection": 0.812, "sensitive": 0.455, "abuse": 0.552,
                   "null_false_positive": 5 / 60}


# The third table (data/escalation/triggers_dev_requests.jsonl: explicit requests and look-alikes only, 214
# messages), written blind after the explicit patterns were widened on the second table's misses; its first
# run through the reply path. Three faults were fixed after reading its misses, so it is a dev table now.
BLIND_FIGURES_3 = {"explicit_request": 0.871, "null_escalation": 0.149, "patterns_alone": 0.843}


def score_heldout(assistant, items: list[dict], run: str) -> dict:
    """Per reason code: share of its messages whose first-turn reasons include it; nulls that trigger."""
    per_code: dict[str, list[bool]] = {}
    false_triggers = []
    for i, item in enumerate(items):
        cid = f"bench-{run}-h{i:03d}"
        d = reply(assistant, item["text"], cid, {}, PHRASE_TIME).escalation
        assistant.forget(cid)
        codes = [x.code for x in d.reasons] if d is not None else []
        expected = item["expected"]
        if expected is None:
            if d is not None and d.escalate:
                false_triggers.append({"text": item["text"], "reasons": codes})
            per_code.setdefault("null", []).append(bool(d is not None and d.escalate))
        else:
            per_code.setdefault(expected, []).append(expected in codes)
    recall = {code: ratio(sum(v), len(v)) for code, v in per_code.items() if code != "null"}
    nulls = per_code.get("null", [])
    return {"recall": recall, "n": {code: len(v) for code, v in per_code.items()},
            "null_escalation_rate": ratio(sum(nulls), len(nulls)), "false_triggers": false_triggers,
            "blind_first_run": BLIND_FIGURES}


# -- latency -------------------------------------------------------------
def _policy_call(assistant):
    """A callable (message, history_texts, customer) -> decision-ish, timing frustration + policy alone."""
    frustration = importlib.import_module("pomocbot.escalate.frustration")
    triggers = importlib.import_module("pomocbot.escalate.triggers")
    config = assistant.config.escalation
    assess = getattr(assistant, "assess_frustration", None)
    label = "Assistant.assess_frustration" if assess else "escalate.frustration.assess_conversation"

    def frustration_of(texts: list[str]):
        if assess is not None:
            try:
                return assess(texts)
            except TypeError:
                pass
        return frustration.assess_conversation(texts)

    decide = None
    try:
        policy = importlib.import_module("pomocbot.escalate.policy")
        decide = getattr(policy, "decide", None)
    except Exception:
        policy = None
    params = set(inspect.signature(decide).parameters) if decide else set()
    escalator = getattr(assistant, "escalator", None)
    semantic = getattr(escalator, "semantic_codes", None)

    def run(message: str, texts: list[str], customer: dict):
        assessment = frustration_of(texts)
        reasons = triggers.detect_triggers(message, [], customer=customer, config=config)
        if semantic is not None:
            # the embedding is the one retrieval computed (cached); this times the six dot products
            semantic(assistant.index.query_vector(message))
        if decide is not None:
            offered = {"reasons": reasons, "frustration": assessment, "config": config,
                       "persona": getattr(assistant.config, "persona", None), "customer": customer,
                       "now": PHRASE_TIME}
            kwargs = {k: v for k, v in offered.items() if k in params}
            try:
                return decide(**kwargs)
            except TypeError:
                return reasons
        return reasons

    label += " + escalate.triggers.detect_triggers" + (" + Escalator.semantic_codes" if semantic else "")
    label += " + escalate.policy.decide" if decide else ""
    return run, label


def latency(assistant, conversations: list[dict]) -> dict:
    run, what = _policy_call(assistant)
    samples: list[float] = []
    for repeat in range(2):  # the first pass warms up caches and is not counted
        for conversation in conversations:
            texts: list[str] = []
            for message in conversation["turns"]:
                texts.append(message)
                t0 = time.perf_counter()
                run(message, texts, conversation["customer"])
                if repeat:
                    samples.append(time.perf_counter() - t0)
    ms = [s * 1000 for s in samples]
    return {"measured": what, "messages": len(ms), "p50_ms": round(percentile(ms, 50), 4),
            "p95_ms": round(percentile(ms, 95), 4), "mean_ms": round(statistics.fmean(ms), 4) if ms else None}


def reply_latency(times: list[float]) -> dict:
    ms = [t * 1000 for t in times]
    return {"messages": len(ms), "p50_ms": round(percentile(ms, 50), 2),
            "p95_ms": round(percentile(ms, 95), 2)}


# -- printing -------------------------------------------------------------
def mark(value, target, higher_is_better=True) -> str:
    if value is None:
        return "n/a"
    ok = value >= target if higher_is_better else value <= target
    return f"{value:.3f} {'ok' if ok else 'MISS'} (target {'>=' if higher_is_better else '<='} {target})"


def print_tables(s: dict, p: dict, lat: dict, rlat: dict) -> None:
    print(f"\nScenarios: {s['conversations']} conversations "
          f"({s['must_escalate']} must escalate, {s['calm']} calm)")
    print(f"  recall (escalated by the end)   {mark(s['recall'], TARGETS['recall'])}")
    print(f"  on time (by the expected turn)  {s['on_time_rate']}")
    print(f"  false escalation rate           "
          f"{mark(s['false_escalation_rate'], TARGETS['false_escalation_rate'], False)}")
    print(f"  reason accuracy (expected ⊆ predicted)  {s['reason_accuracy']}")
    print(f"  priority accuracy (escalated)   {s['priority_accuracy']}")
    print(f"  queue accuracy (escalated)      {s['queue_accuracy']}")
    print("\n  reason code            n  escalated  code found")
    for code, v in s["per_reason"].items():
        print(f"  {code:20s} {v['n']:3d}  {v['recall']!s:>9}  {v['code_recall']!s:>10}")
    for key in ("misses", "late", "false_escalations", "wrong_reasons", "wrong_priority", "wrong_queue"):
        if s[key]:
            print(f"\n  {key} ({len(s[key])}):")
            for row in s[key][:15]:
                print("   ", json.dumps(row, ensure_ascii=False))
    print(f"\nPhrasing table: {p['requests']} requests, {p['near_misses']} near-misses")
    print(f"  explicit-request recall         "
          f"{mark(p['explicit_request_recall'], TARGETS['explicit_request_recall'])}")
    print(f"  near-miss false positives       {p['near_miss_false_positive_rate']}")
    print(f"  near-miss escalations           {p['near_miss_escalation_rate']}")
    for key in ("missed_requests", "false_requests"):
        if p[key]:
            print(f"  {key}: " + "; ".join(p[key][:20]))
    print(f"\nLatency per message ({lat['measured']}; {lat['messages']} messages)")
    print(f"  p50 {mark(lat['p50_ms'], TARGETS['latency_p50_ms'], False)} ms   p95 {lat['p95_ms']} ms")
    print(f"  full reply (retrieval + drafting + escalation): "
          f"p50 {rlat['p50_ms']} ms, p95 {rlat['p95_ms']} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", help="a saved index (Assistant.save) instead of indexing the shop KB")
    parser.add_argument("--embedder", choices=["e5", "use"], default=None,
                        help="embedder to index with (default: the configured one; with --index, a check)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/escalation.json"))
    args = parser.parse_args(argv)

    why = escalation_available()
    if why:
        print(f"SKIP: {why}; nothing measured.")
        return 0

    conversations = load_jsonl(CONVERSATIONS)
    phrasings = load_jsonl(PHRASINGS)
    assistant = build_assistant(args.index, args.embedder)
    print(f"embedder {assistant.embedder.name}; tone classifier "
          f"{'shipped' if assistant.tone_classifier is not None else 'none'}; semantic triggers "
          f"{'shipped' if assistant.semantic_triggers is not None else 'none'}")
    run = uuid.uuid4().hex[:8]

    rows, times = [], []
    try:
        for conversation in conversations:
            t0 = time.perf_counter()
            rows.append(play(assistant, conversation, run))
            times.append((time.perf_counter() - t0) / len(conversation["turns"]))
        phrase_figures = score_phrasings(assistant, phrasings, run)
        heldout_figures = score_heldout(assistant, load_jsonl(HELDOUT), run)
        heldout2_figures = score_heldout(assistant, load_jsonl(HELDOUT2), run + "b")
        heldout3_figures = score_heldout(assistant, load_jsonl(HELDOUT3), run + "c")
    except SignatureError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    if all(d is None for r in rows for d in r["decisions"]):
        print("ERROR: reply.escalation was None on every turn; the assistant does not run the escalation "
              "policy yet (check config.escalation.enabled and Assistant.reply).", file=sys.stderr)
        return 1

    scenario_figures = score_scenarios(rows)
    lat = latency(assistant, conversations)
    rlat = reply_latency(times)
    print_tables(scenario_figures, phrase_figures, lat, rlat)
    print("\nFirst trigger table (data/escalation/triggers_train_codes.jsonl; trained on, so 'now' is "
          "in-sample), reason found on the first turn:")
    print(f"  {'code':<20} {'n':>3}  {'now':>6}  {'blind first run':>15}")
    for code, value in heldout_figures["recall"].items():
        print(f"  {code:<20} {heldout_figures['n'][code]:>3}  {value:>6.3f}  {BLIND_FIGURES[code]:>15.3f}")
    print(f"  {'null (escalated)':<20} {heldout_figures['n'].get('null', 0):>3}  "
          f"{heldout_figures['null_escalation_rate']:>6.3f}  {BLIND_FIGURES['null_false_positive']:>15.3f}")
    print("\nSecond table, dev (data/escalation/triggers_dev_codes.jsonl; "
          "used for no training or thresholds; its misses were read afterwards):")
    print(f"  {'code':<20} {'n':>3}  {'reply (patterns + meaning)':>26}  {'patterns alone':>14}")
    for code, value in heldout2_figures["recall"].items():
        n = heldout2_figures["n"][code]
        print(f"  {code:<20} {n:>3}  {value:>26.3f}  {BLIND_FIGURES_2[code]:>14.3f}")
    print(f"  {'null (escalated)':<20} {heldout2_figures['n'].get('null', 0):>3}  "
          f"{heldout2_figures['null_escalation_rate']:>26.3f}  "
          f"{BLIND_FIGURES_2['null_false_positive']:>14.3f}")
    first = BLIND_FIGURES_3
    print("\nThird table, dev (data/escalation/triggers_dev_requests.jsonl, explicit requests; "
          f"first run: recall {first['explicit_request']:.3f}, "
          f"look-alikes escalated {first['null_escalation']:.3f}): now recall "
          f"{heldout3_figures['recall'].get('explicit_request', 0.0):.3f}, look-alikes escalated "
          f"{heldout3_figures['null_escalation_rate']:.3f}")

    results = {
        "machine": platform.platform(), "python": platform.python_version(),
        "embedder": assistant.embedder.name,
        "tone_classifier": assistant.tone_classifier is not None,
        "semantic_triggers": assistant.semantic_triggers is not None,
        "command": "python benchmarks/escalation.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "targets": TARGETS, "scenarios": scenario_figures, "phrasings": phrase_figures,
        "heldout_triggers": heldout_figures, "heldout2_triggers": heldout2_figures,
        "heldout3_triggers": heldout3_figures,
        "latency": lat, "reply_latency": rlat,
        "per_conversation": [{k: r[k] for k in ("id", "escalated", "first_turn", "reasons", "priority",
                                                "queue")} for r in rows],
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
