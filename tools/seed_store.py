"""Write a seeded SQLite conversation store of fictional conversations, for service metrics and demos.

Usage::

    python tools/seed_store.py /tmp/rozmowy.sqlite [--conversations 2000] [--days 56] [--seed 20261101]
    pomocbot stats /tmp/rozmowy.sqlite --out /tmp/raport

The assistant is not run: turns are written as the pipeline would store them
(redacted text, metadata built with ``CustomerTurnMeta`` /
``AssistantTurnMeta(...).as_metadata()``), with outcomes drawn at fixed rates:
answered, answered after a "nie wiem", left on a "nie wiem", handed over (with
reason codes and queues), greetings only. Channels, customer ids with repeat
contacts (some on the same topic within days, so FCR has something to find),
response times and CSAT/NPS feedback (through ``record_feedback``) are drawn
too. Every question and comment is written here, by hand; no real data.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from pomocbot.codes import default_queues  # noqa: E402
from pomocbot.conversation.base import Turn  # noqa: E402
from pomocbot.conversation.feedback import record_feedback  # noqa: E402
from pomocbot.conversation.meta import AssistantTurnMeta, CustomerTurnMeta  # noqa: E402
from pomocbot.conversation.sqlite import SQLiteConversationStore  # noqa: E402

__all__ = ["SEED", "seed_store"]

SEED = 20261101
START = datetime(2026, 10, 5, tzinfo=timezone.utc)  # a Monday
CHANNELS = {"chat": 0.42, "email": 0.18, "messenger": 0.13, "whatsapp": 0.1, "sms": 0.06, "voice": 0.08,
            None: 0.03}  # None: an older front end that does not say (counted as chat)
# topic -> (cited documents, questions); the questions name the topic in words topic_queue knows
TOPICS: dict[str | None, tuple[list[str], list[str]]] = {
    "dostawa": (["dostawa/paczkomaty", "dostawa/kurier", "dostawa/terminy"], [
        "Kiedy dotrze moja paczka?", "Ile kosztuje dostawa do paczkomatu?", "Czy kurier przyjedzie w sobotę?",
        "Paczka utknęła w sortowni od trzech dni", "Jak zmienić adres dostawy zamówienia [NUMER_1]?",
        "Czy wysyłacie za granicę?"]),
    "reklamacje": (["zwroty/formularz", "reklamacje/procedura", "reklamacje/gwarancja"], [
        "Jak zgłosić reklamację butów?", "Ile mam dni na zwrot towaru?", "Przyszedł uszkodzony czajnik",
        "Czy zwrot przez paczkomat jest darmowy?", "Kurtka ma wadę szwu, co teraz?"]),
    "płatności": (["platnosci/blik", "platnosci/raty", "platnosci/faktury"], [
        "Czy mogę zapłacić BLIKIEM?", "Jak dostać fakturę na firmę?", "Płatność przeszła dwa razy",
        "Czy są raty zero procent?", "Kiedy wróci nadpłata na konto?"]),
    "konto": (["konto/haslo", "konto/newsletter"], [
        "Nie mogę się zalogować", "Jak zmienić hasło?", "Chcę wypisać się z newslettera",
        "Jak usunąć profil w sklepie?"]),
    "RODO": (["prywatnosc/dane-osobowe"], [
        "Chcę wiedzieć, jakie dane osobowe o mnie macie", "Proszę o usunięcie moich danych osobowych",
        "Jak wycofać zgodę marketingową?"]),
    None: (["sklep/godziny", "produkty/rozmiary", "sklep/stacjonarne"], [
        "Czy macie sklep stacjonarny w Gdańsku?", "Jaki rozmiar wybrać przy 42 w stopie?",
        "W jakich godzinach działa infolinia?", "Czy ten model będzie jeszcze dostępny?"]),
}
TOPIC_WEIGHTS = {"dostawa": 0.32, "reklamacje": 0.22, "płatności": 0.16, "konto": 0.1, "RODO": 0.04,
                 None: 0.16}
OUTCOMES = {"answered": 0.58, "recovered": 0.08, "unanswered": 0.1, "handover": 0.21, "courtesy": 0.03}
HANDOVER_REASONS = {"explicit_request": 0.34, "complaint": 0.2, "frustration": 0.14,
                    "repeated_abstention": 0.12, "data_protection": 0.06, "low_confidence": 0.06,
                    "legal_threat": 0.04, "abuse": 0.02, "sensitive": 0.02}
GREETINGS = ["Dzień dobry", "Hej", "Witam"]
THANKS = ["Dziękuję!", "Dzięki, to wszystko", "ok"]
COMMENTS = {
    "good": ["Szybko i konkretnie.", "Bardzo pomocny czat, dziękuję.", "Wszystko jasne.", "Super obsługa!"],
    "bad": ["Bot nie zrozumiał pytania.", "Czekałem za długo na konsultanta.", "Musiałem pisać trzy razy.",
            "Odpowiedź nie na temat."],
}


def _pick(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class _Clock:
    at: datetime

    def tick(self, rng: random.Random, low: float, high: float) -> datetime:
        self.at += timedelta(seconds=rng.uniform(low, high))
        return self.at


def _conversation(rng: random.Random, start: datetime, channel: str | None, customer_id: str | None,
                  topic: str | None, outcome: str) -> list[Turn]:
    docs, questions = TOPICS[topic]
    clock, turns, number = _Clock(start), [], 0
    # e-mail answers are queued; chat-like channels answer within seconds
    think, reply = ((3600, 6 * 3600), (20, 600)) if channel == "email" else ((15, 150), (0.6, 4.0))

    def customer(text: str) -> None:
        nonlocal number
        at = clock.tick(rng, *think) if turns else clock.at
        meta = CustomerTurnMeta(turn=number, query=text, channel=channel, customer_id=customer_id,
                                tone=round(rng.uniform(0, 0.4 if outcome != "handover" else 0.9), 4))
        turns.append(Turn(role="customer", text=text, at=at, metadata=meta.as_metadata()))
        number += 1

    def assistant(text: str, **meta: object) -> None:
        at = clock.tick(rng, *reply)
        turns.append(Turn(role="assistant", text=text, at=at,
                          metadata=AssistantTurnMeta(channel=channel, **meta).as_metadata()))

    def answer() -> None:
        doc = rng.choice(docs)
        assistant(f"Zgodnie z naszymi zasadami… [1] ({doc})", answer="Zgodnie z naszymi zasadami… [1]",
                  cited=[doc], confidence=round(rng.uniform(0.55, 0.97), 3))

    def abstain() -> None:
        assistant("Niestety nie znalazłem tej informacji.", abstained=True,
                  confidence=round(rng.uniform(0.05, 0.4), 3))

    if outcome == "courtesy" or rng.random() < 0.15:
        customer(rng.choice(GREETINGS))
        assistant("Dzień dobry! W czym mogę pomóc?", answer="")
        if outcome == "courtesy":
            return turns
    customer(rng.choice(questions))
    if outcome == "answered":
        answer()
        if rng.random() < 0.3:
            customer(rng.choice(questions))
            answer()
    elif outcome == "recovered":
        abstain()
        customer(rng.choice(questions))
        answer()
    elif outcome == "unanswered":
        abstain()
        if rng.random() < 0.4:
            customer(rng.choice(questions))
            abstain()
    else:
        code = str(_pick(rng, HANDOVER_REASONS))
        if code in ("repeated_abstention", "low_confidence"):
            abstain()
            customer(rng.choice(questions))
        elif rng.random() < 0.5:
            answer()
            customer("Chcę rozmawiać z człowiekiem" if code == "explicit_request" else rng.choice(questions))
        reasons = [code] + (["frustration"] if code != "frustration" and rng.random() < 0.2 else [])
        queue = default_queues().get(code) or topic or "ogólne"
        assistant("Przekazuję rozmowę konsultantowi.", escalated=True, reasons=reasons, queue=queue,
                  abstained=code in ("repeated_abstention", "low_confidence"))
        return turns
    if rng.random() < 0.35:
        customer(rng.choice(THANKS))
        assistant("Cieszę się, że mogłem pomóc!", answer="")
    return turns


def _feedback(rng: random.Random, store: SQLiteConversationStore, cid: str, end: datetime,
              outcome: str) -> int:
    if rng.random() > (0.22 if outcome != "courtesy" else 0.05):
        return 0
    happy = {"answered": 0.85, "recovered": 0.7, "unanswered": 0.2, "handover": 0.5, "courtesy": 0.8}[outcome]
    answers = 2 if rng.random() < 0.04 else 1
    for n in range(answers):
        good = rng.random() < happy
        csat = rng.choice([4, 5, 5]) if good else rng.choice([1, 2, 3])
        nps = rng.choice([8, 9, 10, 10]) if good else rng.choice([0, 3, 5, 6, 7])
        comment = rng.choice(COMMENTS["good" if good else "bad"]) if rng.random() < 0.4 else None
        at = end + timedelta(minutes=rng.uniform(2, 180) + 600 * n)
        # a third of answers come from a survey that asks only one of the two questions
        skip = rng.random()
        # the comments above are written by hand and hold no personal data: nothing to redact
        record_feedback(store, cid, csat=None if skip < 0.1 else csat,
                        nps=None if 0.1 <= skip < 0.33 else nps, comment=comment, at=at,
                        redact=lambda text: text)
    return answers


def seed_store(path: str | Path, *, conversations: int = 2000, days: int = 56, seed: int = SEED,
               start: datetime = START) -> dict[str, int]:
    """Write ``conversations`` fictional conversations over ``days`` days into a new SQLite store at ``path``.

    Refuses an existing file (it would mix with real conversations). Returns counts.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; pass a new path (the seeded store must not mix with others)")
    rng = random.Random(seed)
    customers = [f"klient-{n:05d}" for n in range(max(conversations * 5 // 12, 1))]
    # a skewed pool: a few customers write often, most once or twice
    weights = [1 / (1 + n) ** 0.6 for n in range(len(customers))]
    counts = {"conversations": 0, "turns": 0, "feedback": 0, "repeats": 0}
    planned: list[tuple[datetime, str | None, str | None, str | None]] = []
    while len(planned) < conversations:
        moment = start + timedelta(days=rng.randrange(days), hours=rng.triangular(6, 22, 13))
        channel = _pick(rng, CHANNELS)
        customer_id = rng.choices(customers, weights=weights)[0] if rng.random() < 0.85 else None
        topic = _pick(rng, TOPIC_WEIGHTS)
        planned.append((moment, channel, customer_id, topic))
        if customer_id and rng.random() < 0.12 and len(planned) < conversations:
            # the same customer back on the same topic within days: not resolved at first contact
            again = moment + timedelta(days=rng.uniform(0.2, 6.5))
            if again < start + timedelta(days=days):
                planned.append((again, _pick(rng, CHANNELS), customer_id, topic))
                counts["repeats"] += 1
    planned.sort(key=lambda plan: plan[0])
    with SQLiteConversationStore(path) as store:
        for n, (moment, channel, customer_id, topic) in enumerate(planned):
            outcome = str(_pick(rng, OUTCOMES))
            turns = _conversation(rng, moment, channel, customer_id, topic, outcome)
            cid = f"rozm-{n:06d}"
            store.append(cid, turns)
            counts["conversations"] += 1
            counts["turns"] += len(turns)
            counts["feedback"] += _feedback(rng, store, cid, turns[-1].at, outcome)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="new SQLite file to write")
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--days", type=int, default=56)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    counts = seed_store(args.path, conversations=args.conversations, days=args.days, seed=args.seed)
    print(", ".join(f"{name}: {count}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
