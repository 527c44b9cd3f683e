"""Answerability: answer when the knowledge base answers, abstain (saying why) when it does not."""

from __future__ import annotations

from datetime import datetime

import pytest

from pomocbot import Assistant, AssistantConfig, Document
from pomocbot.drafting.answerability import TopChunk, answerability_signals
from pomocbot.drafting.confidence import REASONS
from pomocbot.types import Hit
from tests.conftest import EXAMPLES_DIR, SMALL_KB
from tests.fakes import FakeLLM

USE_GROUNDING = {"dense_floor": 0.55, "min_dense_similarity": 0.75}  # the fake embedder is uncalibrated


def _hits(*dense: float) -> list[Hit]:
    return [Hit(doc_id=f"d{i}", chunk_id=f"d{i}#0", title="Dostawa", text="Wysyłamy do Czech.", rank=i + 1,
                score=3.0 - i, dense_score=d, lexical_score=2.0 - i, ngram_score=1.0)
            for i, d in enumerate(dense)]


TOP = TopChunk(stems=frozenset({"wysyłać", "czechy"}), value_kinds=frozenset({"amount"}), opens_yes_no=True)


# -- signals (unit) --------------------------------------------------------------------------------


@pytest.mark.unit
def test_unknown_words_are_counted_apart_from_missing_ones() -> None:
    signals = answerability_signals(
        "czy wysyłacie glebogryzarki do czech?", _hits(0.8, 0.7, 0.6), ["wysyłać", "glebogryzarka", "czechy"],
        TOP, idf=lambda terms: [2.0] * len(terms), best_stem_coverage=0.6, best_ngram_coverage=0.5,
        grounded=1.0, known=lambda terms: [t != "glebogryzarka" for t in terms])
    assert signals.unknown_terms == pytest.approx(1 / 3)
    assert signals.missing_idf == 0.0  # the only missing word is one the base never uses
    assert signals.hit_coverage == pytest.approx(2 / 3) and signals.yes_no_match == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(("question", "missing"), [
    ("Ile kosztuje wysyłka do Czech?", 0.0),       # a price asked, the chunk states one
    ("Jak długo jedzie paczka do Czech?", 1.0),    # a time span asked, the chunk states none
    ("Czy wysyłacie do Czech?", 0.0),              # nothing asked for but yes or no
])
def test_the_asked_for_value_must_be_in_the_top_chunk(question: str, missing: float) -> None:
    signals = answerability_signals(question, _hits(0.8, 0.7, 0.6), ["wysyłać", "czechy"], TOP,
                                    idf=lambda terms: [1.0] * len(terms), best_stem_coverage=1.0,
                                    best_ngram_coverage=1.0, grounded=1.0)
    assert signals.value_missing == missing


@pytest.mark.unit
def test_too_few_hits_leave_the_comparing_signals_unknown() -> None:
    signals = answerability_signals("czy wysyłacie do czech?", _hits(0.8), ["wysyłać", "czechy"], TOP,
                                    idf=lambda terms: [1.0] * len(terms), best_stem_coverage=1.0,
                                    best_ngram_coverage=1.0, grounded=1.0)
    for name in ("margin", "dense_margin", "dense_spread", "fused_support"):
        assert getattr(signals, name) != getattr(signals, name)  # NaN: read as the model's mean
    assert signals.hit_coverage == 1.0


# -- the reply path, with fakes (unit) ---------------------------------------------------------------


@pytest.mark.unit
def test_an_abstention_says_why(make_assistant, small_kb) -> None:
    assistant = make_assistant()
    assistant.add_documents(small_kb)
    reply = assistant.reply("Czy wypożyczacie glebogryzarki na weekend?")
    assert reply.abstained and reply.citations == []
    assert reply.metadata["abstain_reason"] in set(REASONS.values())
    assert "signals" in reply.metadata and reply.confidence < assistant.config.drafting.abstain_below


@pytest.mark.unit
def test_a_one_document_base_still_answers(make_assistant) -> None:
    assistant = make_assistant()
    assistant.add_documents([SMALL_KB[0]])
    reply = assistant.reply("Ile mam dni na zwrot towaru?")
    assert not reply.abstained and "14 dni" in reply.answer


@pytest.mark.unit
@pytest.mark.parametrize(("register", "expected"), [
    ("pan", "Może Pan/Pani zapytać inaczej"), ("ty", "Możesz zapytać inaczej"),
    ("panstwo", "Mogą Państwo zapytać inaczej"),
])
def test_abstention_wording_in_each_register(make_assistant, small_kb, register: str, expected: str) -> None:
    assistant = make_assistant()
    assistant = Assistant(AssistantConfig(persona={"register": register}), embedder=assistant.embedder,
                          stemmer=assistant.index.stemmer)
    assistant.add_documents(small_kb)
    reply = assistant.reply("Czy wypożyczacie glebogryzarki na weekend?", now=datetime(2026, 11, 4, 10, 0))
    assert reply.abstained
    assert "Niestety nie znalazłem tej informacji" in reply.text and expected in reply.text
    # No consultant is promised: none is coming for one "I don't know" (see abstention_escalates).
    assert not reply.escalation.escalate and "Przekaż" not in reply.text


def _llm_assistant(fake_embedder, fake_stemmer, llm: FakeLLM, **drafting) -> Assistant:
    config = AssistantConfig(drafting={"drafter": "llm", "llm": {"model": "fake", "timeout_s": 0.3,
                                                                 "max_retries": 0},
                                       "grounding": USE_GROUNDING, **drafting})
    assistant = Assistant(config, embedder=fake_embedder, stemmer=fake_stemmer, llm=llm)
    assistant.add_documents(SMALL_KB)
    return assistant


@pytest.mark.unit
@pytest.mark.parametrize(("verdict", "abstains"), [("NIE", True), ("TAK", False), ("Nie.", True),
                                                   ("<think>źródło mówi o kurierze</think>TAK", False)])
def test_the_llm_answerability_check_can_veto_an_answer(fake_embedder, fake_stemmer, verdict: str,
                                                        abstains: bool) -> None:
    llm = FakeLLM().enqueue("Dostawa kurierem kosztuje 14,99 zł [1].", verdict)
    reply = _llm_assistant(fake_embedder, fake_stemmer, llm).reply("Ile kosztuje dostawa kurierem?")
    assert llm.calls == 2
    check = " ".join(m.content for m in llm.history[1])
    assert "czy ten fragment (lub fragmenty) odpowiada na pytanie" in check.lower() and "14,99 zł" in check
    assert reply.abstained is abstains
    assert reply.metadata["llm_answerable"] is (not abstains)
    if abstains:
        assert reply.metadata["abstain_reason"].startswith("llm:")


@pytest.mark.unit
@pytest.mark.parametrize("verdict", ["Trudno powiedzieć.", TimeoutError("za wolno")])
def test_an_unclear_or_failed_check_keeps_the_models_decision(fake_embedder, fake_stemmer, verdict) -> None:
    llm = FakeLLM().enqueue("Dostawa kurierem kosztuje 14,99 zł [1].", verdict)
    reply = _llm_assistant(fake_embedder, fake_stemmer, llm).reply("Ile kosztuje dostawa kurierem?")
    assert not reply.abstained and reply.metadata["llm_answerable"] is None


@pytest.mark.unit
def test_the_check_can_be_turned_off_and_never_runs_without_an_llm(fake_embedder, fake_stemmer,
                                                                   make_assistant) -> None:
    llm = FakeLLM().enqueue("Dostawa kurierem kosztuje 14,99 zł [1].")
    reply = _llm_assistant(fake_embedder, fake_stemmer, llm, llm_answerability_check=False).reply(
        "Ile kosztuje dostawa kurierem?")
    assert llm.calls == 1 and "llm_answerable" not in reply.metadata
    offline = make_assistant()
    offline.add_documents(SMALL_KB)
    assert "llm_answerable" not in offline.reply("Ile kosztuje dostawa kurierem?").metadata


# -- planted "answer removed" cases in the example shop, multilingual-e5 (integration) ---------------------

# Services the shop's knowledge base does not describe; each case plants a page that answers the question,
# asks, removes the page and asks again.
PLANTED = [
    (Document(id="uslugi/wypozyczalnia", title="Wypożyczalnia narzędzi",
              text="W sklepie stacjonarnym w Poznaniu wypożyczysz glebogryzarkę, kosiarkę spalinową i rębak. "
                   "Doba wypożyczenia glebogryzarki kosztuje 80 zł, a kaucja wynosi 300 zł i wraca do Ciebie "
                   "po oddaniu sprzętu."),
     "Ile kosztuje wypożyczenie glebogryzarki na dobę?", "80 zł"),
    (Document(id="klub/znizka-studencka", title="Zniżka dla studentów",
              text="Studenci z ważną legitymacją dostają 10% rabatu na pierwsze zamówienie. Kod wyślemy po "
                   "weryfikacji legitymacji przez formularz."),
     "Czy studenci mają jakąś zniżkę?", "10% rabatu"),
    (Document(id="uslugi/grawer", title="Grawerowanie",
              text="Grawer na zegarkach i biżuterii wykonujemy w ciągu 3 dni roboczych. Grawer do 20 znaków "
                   "kosztuje 25 zł. Towaru z grawerem nie można zwrócić."),
     "Ile kosztuje grawer na zegarku?", "25 zł"),
    (Document(id="uslugi/montaz-mebli", title="Montaż mebli",
              text="Montaż szafy lub łóżka przez naszego fachowca zamówisz w koszyku. Usługa kosztuje "
                   "149 zł i jest dostępna w Warszawie, Krakowie i Poznaniu."),
     "Czy można zamówić montaż szafy przez fachowca?", "w koszyku"),
    (Document(id="uslugi/pakowanie-na-prezent", title="Pakowanie na prezent",
              text="Do każdego zamówienia możesz dodać pakowanie na prezent za 9,99 zł. Zapakujemy towar w "
                   "ozdobny papier i dołączymy kartkę z Twoimi życzeniami."),
     "Czy możecie zapakować zamówienie na prezent?", "9,99 zł"),
]


@pytest.fixture(scope="module")
def shop_e5(e5_embedder, polish_stemmer) -> Assistant:
    assistant = Assistant(embedder=e5_embedder, stemmer=polish_stemmer)
    assistant.add_directory(EXAMPLES_DIR / "kb")
    return assistant


@pytest.mark.integration
@pytest.mark.parametrize(("document", "question", "value"), PLANTED, ids=[d.id for d, _, _ in PLANTED])
def test_a_planted_answer_is_given_and_its_removal_lowers_the_confidence(shop_e5: Assistant,
                                                                         document: Document, question: str,
                                                                         value: str) -> None:
    shop_e5.add_documents([document])
    try:
        answered = shop_e5.reply(question)
    finally:
        shop_e5.remove_documents([document.id])
    removed = shop_e5.reply(question)
    assert not answered.abstained and answered.citations[0].doc_id == document.id and value in answered.answer
    # With the page gone the best remaining chunk is on another topic: the confidence falls (by 0.14 for
    # gift wrapping, whose words the return pages share, to 0.7 for the student discount).
    assert removed.confidence < answered.confidence - 0.1
    assert removed.citations == [] or removed.citations[0].doc_id != document.id


@pytest.mark.integration
def test_planted_questions_abstain_once_their_answer_is_removed(shop_e5: Assistant) -> None:
    # At the shipped operating point (false abstention <= 10 % out of fold, benchmarks/RESULTS.md) two of
    # the five planted questions abstain with their page removed; a stricter threshold catches all five.
    abstained = [shop_e5.reply(question).abstained for _, question, _ in PLANTED]
    assert sum(abstained) >= 2
    stricter = Assistant(AssistantConfig(drafting={"abstain_below": 0.7}), embedder=shop_e5.embedder,
                         _index=shop_e5.index)
    assert all(stricter.reply(question).abstained for _, question, _ in PLANTED)


@pytest.mark.integration
@pytest.mark.parametrize("question", [
    "Szukacie ludzi do pracy na magazynie?",
    "Czy studenci mają jakąś zniżkę?",
    "Ile kosztuje wypożyczenie glebogryzarki na dobę?",
])
def test_questions_the_shop_never_covers_abstain(shop_e5: Assistant, question: str) -> None:
    reply = shop_e5.reply(question)
    assert reply.abstained, (reply.confidence, reply.metadata.get("signals"))
    assert reply.metadata["abstain_reason"] == "the knowledge base never mentions what was asked"


@pytest.mark.integration
@pytest.mark.xfail(strict=True, reason="known miss: on-topic words ('sprzęt', 'czajnik', 'paczka') lift an "
                                       "answer the base does not give above the operating point")
@pytest.mark.parametrize("question", [
    "Czy wypożyczacie sprzęt ogrodowy na weekend?",
    "Jak odkamienić czajnik octem?",
    "Czy możecie zapakować zamówienie na prezent?",
])
def test_known_misses_near_the_shops_topics(shop_e5: Assistant, question: str) -> None:
    assert shop_e5.reply(question).abstained
