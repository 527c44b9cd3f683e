"""Actions benchmark: the WISMO suite (data/actions/wismo.jsonl) through match → run → draft.

Usage::

    python benchmarks/actions.py [--data data/actions/wismo.jsonl] [--out benchmarks/results/actions.json]
                                 [--no-redactor] [--repeats 20]

Every phrasing is redacted first with the real Polish redactor (placeholder mode, with a vault; skip it with
``--no-redactor``), matched against the example shop's three actions (``examples/sklep/orders``) and run
for the customer id the backend would pass. Figures per split (``dev``: the half the phrase tables were
tuned on; ``test``: written at the same time, scored once after tuning on dev, never tuned on):

* action chosen: the expected action or none (a look-alike such as "ile kosztuje wysyłka?" must choose none);
* parameters extracted: the expected order numbers (one set per order) among rows that expect an action;
* outcome: ok / ask / not_allowed / not_found / login_required as expected;
* wrong-customer disclosures: replies that show any order field (status sentence, tracking number,
  address) of an order the customer does not own, checked against the shop's database — must be 0;
* overhead per turn: wall time of match + run + draft minus the action function's own time, p50 / p95
  in ms over ``--repeats`` passes (first pass dropped), with result redaction off and with the real
  redactor on the result strings; also for the turns that called the action (``*_ran``).

The suite's phrasings are our own (fictional orders, customers at example.com); no outside data.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class _Clock:
    # The action runs in its own thread: a shared total, not a thread-local one.
    def __init__(self) -> None:
        self.total = 0.0
        self.lock = threading.Lock()


def _timed(registry, own: _Clock) -> None:
    # The action's own latency is measured inside the call, so the overhead is the rest.
    for action in registry:
        fn = action.fn

        def timed(*args, _fn=fn, **kwargs):
            started = time.perf_counter()
            try:
                return _fn(*args, **kwargs)
            finally:
                with own.lock:
                    own.total += time.perf_counter() - started
        action.fn = timed


def _disclosed(text: str, customer: str | None, db_path: Path) -> bool:
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT number, customer_id, tracking_number, delivery_address "
                          "FROM orders").fetchall()
        cases = db.execute("SELECT k.case_number, o.customer_id FROM complaints k JOIN orders o "
                           "ON o.number = k.order_number").fetchall()
    # The fictional addresses repeat between customers: one the customer has on an own order is no leak.
    own_addresses = {address for _, owner, _, address in rows if owner == customer}
    for number, owner, tracking, address in rows:
        if owner == customer:
            continue
        leaked = (tracking and tracking in text) or (address in text and address not in own_addresses) \
            or f"zamówienie {number} " in text \
            or f"zamówienia {number} jest" in text or f"do zamówienia {number} jest gotowa" in text
        if leaked:
            return True
    return any(owner != customer and f"reklamacja {case}" in text for case, owner in cases)


def _outcome(reply) -> str:
    if reply.asked:
        return "ask"
    errors = {o.error or "ok" for o in reply.outcomes}
    return "ok" if errors == {"ok"} else sorted(errors - {"ok"})[0]


def run(rows: list[dict], registry, db_path: Path, redactor, repeats: int) -> dict:
    from pomocbot.actions import act

    own = _Clock()
    _timed(registry, own)
    results: dict[str, dict] = {}
    for split in sorted({r["split"] for r in rows}):
        subset = [r for r in rows if r["split"] == split]
        chosen = params_ok = params_n = outcome_ok = disclosures = 0
        misses = []
        overhead: dict[str, list[float]] = {"no_result_redaction": [], "result_redacted": []}
        for index, row in enumerate(subset):
            conversation = f"bench-{split}-{index}"
            message = redactor.redact(row["message"], conversation).text if redactor else row["message"]
            customer = {"id": row["customer_id"]} if row["customer_id"] else None
            lookup = (lambda token, c=conversation: redactor.vault.get(c, token)) if redactor else None
            redact = (lambda text, c=conversation: redactor.redact(text, c).text) if redactor else None
            match = registry.match(message)
            got = match.action.name if match else None
            chosen += got == row["expected_action"]
            reply = act(match, customer=customer, persona="pan", lookup=lookup, redact=redact) \
                if match else None
            if row["expected_action"] is not None:
                params_n += 1
                calls = [dict(c) for c in match.calls] if match and match.ready else []
                params_ok += calls == row["expected_params"]
            outcome = _outcome(reply) if reply else None
            expected = row["expected_outcome"]
            outcome_ok += outcome == expected
            if reply and _disclosed(reply.text, row["customer_id"], db_path):
                disclosures += 1
            if got != row["expected_action"] or outcome != expected:
                misses.append({"id": row["id"], "expected": [row["expected_action"], expected],
                               "got": [got, outcome]})
            for mode, redact_fn in (("no_result_redaction", None), ("result_redacted", redact)):
                if mode == "result_redacted" and redactor is None:
                    continue
                for repeat in range(repeats + 1):
                    own.total = 0.0
                    started = time.perf_counter()
                    m = registry.match(message)
                    if m is not None:
                        act(m, customer=customer, persona="pan", lookup=lookup, redact=redact_fn)
                    spent = time.perf_counter() - started - own.total
                    if repeat:  # the first pass warms caches
                        overhead[mode].append(spent * 1000)
                        if m is not None and m.ready and customer:  # turns that called the action
                            overhead.setdefault(f"{mode}_ran", []).append(spent * 1000)
        n = len(subset)
        results[split] = {
            "rows": n, "action_accuracy": round(chosen / n, 4),
            "params_accuracy": round(params_ok / params_n, 4) if params_n else None,
            "outcome_accuracy": round(outcome_ok / n, 4), "wrong_customer_disclosures": disclosures,
            "overhead_ms": {mode: {"p50": round(statistics.median(v), 3),
                                   "p95": round(statistics.quantiles(v, n=20)[18], 3)}
                            for mode, v in overhead.items() if v},
            "misses": misses}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "actions" / "wismo.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "actions.json")
    parser.add_argument("--no-redactor", action="store_true", help="match the raw phrasings (faster)")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args(argv)

    from examples.sklep.orders import shop_actions

    rows = _load(args.data)
    db_path = Path(tempfile.mkdtemp()) / "sklep.db"
    registry = shop_actions(db_path, create=True)
    redactor = None
    if not args.no_redactor:
        from pomocbot import Assistant, AssistantConfig

        assistant = Assistant(AssistantConfig(privacy={"vault": True}))
        redactor = assistant.redactor
    results = run(rows, registry, db_path, redactor, args.repeats)
    registry.close()
    print(f"{'split':<6} {'rows':>5} {'action':>8} {'params':>8} {'outcome':>8} {'leaks':>6} "
          f"{'ovh p50':>8} {'ovh p95':>8} {'+redact p50':>12} {'+redact p95':>12}")
    for split, r in results.items():
        plain = r["overhead_ms"].get("no_result_redaction", {})
        red = r["overhead_ms"].get("result_redacted", {})
        print(f"{split:<6} {r['rows']:>5} {r['action_accuracy']:>8.1%} {r['params_accuracy']:>8.1%} "
              f"{r['outcome_accuracy']:>8.1%} {r['wrong_customer_disclosures']:>6} "
              f"{plain.get('p50', 0):>8.3f} "
              f"{plain.get('p95', 0):>8.3f} {red.get('p50', 0):>12.3f} {red.get('p95', 0):>12.3f}")
        for mode, figures in r["overhead_ms"].items():
            if mode.endswith("_ran"):
                print(f"  overhead of turns that ran the action ({mode[:-4]}): p50 {figures['p50']:.3f} ms, "
                      f"p95 {figures['p95']:.3f} ms")
        for miss in r["misses"]:
            print(f"  miss {miss['id']}: expected {miss['expected']}, got {miss['got']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    suite = str(args.data.relative_to(ROOT)) if args.data.is_relative_to(ROOT) else str(args.data)
    report = {"suite": suite, "redactor": redactor is not None, "splits": results}
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
