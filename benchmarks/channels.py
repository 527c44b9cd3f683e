"""Channel rendering on every reply of the example shop: SMS segments, digits left in voice, timing.

Run: ``python benchmarks/channels.py [INDEX_DIR]`` (default ``build/demo-index``; build it with
``pomocbot index examples/sklep/kb --out build/demo-index``). Each question of
``examples/sklep/questions.jsonl`` is asked in its own conversation (a first turn: greeting and
disclosure included), its reply rendered for every channel. Prints a table and writes
``benchmarks/results/channels.json``.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

from pomocbot import Assistant
from pomocbot.channels import Channel, render, segments

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "examples" / "sklep" / "questions.jsonl"


def main(index_dir: str = "build/demo-index") -> None:
    assistant = Assistant.load(index_dir)
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line) for line in lines if line.strip()]
    replies = [assistant.reply(q["question"], conversation_id=f"bench-{q['id']}") for q in questions]
    persona = assistant.config.persona
    timings: dict[Channel, list[float]] = {c: [] for c in Channel}
    outputs: dict[Channel, list[str]] = {c: [] for c in Channel}
    for channel in Channel:  # warm-up round dropped
        render(replies[0].text, channel, citations=replies[0].citations, persona=persona)
    for reply in replies:
        for channel in Channel:
            start = time.perf_counter()
            out = render(reply.text, channel, citations=reply.citations, persona=persona)
            timings[channel].append((time.perf_counter() - start) * 1e3)
            outputs[channel].append(out)
    sms_segments = [segments(s) for s in outputs[Channel.SMS]]
    voice_digits = sum(bool(re.search(r"\d", v)) for v in outputs[Channel.VOICE])
    n = len(replies)
    results = {
        "replies": n,
        "sms_within_3_segments": sum(s <= 3 for s in sms_segments) / n,
        "sms_one_segment": sum(s == 1 for s in sms_segments) / n,
        "sms_segments_histogram": {str(k): sms_segments.count(k) for k in sorted(set(sms_segments))},
        "voice_replies_with_a_digit": voice_digits,
        "ms_per_reply": {c.value: {"mean": statistics.mean(t), "stdev": statistics.pstdev(t), "max": max(t)}
                         for c, t in timings.items()},
    }
    print(f"{n} replies of the example shop ({index_dir})")
    print(f"SMS within 3 segments: {results['sms_within_3_segments']:.1%}, in one segment: "
          f"{results['sms_one_segment']:.1%}, segments: {results['sms_segments_histogram']}")
    print(f"voice replies with a digit left: {voice_digits}")
    print(f"{'channel':<10} {'ms/reply (mean ± sd)':>22} {'max ms':>8}")
    for channel, stats in results["ms_per_reply"].items():
        print(f"{channel:<10} {stats['mean']:>12.3f} ± {stats['stdev']:<7.3f} {stats['max']:>8.2f}")
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "channels.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:2])
