"""Several real workers of ``pomocbot serve`` and a driver that talks to them like a load balancer would.

:class:`Cluster` starts N uvicorn processes (``pomocbot.serve.app:app_from_env``)
on free ports, each with the same ``POMOCBOT_*`` environment (PostgreSQL,
Redis, the vault key), and waits for their ``/ready``. :func:`drive` plays
scripted Polish conversations through them: every turn goes to a random
worker, ``clients`` conversations run at once, and a request whose worker
died is checked against the store (was the turn kept?) before it is sent to
another worker, as a client that reads its own writes would.

Used by tests/deploy/test_multi_worker.py and benchmarks/multi_worker.py.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.servers import free_port

__all__ = ["Cluster", "ConversationScript", "DriveResult", "drive", "scripts"]

_FIRST = ["Jan", "Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł", "Agnieszka"]
_FIRST_GENITIVE = {"Jan": "Jana", "Anna": "Anny", "Piotr": "Piotra", "Katarzyna": "Katarzyny",
                   "Tomasz": "Tomasza", "Magdalena": "Magdaleny", "Paweł": "Pawła", "Agnieszka": "Agnieszki"}
# Fictional surnames, unlikely in any knowledge base, so a leak of one is unambiguous.
_LAST = ["Wierzbicki", "Gawroński", "Przybylski", "Zawadzki", "Olszewski", "Kaczmarczyk", "Sobczyński"]


def _female(first: str) -> bool:
    return first.endswith("a")


def _surname(last: str, female: bool, genitive: bool) -> str:
    if last.endswith("ki"):
        return last[:-1] + ("iej" if genitive else "a") if female else last + ("ego" if genitive else "")
    return last + ("" if female else "a" if genitive else "")


def _pesel(rng: random.Random) -> str:
    year, month, day = rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28)
    digits = [int(c) for c in f"{year:02d}{month:02d}{day:02d}{rng.randint(0, 9999):04d}"]
    check = (10 - sum(w * d for w, d in zip([1, 3, 7, 9, 1, 3, 7, 9, 1, 3], digits, strict=True)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def _phone(rng: random.Random) -> str:
    first = rng.choice([5, 6, 7, 8])
    return f"{first}{rng.randint(0, 99):02d} {rng.randint(100, 999)} {rng.randint(100, 999)}"


@dataclass
class ConversationScript:
    """One customer's messages and the personal values in them (to look for leaks)."""

    conversation_id: str
    messages: list[str]
    raw_values: list[str]
    wants_human: bool


def scripts(n: int, seed: int = 16) -> list[ConversationScript]:
    """``n`` conversations of 2–3 turns: a name, two phone numbers (the second turn names the new one
    first, so a worker without the shared state would number them the other way round), a PESEL, and
    in every third conversation a request for a consultant."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        female = _female(first)
        name = f"{first} {_surname(last, female, genitive=False)}"
        name_genitive = f"{_FIRST_GENITIVE[first]} {_surname(last, female, genitive=True)}"
        pesel, phone_a, phone_b = _pesel(rng), _phone(rng), _phone(rng)
        messages = [
            f"Dzień dobry, nazywam się {name}, mój numer to {phone_a}. Ile mam dni na zwrot towaru?",
            f"Proszę dzwonić na {phone_b}, a nie na {phone_a}. Czy zwrot przez Paczkomat jest bezpłatny? "
            f"Mój PESEL to {pesel}.",
        ]
        wants_human = i % 3 == 0
        if wants_human:
            messages.append(f"Chcę rozmawiać z konsultantem w sprawie {name_genitive}, to już trzeci raz "
                            "piszę!")
        out.append(ConversationScript(f"rozmowa-{seed}-{i:04d}", messages,
                                      [name, name_genitive, last, pesel, phone_a, phone_b,
                                       phone_a.replace(" ", ""), phone_b.replace(" ", "")], wants_human))
    return out


class Cluster:
    """``workers`` uvicorn processes sharing ``env``; logs in ``log_dir/worker-N.log``."""

    def __init__(self, workers: int, env: Mapping[str, str], log_dir: Path) -> None:
        self.env, self.log_dir = dict(env), log_dir
        self.ports = [free_port() for _ in range(workers)]
        self.processes: list[subprocess.Popen[bytes]] = []
        self.log_paths = [log_dir / f"worker-{n}.log" for n in range(workers)]
        for n, port in enumerate(self.ports):
            self.processes.append(self._start(n, port))

    def _start(self, n: int, port: int) -> subprocess.Popen[bytes]:
        env = {**os.environ, **self.env, "POMOCBOT_WORKER": f"w{n}"}
        log = self.log_paths[n].open("ab")
        return subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "pomocbot.serve.app:app_from_env", "--host",
             "127.0.0.1", "--port", str(port), "--no-access-log"],
            env=env, stdout=log, stderr=subprocess.STDOUT)

    def url(self, n: int) -> str:
        return f"http://127.0.0.1:{self.ports[n]}"

    def wait_ready(self, timeout: float = 240.0) -> None:
        deadline = time.monotonic() + timeout
        pending = set(range(len(self.ports)))
        while pending and time.monotonic() < deadline:
            for n in sorted(pending):
                if self.processes[n].poll() is not None:
                    raise RuntimeError(f"worker {n} exited: {self.log_paths[n].read_text()[-2000:]}")
                try:
                    if httpx.get(self.url(n) + "/ready", timeout=2).status_code == 200:
                        pending.discard(n)
                except httpx.HTTPError:
                    pass
            time.sleep(0.5)
        if pending:
            raise RuntimeError(f"workers {sorted(pending)} not ready within {timeout:.0f} s")

    def kill(self, n: int) -> None:
        self.processes[n].kill()
        self.processes[n].wait()

    def logs(self) -> str:
        return "".join(path.read_text(errors="replace") for path in self.log_paths if path.exists())

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@dataclass
class DriveResult:
    replies: dict[str, list[dict]] = field(default_factory=dict)  # conversation -> reply bodies in order
    workers: dict[str, list[int]] = field(default_factory=dict)  # conversation -> worker of each turn
    latencies: list[float] = field(default_factory=list)  # seconds per answered request
    failovers: int = 0  # requests whose worker was dead: sent again elsewhere
    recovered: int = 0  # of those, turns the dead worker had already stored (read back, not resent)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (status, error type) of refused requests

    def p(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def drive(cluster: Cluster, conversations: list[ConversationScript], *, clients: int = 8, seed: int = 7,
          on_progress: Callable[[int], None] | None = None) -> DriveResult:
    """Play ``conversations`` through random workers, ``clients`` at once; ``on_progress(done)`` after
    each conversation."""
    result = DriveResult()
    dead: set[int] = set()
    lock = threading.Lock()
    done = 0

    def send(script: ConversationScript, number: int, text: str, rng: random.Random) -> dict:
        while True:
            alive = [n for n in range(len(cluster.ports)) if n not in dead]
            worker = rng.choice(alive)
            started = time.perf_counter()
            try:
                url = f"{cluster.url(worker)}/conversations/{script.conversation_id}/messages"
                response = httpx.post(url, json={"text": text}, timeout=60)
            except httpx.TransportError:
                with lock:
                    dead.add(worker)
                    result.failovers += 1
                stored = _stored_reply(cluster, alive, dead, script.conversation_id, number)
                if stored is not None:
                    with lock:
                        result.recovered += 1
                    return stored
                continue
            if response.status_code in (409, 503):  # busy or a part down for a moment: a clear, typed error
                with lock:
                    result.errors.append((response.status_code, response.json().get("error", "")))
                time.sleep(0.2)
                continue
            response.raise_for_status()
            with lock:
                result.latencies.append(time.perf_counter() - started)
                result.workers.setdefault(script.conversation_id, []).append(worker)
            return response.json()

    def play(script: ConversationScript) -> None:
        nonlocal done
        rng = random.Random(f"{seed}-{script.conversation_id}")
        replies = [send(script, number, text, rng) for number, text in enumerate(script.messages, 1)]
        with lock:
            result.replies[script.conversation_id] = replies
            done += 1
            count = done
        if on_progress is not None:
            on_progress(count)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(play, conversations))
    return result


def _stored_reply(cluster: Cluster, alive: list[int], dead: set[int], conversation_id: str,
                  number: int) -> dict | None:
    """The reply of turn ``number`` if a (now dead) worker stored it before dying, read from another."""
    for worker in (n for n in alive if n not in dead):
        try:
            response = httpx.get(f"{cluster.url(worker)}/conversations/{conversation_id}", timeout=30)
        except httpx.TransportError:
            continue
        if response.status_code == 404:
            return None
        turns = response.json()["turns"]
        if len(turns) >= 2 * number:
            return {"turn": number, "text": turns[2 * number - 1]["text"],
                    "redacted_message": turns[2 * number - 2]["text"], "recovered": True}
        return None
    return None
