"""The Document model and its content hash (pomocbot.knowledge.document)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pydantic
import pytest

from pomocbot import InvalidDocumentError
from pomocbot.knowledge import Document

pytestmark = pytest.mark.unit

BASE: dict[str, Any] = {
    "id": "zwroty/zwrot-pieniedzy",
    "text": "Pieniądze zwrócimy w ciągu 14 dni.",
    "title": "Zwrot pieniędzy",
    "source": "kb/zwroty/zwrot-pieniedzy.md",
    "metadata": {"kategoria": "zwroty", "faq": False},
}


def _doc(**changes: Any) -> Document:
    return Document(**{**BASE, **changes})


@pytest.mark.parametrize(
    "doc_id",
    [
        # file ids: relative paths without extension
        "zwroty",
        "dostawa/kurier-dpd",
        "faq/faq_zakupy/3",
        # FAQ ids and Polish letters
        "faq-ile-kosztuje-dostawa",
        "płatności/blik",
        # inner spaces are allowed, only surrounding whitespace is not
        "Zwrot towaru",
    ],
)
def test_valid_ids(doc_id: str) -> None:
    assert Document(id=doc_id, text="Tekst.").id == doc_id


@pytest.mark.parametrize(
    "doc_id",
    [
        # empty or blank
        "",
        " ",
        "\t",
        # surrounding whitespace
        " zwroty",
        "zwroty ",
        "zwroty\n",
        # a line break inside
        "zwroty\nkurier",
    ],
)
def test_invalid_ids(doc_id: str) -> None:
    with pytest.raises(InvalidDocumentError, match="document id must be a non-empty string"):
        Document(id=doc_id, text="Tekst.")


def test_defaults() -> None:
    doc = Document(id="zwroty", text="Masz 14 dni.")
    assert (doc.title, doc.source, doc.metadata) == ("", None, {})


def test_document_is_frozen_and_rejects_unknown_fields() -> None:
    doc = _doc()
    with pytest.raises(pydantic.ValidationError):
        doc.text = "Inny tekst."  # type: ignore[misc]
    with pytest.raises(InvalidDocumentError):
        Document(id="zwroty", text="x", tytul="Zwroty")  # type: ignore[call-arg]


def test_content_hash_is_sha256_hex() -> None:
    digest = _doc().content_hash
    assert len(digest) == 64
    int(digest, 16)


@pytest.mark.parametrize(
    "same",
    [
        # identical content
        {},
        # metadata keys in another order
        {"metadata": {"faq": False, "kategoria": "zwroty"}},
        # source is left out: moving a file does not force re-embedding
        {"source": "inny/katalog/zwrot.md"},
        {"source": None},
    ],
)
def test_content_hash_equal_for_equal_content(same: dict[str, Any]) -> None:
    assert _doc(**same).content_hash == _doc().content_hash


@pytest.mark.parametrize(
    "change",
    [
        # text
        {"text": "Pieniądze zwrócimy w ciągu 30 dni."},
        {"text": "Pieniadze zwrocimy w ciagu 14 dni."},
        {"text": BASE["text"] + " "},
        # title
        {"title": "Zwrot środków"},
        {"title": ""},
        # metadata: a value, a new key, a removed key
        {"metadata": {"kategoria": "platnosci", "faq": False}},
        {"metadata": {**BASE["metadata"], "jezyk": "pl"}},
        {"metadata": {"kategoria": "zwroty"}},
        {"metadata": {"kategoria": "zwroty", "faq": 0}},
    ],
)
def test_content_hash_changes_with_text_title_or_metadata(change: dict[str, Any]) -> None:
    assert _doc(**change).content_hash != _doc().content_hash


def test_title_and_text_cannot_trade_places() -> None:
    a = Document(id="d", text="Zwrot", title="Dostawa")
    b = Document(id="d", text="Dostawa", title="Zwrot")
    assert a.content_hash != b.content_hash


def test_content_hash_of_non_json_metadata() -> None:
    when = dt.date(2026, 5, 1)
    dated = _doc(metadata={"aktualizacja": when}).content_hash
    assert dated == _doc(metadata={"aktualizacja": when}).content_hash
    assert dated != _doc(metadata={"aktualizacja": None}).content_hash
