"""Fuzzing the public entry points: random Unicode, sizes up to 1 MB and wrong types.

The contract (from the issue): whatever a caller passes, an entry point either
returns normally or raises a :class:`~pomocbot.PomocbotError` subclass. Any
other exception (a pydantic ``ValidationError``, ``TypeError``, ``KeyError``,
``OverflowError``, ...) escaping from the library is a bug; hypothesis shrinks
it to the smallest reproducing call.

One small :class:`~pomocbot.Assistant` family per module: the fake embedder and
stemmer of :mod:`tests.conftest` and one real Polish PII detector shared by all
(building it takes seconds; building an assistant around it, microseconds).
Examples are derandomized so CI runs the same inputs every time; the 1 MB
inputs are a separate table of single calls.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import shutil
import string
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

from pomocbot import (
    Assistant,
    AssistantConfig,
    ConversationConfig,
    Document,
    DraftingConfig,
    EscalationConfig,
    FeedbackConfig,
    FusionMode,
    FusionWeights,
    GroundingConfig,
    KnowledgeConfig,
    LLMConfig,
    PersonaConfig,
    PomocbotError,
    PrivacyConfig,
    RetrievalConfig,
)
from pomocbot.assistant import build_detector
from pomocbot.config import query_time_fields
from pomocbot.guardrails import ENTITY_TYPES, name_key, pseudonym, simple_name_key
from pomocbot.knowledge import SUPPORTED_SUFFIXES, load_directory, load_file
from pomocbot.text import (
    char_ngrams,
    fold_diacritics,
    is_stopword,
    lexical_terms,
    normalize_whitespace,
    sentence_spans,
    split_sentences,
    word_tokens,
)
from tests.conftest import SMALL_KB, FakeEmbedder, FakeStemmer
from tests.fakes import FakeLLM

pytestmark = pytest.mark.unit

FUZZ = settings(deadline=None, derandomize=True, max_examples=100, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
FEW = settings(FUZZ, max_examples=25)
SLOW = settings(FUZZ, max_examples=40)  # examples that write and read files
# An open finding (xfail) fails on its first example: no shrinking, one error (not a group), as fast as that.
XFAIL = settings(FEW, phases=(Phase.explicit, Phase.generate), report_multiple_bugs=False)

MB = 1_000_000


def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)``, or None when it raised a PomocbotError; anything else propagates."""
    try:
        return function(*args, **kwargs)
    except PomocbotError:
        return None


# -- inputs ---------------------------------------------------------------
# Pieces a customer, a copy-paste or an attacker puts into a message.
PIECES = (
    # control characters and line breaks of every kind
    "\x00", "\x07", "\x08", "\x1b", "\x7f", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029",
    # invisible: zero-width, BOM, soft hyphen, word joiner
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e",
    # bidirectional marks and overrides
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069", "\u061c",
    # combining marks (a + ogonek), decomposed Polish letters
    "\u0301", "\u0328", "\u0307", "a\u0328", "z\u0307", "o\u0301",
    # astral characters: emoji, ZWJ sequences, flags, math letters, tags, private use
    "😀", "👩‍👩‍👧", "🇵🇱", "𝕬𝖇𝖈", "\U0001F9D1\u200d\U0001F4BB", "\U0010FFFD", "\U000E0041", "\U000F0000",
    # compatibility forms and other scripts' digits
    "ﬁ", "Ⅻ", "١٢٣", "१२३", "０１２３", "½", "²", "İ", "ß", "ǅ", "Ω", "ʼn",
    # Polish
    "zażółć gęślą jaźń", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "Ile mam dni na zwrot towaru?", "a do paczkomatu?",
    "chcę rozmawiać z człowiekiem", "to skandal, pozwę was do sądu!!!", "usuńcie moje dane (RODO)",
    "Dzień dobry,", "Pozdrawiam", "czy", "jak", "ile", "nie", "tak",
    # personal data, well-formed and almost
    "02070803628", "02070803629", "600 100 200", "+48 600-100-200", "PL61 1090 1014 0000 0712 1981 2874",
    "jan.kowalski@wp.pl", "Jan Kowalski", "Jana Kowalskiego", "ul. Długa 5/7, 00-950 Warszawa",
    "NIP 526-025-02-74", "REGON 123456785", "ABC123456", "AB1234567", "4111 1111 1111 1111",
    "192.168.0.1", "::1", "ur. 12.03.1985", "31.02.2024", "14,99 zł", "14 dni", "8-20", "50%",
    # what the redactor and the drafter write themselves
    "[OSOBA_1]", "[PESEL]", "[TELEFON_12]", "[NUMER_KONTA_2]", "[1]", "[", "]", " (fikcyjny)",
    # markup, formats, punctuation
    "?", "!!!", "...", "…", "„", "”", "«", "—", "-", " ", "   ", "\n\n", "# ", "## Sekcja\n", "* ", "|",
    "<b>", "</p>", "<script>", "&amp;", "&#0;", "&#x110000;", "{", "}", "\\", "%s", "{0}", "\\N", '"', "'",
    ",", ";", "=", "http://example.com/a?b=c", "1e309", "-0", "NaN", "9" * 40,
)

characters = st.characters(exclude_categories=("Cs",))  # every code point but lone surrogates
raw_text = st.text(characters, max_size=30)
long_word = st.builds(lambda piece, n: piece * n,
                      st.sampled_from(["a", "ż", "9", "😀", "\u200b", "-", ".", "Ab"]),
                      st.integers(100, 3000))
piece = st.one_of(raw_text, raw_text, st.sampled_from(PIECES), st.sampled_from(PIECES),
                  st.sampled_from(PIECES), long_word)
text = st.lists(piece, max_size=16).map("".join)
short_text = st.lists(st.one_of(raw_text, st.sampled_from(PIECES)), max_size=6).map("".join)


class _Opaque:
    """An object of no expected type (its str() works)."""


WRONG = (None, True, False, 0, -1, 2**70, 1.5, float("nan"), float("inf"), -float("inf"), 1j, b"", b"zwrot",
         bytearray(b"x"), [], ["zwrot"], [1, 2], (), ("a",), {}, {"a": 1}, set(), frozenset({"x"}), _Opaque(),
         Ellipsis, str, len, Path("zwrot"), Decimal("1.5"), range(3), np.int64(3), np.float32(0.5),
         np.array(["a"]), datetime(2024, 1, 1), timedelta(days=1))
wrong = st.one_of(st.sampled_from(WRONG), st.integers(), st.floats(), st.binary(max_size=10),
                  st.lists(st.integers(), max_size=3), st.dictionaries(short_text, st.integers(), max_size=3))
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | short_text,
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(short_text, inner, max_size=3), max_leaves=8)
anything = st.one_of(text, wrong, json_values)
DOC_ID_ALPHABET = string.ascii_letters + string.digits + "-_/.ąężźćńółś"
doc_ids = st.text(DOC_ID_ALPHABET, min_size=1, max_size=20)
# Customer questions the knowledge base answers, with noise around them (else most calls stop early).
QUESTIONS = ("Ile mam dni na zwrot towaru?", "Ile kosztuje dostawa kurierem?", "Jak zapłacić BLIKIEM?",
             "Czy wystawiacie fakturę VAT?", "Nie pamiętam hasła, co zrobić?", "a do paczkomatu?",
             "W jakich godzinach pracuje biuro?", "Jak złożyć reklamację?", "chcę rozmawiać z człowiekiem")
messages = st.one_of(text, st.tuples(text, st.sampled_from(QUESTIONS), text).map("".join))
conversation_ids = st.one_of(st.none(), st.uuids().map(str), st.uuids().map(str), doc_ids,
                             short_text, text.map(lambda t: t[:250]),
                             st.sampled_from(["c-1", "600100200", "02070803628", "jan.kowalski@wp.pl",
                                              " ", "x" * 200, "x" * 201, "c\x00", "c-\u202e1"]))
# The whole range: a moment near year 1 or 9999 is refused with InvalidArgumentError.
zones = st.sampled_from([timezone.utc, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
datetimes = st.one_of(st.datetimes(), st.datetimes(timezones=zones),
                      st.sampled_from([datetime.min, datetime.max, datetime(1, 1, 1, tzinfo=timezone.utc)]))
moments = st.one_of(st.none(), st.none(), datetimes, datetimes.map(datetime.isoformat),
                    st.sampled_from(["2024-05-05T12:00:00+02:00", "2024-05-05", "2024-12-24T23:59:59",
                                     "wczoraj", "", "2024-13-01", "2024-03-31T02:30:00+01:00"]))
customers = st.one_of(
    st.none(), st.none(),
    st.fixed_dictionaries({"id": doc_ids}, optional={"vip": st.booleans(), "order_value": st.floats(0, 1e6)}),
    st.dictionaries(st.one_of(st.sampled_from(["id", "vip", "order_value", "name", "segment"]), short_text),
                    st.one_of(anything, st.sampled_from(["tak", "false", " 1 ", "2 500,50", "1e400", "nan"])),
                    max_size=4),
)
ks = st.one_of(st.integers(-3, 12), st.sampled_from([10**6, 2**31, 2**63, 2**64 + 1]))


@st.composite
def arguments(draw: st.DrawFn, **valid: st.SearchStrategy[Any]) -> dict[str, Any]:
    """Keyword arguments from ``valid``, at most one of them replaced by a value of a wrong type.

    One wrong argument at a time: with each argument wrong half the time, almost no call would get past
    the first check and the rest of the entry point would go untested.
    """
    bad = draw(st.sampled_from([None, *valid]))
    return {name: draw(wrong if name == bad else strategy) for name, strategy in valid.items()}


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A valid Document with random Unicode text, title, source and metadata."""
    return Document(id=draw(doc_ids), text=draw(text), title=draw(st.one_of(st.none(), short_text)),
                    source=draw(st.one_of(st.none(), short_text)),
                    metadata=draw(st.dictionaries(short_text, json_values, max_size=3)))


document_batches = st.one_of(
    st.lists(documents(), min_size=1, max_size=4),
    st.lists(documents(), max_size=3).map(tuple),
    st.lists(documents(), max_size=3).map(iter),
    documents(),
    st.lists(st.one_of(documents(), anything), min_size=1, max_size=3),
    st.lists(st.fixed_dictionaries({"id": doc_ids, "text": text}), min_size=1, max_size=2),
    anything,
)


# -- assistants -----------------------------------------------------------
@pytest.fixture(scope="module")
def detector():
    """One real Polish PII detector for every assistant of this module (~4 s to build)."""
    built = build_detector(AssistantConfig())
    built.detect("Jan Kowalski, PESEL 02070803628")
    return built


@pytest.fixture(scope="module")
def make(detector):
    """Factory of assistants on the fake embedder and stemmer and the shared detector."""

    def build(config: AssistantConfig | None = None, *, kb: bool = True, **parts: Any) -> Assistant:
        assistant = Assistant(config, embedder=parts.pop("embedder", FakeEmbedder()),
                              stemmer=parts.pop("stemmer", FakeStemmer()),
                              detector=parts.pop("detector", detector), **parts)
        if kb:
            assistant.add_documents(list(SMALL_KB))
        return assistant

    return build


@pytest.fixture(scope="module")
def assistants(make) -> list[Assistant]:
    """Three set-ups: the defaults; pseudonyms, a vault and retention; masks, privacy off, odd opening hours.

    """
    return [
        make(),
        make(AssistantConfig(privacy={"mode": "pseudonym", "vault": True},
                             conversation={"retention_days": 30})),
        make(AssistantConfig(privacy={"mode": "mask", "enabled": False},
                             escalation={"business_hours": {6: (23, 24)}, "timezone": "Pacific/Kiritimati"})),
    ]


class ScriptedLLM(FakeLLM):
    """A FakeLLM that answers every call with ``script`` (a text, or an exception to raise)."""

    script: Any = ""

    def _answer(self, messages: Any) -> str:
        if isinstance(self.script, BaseException):
            raise self.script
        return self.script


LLM_DRAFTING = {"drafter": "llm", "llm": {"model": "fake", "timeout_s": 2, "max_retries": 0},
                "grounding": {"dense_floor": 0.55, "min_dense_similarity": 0.75}}


@pytest.fixture(scope="module")
def llm_assistant(make) -> tuple[Assistant, ScriptedLLM]:
    llm = ScriptedLLM()
    return make(AssistantConfig(drafting=LLM_DRAFTING), llm=llm), llm


# -- configuration --------------------------------------------------------
SECTIONS = {"knowledge": KnowledgeConfig, "retrieval": RetrievalConfig, "drafting": DraftingConfig,
            "persona": PersonaConfig, "conversation": ConversationConfig, "privacy": PrivacyConfig,
            "escalation": EscalationConfig}
SECTION_MODELS = (*SECTIONS.values(), FusionWeights, FeedbackConfig, GroundingConfig, LLMConfig)
FIELD_NAMES = sorted({name for model in SECTION_MODELS for name in model.model_fields})
# Values some field takes: enum names, bounds, the shapes of tuple and dict fields.
PLAUSIBLE = st.sampled_from(["flat", "hnsw", "ivfpq", "e5", "use", "huggingface", "zscore", "rrf", "dense",
                             "lexical", "pan", "ty", "panstwo", "llm", "extractive", "memory", "mask",
                             "placeholder", "pseudonym", "model", "rules", "polimorf", "utf-8", "cp1250",
                             "nie-ma-takiego", 0, 1, 2, 4, 16, 64, 0.0, 0.5, 1.0, -1, 10**9, True, False,
                             None, (), ("PESEL",), {0: (8, 20)}, {9: (20, 8)}, {"complaint": "x"}])
field_values = st.one_of(PLAUSIBLE, PLAUSIBLE, anything)
section_fields = st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), short_text), field_values,
                                 max_size=4)
config_fields = st.dictionaries(
    st.one_of(st.sampled_from(sorted(SECTIONS)), short_text),
    st.one_of(section_fields, section_fields, section_fields, anything), max_size=3)


@FUZZ
@given(fields=config_fields)
@example(fields={"retrieval": {"index_kind": "ivfpq", "pq_m": 3}})
@example(fields={"retrieval": {"index_kind": "hnsw", "hnsw_m": 4, "candidates": 1, "fusion": "rrf"}})
@example(fields={"escalation": {"business_hours": {0: (20, 8), 7: (0, 24)}, "timezone": "Mars/Olympus"}})
@example(fields={"persona": {"bot_name": "\u202e" * 60, "greeting": "\x00", "sign_off": ""}})
def test_assistant_config_from_random_fields(make, fields: dict[str, Any]) -> None:
    config = call(AssistantConfig, **fields)
    if config is None or config.drafting.llm is not None or config.conversation.sqlite_path is not None:
        return  # no LLM server to call, no files written at random paths
    assistant = call(make, config)
    if assistant is not None:
        call(assistant.reply, "Ile mam dni na zwrot towaru?", "c-config", now="2024-05-06T10:00:00+02:00")
        call(assistant.reply, "chcę rozmawiać z człowiekiem", "c-config")  # a handover: opening hours
        call(assistant.search, "paczkomat", 3)


@FUZZ
@given(obj=anything)
@example(obj={"retrieval": None})
@example(obj=[("retrieval", {})])
def test_assistant_config_model_validate(obj: object) -> None:
    call(AssistantConfig.model_validate, obj)


@FUZZ
@given(data=st.one_of(text, st.binary(max_size=50), json_values.map(json.dumps)))
def test_assistant_config_model_validate_json(data: str | bytes) -> None:
    call(AssistantConfig.model_validate_json, data)


@FUZZ
@given(section=st.one_of(*(st.tuples(st.just(model), section_fields) for model in SECTION_MODELS)))
def test_section_configs_from_random_fields(section: tuple[type, dict[str, Any]]) -> None:
    model, fields = section
    call(model, **fields)


@FUZZ
@given(value=anything)
def test_mode_enums_from_random_values(value: object) -> None:
    call(FusionMode, value)


# -- documents ------------------------------------------------------------
@FUZZ
@given(id=st.one_of(doc_ids, text, wrong), body=st.one_of(text, wrong), title=st.one_of(text, wrong),
       source=st.one_of(st.none(), text, wrong),
       metadata=st.one_of(st.dictionaries(short_text, json_values), wrong))
def test_document_from_random_fields(id: object, body: object, title: object, source: object,
                                     metadata: object) -> None:
    document = call(Document, id=id, text=body, title=title, source=source, metadata=metadata)
    if document is not None:
        assert isinstance(document.content_hash, str)


@FUZZ
@given(batch=document_batches, progress=st.one_of(st.none(), st.just(lambda done, total: None), wrong),
       query=messages)
@example(batch=[Document(id="a", text="\x00"), Document(id="a", text="  ")], progress=None, query="a")
@example(batch=[Document(id="ż", text="## \n## \n# ")], progress=None, query="#")
@example(batch=[Document(id="a", text="Zwrot w 14 dni.")], progress=True, query="zwrot")
def test_add_documents_then_search_and_reply(make, batch: object, progress: object, query: str) -> None:
    assistant = make(kb=False)
    report = call(assistant.add_documents, batch, progress=progress)
    if report is not None and len(assistant):
        call(assistant.search, query, 3)
        call(assistant.reply, query, "c-kb")
        call(assistant.remove_documents, assistant.document_ids[:1])


@FEW
@given(doc_ids=st.one_of(st.lists(st.one_of(doc_ids, text, wrong), max_size=3), text, wrong))
@example(doc_ids=None)
@example(doc_ids=["zwroty", 5])
def test_remove_documents(make, doc_ids: object) -> None:
    assistant = make()
    call(assistant.remove_documents, doc_ids)
    call(assistant.search, "zwrot towaru", 2)


# -- answering ------------------------------------------------------------
@settings(FUZZ, max_examples=150)
@given(which=st.integers(0, 2),
       args=arguments(message=messages, conversation_id=conversation_ids, customer=customers, now=moments))
@example(which=0, args={"message": "Ile mam dni na zwrot?", "conversation_id": "c-1",
                        "customer": {"vip": "tak"}, "now": "2024-05-06T07:59:59+02:00"})
@example(which=1, args={"message": "Jan Kowalski 600 100 200", "conversation_id": "c-1", "customer": None,
                        "now": datetime(2024, 12, 24, 23, 59)})
@example(which=2, args={"message": "\u202e\u200b" * 1500 + "?", "conversation_id": None,
                        "customer": {"order_value": "1e400"}, "now": None})
def test_reply(assistants: list[Assistant], which: int, args: dict[str, Any]) -> None:
    reply = call(assistants[which].reply, args.pop("message"), args.pop("conversation_id"), **args)
    if reply is not None:
        assert isinstance(reply.text, str)


@FEW
@given(script=st.one_of(text, st.sampled_from([
           "", "[1]", "[99] Zwrot.", "Masz 14 dni [1][2][1].", "TAK", "NIE", '{"answer": 1}', "<think>",
           "```json\n{}\n```"]), st.sampled_from([RuntimeError("awaria"), TimeoutError(), ValueError("x")])),
       message=messages)
def test_reply_with_random_llm_answers(llm_assistant: tuple[Assistant, ScriptedLLM], script: object,
                                       message: str) -> None:
    assistant, llm = llm_assistant
    llm.script = script
    call(assistant.reply, message, "c-llm")


@FUZZ
@given(args=arguments(query=text, k=ks))
def test_search(assistants: list[Assistant], args: dict[str, Any]) -> None:
    hits = call(assistants[0].search, args["query"], args["k"])
    if hits is not None:
        assert all(hit.rank >= 1 for hit in hits)


@FUZZ
@given(messages=st.one_of(st.lists(messages, max_size=4),
                          st.lists(st.one_of(messages, wrong), min_size=1, max_size=3),
                          st.lists(messages, max_size=3).map(iter), st.lists(messages, max_size=3).map(tuple),
                          messages, wrong))
def test_assess_frustration(assistants: list[Assistant], messages: object) -> None:
    call(assistants[0].assess_frustration, messages)


# -- privacy --------------------------------------------------------------
@FUZZ
@given(which=st.integers(0, 2), args=arguments(value=text, conversation_id=conversation_ids))
@example(which=0, args={"value": "Jan Kowalski " * 50 + "[OSOBA_1" * 20, "conversation_id": "c-r"})
@example(which=1, args={"value": "Jan Kowalski", "conversation_id": ["c-1"]})
def test_redact_and_detect(assistants: list[Assistant], which: int, args: dict[str, Any]) -> None:
    assistant, value, conversation_id = assistants[which], args["value"], args["conversation_id"]
    redaction = call(assistant.redact, value, conversation_id)
    if redaction is not None:
        assert all(0 <= e.start < e.end <= len(value) for e in redaction.entities)
    call(assistant.redactor.detect, value)
    if isinstance(value, str):  # the detector protocol is str -> entities; the redactor checks the type
        assistant.detector.detect(value)
    if assistant.vault is not None:
        call(assistant.vault.restore, redaction.text if redaction else value, conversation_id)


@FUZZ
@given(which=st.integers(0, 3), conversation_id=st.one_of(conversation_ids, wrong),
       now=st.one_of(moments, wrong))
@example(which=3, conversation_id=[], now=None)
def test_forget_and_purge_expired(make, assistants: list[Assistant], which: int, conversation_id: object,
                                  now: object) -> None:
    # the fourth: nothing built lazily yet (no redactor), so the conversation store is reached
    assistant = assistants[which] if which < 3 else make(AssistantConfig(privacy={"enabled": False}),
                                                         kb=False)
    call(assistant.forget, conversation_id)
    call(assistant.purge_expired, now)


@FEW
@given(value=text, entity_type=st.one_of(st.sampled_from(sorted(ENTITY_TYPES)), short_text))
def test_name_keys_and_pseudonyms(value: str, entity_type: str) -> None:
    simple_name_key(value)
    name_key(value)
    pseudonym(entity_type, value, random.Random(0))


# -- retrieval settings and persistence -------------------------------------
@FUZZ
@given(changes=st.dictionaries(st.one_of(st.sampled_from(sorted(query_time_fields("retrieval"))), short_text),
                               field_values, max_size=3))
@example(changes={"candidates": 1, "max_query_chars": 16, "fusion": "lexical"})
@example(changes={"weights": {"dense": 0, "stems": 0, "ngrams": 0}})
def test_update_retrieval(make, changes: dict[str, Any]) -> None:
    assistant = make()
    call(assistant.update_retrieval, **changes)
    call(assistant.search, "czy mogę zwrócić towar?", 3)


@FEW
@given(name=st.one_of(text.map(lambda t: t[:60]), wrong))
@example(name="a\x00b")
@example(name="x" * 300)
def test_save_to_random_paths(make, name: object) -> None:
    assistant = make()
    with tempfile.TemporaryDirectory() as tmp:
        if isinstance(name, str):
            assume(".." not in name)
            path: object = Path(tmp) / name.lstrip("/")
        else:
            path = name
        call(assistant.save, path)


@pytest.fixture(scope="module")
def saved_index(make, tmp_path_factory) -> Path:
    """The small knowledge base saved once; tests damage copies of it."""
    path = tmp_path_factory.mktemp("fuzz-index") / "index"
    make().save(path)
    return path


INDEX_FILES = ("manifest.json", "documents.json", "chunks.jsonl", "ids.npy", "vectors.npy",
               "cache_digests.npy", "cache_vectors.npy", "CURRENT")
INDEX_KEYS = ("format", "format_version", "embedder", "config", "files", "name", "dimension", "content_hash",
              "title", "source", "chunk_keys", "key", "chunk_id", "doc_id", "text", "section", "position",
              "metadata")


@st.composite
def index_damage(draw: st.DrawFn) -> tuple[str, str, object]:
    """(file, how, what): new bytes for a file, a JSON value at a key (top level or one down), or deletion."""
    file = draw(st.sampled_from(INDEX_FILES))
    how = draw(st.sampled_from(["bytes", "json", "json-inner", "delete"]))
    if how == "bytes":
        return file, how, draw(st.one_of(st.binary(max_size=64), text.map(lambda t: t.encode("utf-8"))))
    if how == "delete":
        return file, how, None
    return file, how, (draw(st.one_of(st.sampled_from(INDEX_KEYS), short_text)), draw(json_values))


def _damage(root: Path, file: str, how: str, what: Any, fix_checksum: bool) -> None:
    folder = root if file == "CURRENT" else root / (root / "CURRENT").read_text(encoding="utf-8").strip()
    target = folder / file
    if how == "delete":
        target.unlink()
    elif how == "bytes":
        target.write_bytes(what)
    elif file.endswith(".jsonl"):
        key, value = what
        lines = target.read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[0 if how == "json" else -1])
        record[key] = value
        lines[0 if how == "json" else -1] = json.dumps(record)
        target.write_text("\n".join(lines), encoding="utf-8")
    elif file.endswith(".json"):
        key, value = what
        data = json.loads(target.read_text(encoding="utf-8"))
        inner = data.get(key) if how == "json-inner" else None
        if isinstance(inner, dict) and inner:  # one level down: a document's entry, the embedder's name
            inner[next(iter(inner))] = value
        elif how == "json-inner" and data:
            data[next(iter(data))] = {key: value}
        else:
            data[key] = value
        target.write_text(json.dumps(data), encoding="utf-8")
    else:
        return  # JSON damage to a binary file: left as it is
    if fix_checksum and file not in ("manifest.json", "CURRENT") and target.exists():
        # Damage the checksums do not see (a file edited by hand, then "repaired"): the parsers are reached.
        manifest_path = folder / "manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        manifest["files"][file] = hashlib.sha256(target.read_bytes()).hexdigest()
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


@SLOW
@given(damage=st.lists(index_damage(), min_size=1, max_size=2), fix_checksum=st.booleans(),
       config=st.one_of(st.none(), st.none(), wrong))
@example(damage=[("CURRENT", "bytes", b"\xff\xfe")], fix_checksum=False, config=None)
@example(damage=[("manifest.json", "json", ("files", {"../../x": "0"}))], fix_checksum=False, config=None)
@example(damage=[("chunks.jsonl", "json", ("key", "7"))], fix_checksum=True, config=None)
@example(damage=[("documents.json", "json-inner", ("chunk_keys", None))], fix_checksum=True, config=None)
def test_load_damaged_index(saved_index: Path, damage: list[tuple[str, str, object]], fix_checksum: bool,
                            config: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "index"
        shutil.copytree(saved_index, root)
        for file, how, what in damage:
            # An earlier damage may make this one impossible; the index is damaged anyway.
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
                _damage(root, file, how, what, fix_checksum)
        loaded = call(Assistant.load, root, config, embedder=FakeEmbedder())
        if loaded is not None:
            call(loaded.search, "zwrot", 3)
            call(loaded.reply, "Ile mam dni na zwrot?")


# File names without surrounding spaces and FAQ ids without whitespace: see rows "load_*-blank-id".
file_stems = st.text(string.ascii_letters + string.digits + "ąę _-", min_size=1, max_size=8).map(
    lambda stem: stem.strip() or "plik")
faq_ids = st.one_of(st.none(), doc_ids, st.integers(), st.booleans(), st.lists(st.integers(), max_size=2))
faq_rows = st.fixed_dictionaries({"id": faq_ids, "question": st.one_of(text, json_values),
                                  "answer": st.one_of(text, json_values)})
def _lines(lines: list[str]) -> bytes:
    return "\n".join(lines).encode()


random_files = st.lists(
    st.tuples(file_stems, st.sampled_from([*SUPPORTED_SUFFIXES, ".MD", ".pdf", "", ".json"]),
              st.one_of(st.binary(max_size=200),
                        text.map(lambda t: t.encode("utf-8")),
                        text.map(lambda t: t.encode("utf-16")),
                        text.map(lambda t: t.encode("cp1250", "replace")),
                        st.lists(json_values.map(json.dumps), max_size=3).map(_lines),
                        st.lists(faq_rows.map(json.dumps), max_size=3).map(_lines),
                        st.lists(st.lists(short_text, max_size=3).map(",".join), max_size=4)
                        .map(lambda rows: ("question,answer\n" + "\n".join(rows)).encode()))),
    max_size=4)


def _write(folder: Path, files: list[tuple[str, str, bytes]]) -> list[Path]:
    paths = []
    for stem, suffix, data in files:
        path = folder / f"{stem}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


@FUZZ
@given(files=random_files, encodings=st.sampled_from([("utf-8",), ("utf-8", "cp1250"), ("nie-ma-takiego",)]))
@example(files=[("faq", ".csv", b"question;answer\nq?;a.\n\"niedomkni\xc4\x99ty;x\n")], encodings=("utf-8",))
@example(files=[("faq", ".html", b"<html><title>\x00</title><body><script>x</script></body>")],
         encodings=("utf-8",))
def test_load_file_and_directory_with_random_files(files: list[tuple[str, str, bytes]],
                                                   encodings: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for path in _write(Path(tmp), files):
            call(load_file, path, encodings=encodings)
        call(load_directory, tmp, encodings=encodings)


@SLOW
@given(files=random_files)
def test_add_directory_with_random_files(make, files: list[tuple[str, str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), files)
        assistant = make(kb=False)
        call(assistant.add_directory, tmp)
        call(assistant.search, "zwrot", 2)
        call(assistant.reply, "Ile mam dni na zwrot?")
        call(Assistant.from_directory, Path(tmp) / "nie-ma", embedder=FakeEmbedder())


@FEW
@given(path=st.one_of(wrong, text.map(lambda t: t[:40])))
def test_index_paths_of_wrong_type(path: object) -> None:
    if isinstance(path, str):
        assume(".." not in path and not path.startswith("/"))
        with tempfile.TemporaryDirectory() as tmp:
            call(Assistant.load, str(Path(tmp) / path), embedder=FakeEmbedder())
        return
    call(Assistant.load, path, embedder=FakeEmbedder())


# -- the front object's parts -------------------------------------------------
def _truthy(value: object) -> bool:
    try:
        return bool(value)
    except ValueError:  # a numpy array of several values
        return True


@pytest.mark.parametrize("part", ["config", "embedder", "stemmer", "llm", "detector", "redactor",
                                  "conversations", "confidence"])
def test_assistant_parts_of_wrong_type(detector, part: str) -> None:
    # A falsy part (0, "", []) means "build the default", which for the embedder loads multilingual-e5.
    @FEW
    @given(value=st.one_of(st.sampled_from([v for v in WRONG if _truthy(v)]),
                           st.dictionaries(st.sampled_from(sorted(SECTIONS)), st.just({}), min_size=1)))
    def check(value: object) -> None:
        parts: dict[str, Any] = {"embedder": FakeEmbedder(), "stemmer": FakeStemmer(), "detector": detector,
                                 part: value}
        config = parts.pop("config", None)
        assistant = call(Assistant, config, **parts)
        if assistant is not None:
            call(assistant.add_documents, list(SMALL_KB))
            call(assistant.reply, "Ile mam dni na zwrot?", "c-parts")
            call(assistant.redact, "Jan Kowalski")

    check()


# -- text tools -------------------------------------------------------------
@FUZZ
@given(value=text, n=st.integers(1, 10))
def test_text_tools(value: str, n: int) -> None:
    stem = FakeStemmer().stem
    fold_diacritics(value)
    normalize_whitespace(value)
    spans = sentence_spans(value)
    assert all(0 <= start <= end <= len(value) for start, end in spans)
    split_sentences(value)
    lexical_terms(value, stem)
    char_ngrams(value, n)
    for token in word_tokens(value)[:5]:
        is_stopword(token)


# -- one megabyte -----------------------------------------------------------
@pytest.fixture(scope="module")
def megabyte() -> str:
    """1 MB of customer-like text: Polish, personal data, invisible marks, other scripts, emoji."""
    rng = random.Random(20240506)
    parts, size = [], 0
    while size < MB:
        part = rng.choice(PIECES) if rng.random() < 0.6 else "".join(
            chr(rng.choice([rng.randint(0x20, 0x24F), rng.randint(0x370, 0x52F),
                            rng.randint(0x1F300, 0x1F6FF)]))
            for _ in range(rng.randint(1, 12)))
        parts.append(part + rng.choice([" ", " ", "\n", ". ", ""]))
        size += len(parts[-1])
    return "".join(parts)[:MB]


def _load_big_file(big: str) -> object:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "duzy.txt"
        path.write_bytes(big.encode("utf-8") + random.Random(1).randbytes(MB))
        return load_file(path)


BIG_CALLS: dict[str, Callable[[Assistant, str], object]] = {
    "reply": lambda a, big: a.reply(big, "c-big"),
    "reply-conversation-id": lambda a, big: a.reply("zwrot?", big),
    "reply-one-word": lambda a, big: a.reply("ż" * MB),
    "search": lambda a, big: a.search(big, 3),
    "assess_frustration": lambda a, big: a.assess_frustration([big, big[:1000]]),
    "redact": lambda a, big: a.redact(big, "c-big"),
    "forget": lambda a, big: a.forget(big),
    "config": lambda a, big: AssistantConfig(persona={"greeting": big}),
    "add_documents": lambda a, big: a.add_documents([Document(id="duzy", title=big[:300], text=big)]),
    # (with the default warn_on_knowledge_pii the detector reads each new document twice: ~2 x 7 s here)
    "load_file": lambda a, big: _load_big_file(big),
}


class CheapEmbedder(FakeEmbedder):
    """One hashed dimension per text: 7,000 chunks of a 1 MB document embed in milliseconds, not seconds."""

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float64)
        vector[int.from_bytes(hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=4).digest(),
                              "big") % self.dimension] = 1.0
        return vector


@pytest.mark.parametrize("name", sorted(BIG_CALLS))
def test_one_megabyte_inputs(make, megabyte: str, name: str) -> None:
    if name == "add_documents":
        assistant = make(AssistantConfig(privacy={"warn_on_knowledge_pii": False}), embedder=CheapEmbedder())
    else:
        assistant = make()
    call(BIG_CALLS[name], assistant, megabyte)


# -- the findings of the first fuzz run, kept as regressions: each is a typed error now -----------------
def _load_faq(data: bytes, suffix: str = ".jsonl") -> object:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"faq{suffix}"
        path.write_bytes(data)
        return load_file(path)


def _in_tmp(function: Callable[[str], object]) -> object:
    with tempfile.TemporaryDirectory() as tmp:
        return function(tmp)


RETAINING = AssistantConfig(conversation={"retention_days": 30})
FOUND = {
    "add_documents-not-iterable": lambda make: make(kb=False).add_documents(True),
    "assess_frustration-not-iterable": lambda make: make().assess_frustration(None),
    "reply-now-year-9999": lambda make: make().reply("chcę rozmawiać z człowiekiem", now=datetime.max),
    "reply-now-year-1-text": lambda make: make().reply("chcę rozmawiać z człowiekiem",
                                                       now="0001-01-01T00:00:00+14:00"),
    "escalation-unknown-timezone": lambda make: AssistantConfig(escalation={"timezone": "Mars/Olympus"}),
    "escalation-hour-out-of-range": lambda make: AssistantConfig(escalation={"business_hours": {0: (-1, 5)}}),
    "escalation-without-business-hours": lambda make: AssistantConfig(escalation={"business_hours": {}}),
    "escalation-no-such-weekday": lambda make: AssistantConfig(escalation={"business_hours": {7: (8, 16)}}),
    "purge_expired-not-a-datetime": lambda make: make(RETAINING).purge_expired("jutro"),
    "purge_expired-year-1": lambda make: make(RETAINING).purge_expired(datetime(1, 1, 1)),
    "update_retrieval-bad-value": lambda make: make().update_retrieval(candidates=0),
    "load_file-none": lambda make: load_file(None),
    "add_directory-none": lambda make: make(kb=False).add_directory(None),
    "document-blank-id": lambda make: Document(id=" ", text="x"),
    "section-config": lambda make: RetrievalConfig(candidates=0),
    "mode-enum": lambda make: FusionMode("najlepszy"),
    "config-json": lambda make: AssistantConfig.model_validate_json("{"),
    "redactor-of-wrong-type": lambda make: Assistant(redactor=True),
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_first_findings_are_typed_errors(make, name: str) -> None:
    with pytest.raises(PomocbotError):
        FOUND[name](make)


@pytest.mark.parametrize(("data", "suffix", "expected"), [
    ('{"id": " ", "question": "Ile?", "answer": "Dużo."}', ".jsonl", "faq/1"),
    ('{"id": "a\\nb", "question": "Ile?", "answer": "Dużo."}', ".jsonl", "faq/1"),
    ('question,answer,id\nIle?,Dużo.," "\n', ".csv", "faq/2"),  # the CSV entry is on line 2
])
def test_a_blank_or_multiline_faq_id_numbers_the_entry(data: str, suffix: str, expected: str) -> None:
    [document] = _load_faq(data.encode(), suffix)
    assert document.id == expected


def test_a_file_name_with_spaces_around_is_reported_not_raised() -> None:
    def load(tmp: str):
        Path(tmp, " zwroty.md").write_text("Zwrot w 14 dni.")
        return load_directory(tmp)

    documents, report = _in_tmp(load)
    assert documents == [] and [f.path for f in report.failures] == [" zwroty.md"]
