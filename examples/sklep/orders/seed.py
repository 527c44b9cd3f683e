"""Seed data of the fictional shop: 10 customers, 30 orders, return labels and complaint cases.

Everything is made up (names, e-mails at example.com, phones, addresses, tracking numbers) and
deterministic, so the WISMO suite (data/actions/wismo.jsonl) can name orders and their owners.
Order ``ZM-2026-0012NN`` (NN = 01..30) belongs to customer ``K-0MM`` with MM = (NN - 1) % 10 + 1.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

__all__ = ["CUSTOMERS", "create_shop_db", "order_rows"]

SCHEMA = Path(__file__).with_name("schema.sql")

CUSTOMERS = [
    ("K-001", "Jan Przykładowy", "jan.przykladowy@example.com", "500 000 001"),
    ("K-002", "Anna Testowa", "anna.testowa@example.com", "500 000 002"),
    ("K-003", "Piotr Zmyślony", "piotr.zmyslony@example.com", "500 000 003"),
    ("K-004", "Maria Fikcyjna", "maria.fikcyjna@example.com", "500 000 004"),
    ("K-005", "Tomasz Próbny", "tomasz.probny@example.com", "500 000 005"),
    ("K-006", "Ewa Wzorcowa", "ewa.wzorcowa@example.com", "500 000 006"),
    ("K-007", "Adam Demo", "adam.demo@example.com", "500 000 007"),
    ("K-008", "Zofia Makieta", "zofia.makieta@example.com", "500 000 008"),
    ("K-009", "Krzysztof Szkic", "krzysztof.szkic@example.com", "500 000 009"),
    ("K-010", "Katarzyna Wymyślna", "katarzyna.wymyslna@example.com", "500 000 010"),
]
_STATUSES = ["wysłane", "dostarczone", "opłacone", "nowe", "wysłane", "dostarczone", "anulowane", "wysłane",
             "dostarczone", "opłacone"]
_CARRIERS = [("DPD", "kurier"), ("InPost", "paczkomat"), ("DHL", "kurier"), ("GLS", "kurier"),
             ("Poczta Polska", "kurier")]
_STREETS = ["ul. Lipowa 12, 60-101 Poznań", "ul. Klonowa 3/5, 30-002 Kraków", "ul. Brzozowa 8, 80-180 Gdańsk",
            "ul. Jesionowa 21, 50-200 Wrocław", "ul. Dębowa 4, 90-001 Łódź"]
START = date(2026, 11, 2)


def order_rows() -> list[tuple]:
    """The 30 orders as rows of the ``orders`` table."""
    rows = []
    for n in range(1, 31):
        number = f"ZM-2026-{1200 + n:06d}"
        customer = CUSTOMERS[(n - 1) % 10][0]
        status = _STATUSES[(n - 1 + (n - 1) // 10) % 10]
        placed = START + timedelta(days=n % 20)
        carrier, method = _CARRIERS[n % 5]
        shipped = placed + timedelta(days=1) if status in ("wysłane", "dostarczone") else None
        eta = None
        if status in ("wysłane", "opłacone"):
            eta = (shipped or placed + timedelta(days=1)) + timedelta(days=2)
        delivered = shipped + timedelta(days=2) if status == "dostarczone" and shipped else None
        cancelled = placed + timedelta(days=1) if status == "anulowane" else None
        tracking = f"00{340434160000000000 + n * 7919:018d}" if shipped else None
        rows.append((number, customer, status, placed.isoformat(), shipped and shipped.isoformat(),
                     eta and eta.isoformat(), delivered and delivered.isoformat(),
                     cancelled and cancelled.isoformat(), carrier if status != "anulowane" else None,
                     method, tracking, _STREETS[n % 5], round(49.99 + n * 13.5, 2)))
    return rows


def create_shop_db(path: str | Path) -> Path:
    """Create (or re-create) the shop's SQLite database at ``path``; returns the path."""
    path = Path(path)
    if path.exists():
        path.unlink()
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA.read_text(encoding="utf-8"))
        db.executemany("INSERT INTO customers VALUES (?, ?, ?, ?)", CUSTOMERS)
        rows = order_rows()
        db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        delivered = [r for r in rows if r[2] == "dostarczone"]
        db.executemany("INSERT INTO return_labels VALUES (?, ?, ?, ?)", [
            (r[0], f"ZW{5000 + i:06d}", "InPost" if i % 2 else "DPD",
             (date.fromisoformat(r[6]) + timedelta(days=14)).isoformat())
            for i, r in enumerate(delivered)])
        complaint_states = ["przyjęta", "w rozpatrzeniu", "uznana", "odrzucona", "w rozpatrzeniu"]
        resolutions = {"uznana": "wymiana na nowy egzemplarz",
                       "odrzucona": "uszkodzenie mechaniczne z winy użytkownika"}
        db.executemany("INSERT INTO complaints VALUES (?, ?, ?, ?, ?, ?)", [
            (f"RK-2026-{101 + i:06d}", r[0], state, r[6],
             (date.fromisoformat(r[6]) + timedelta(days=14)).isoformat(), resolutions.get(state))
            for i, (r, state) in enumerate(zip(delivered[:5], complaint_states, strict=True))])
    return path
