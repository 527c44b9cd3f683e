"""Redactor: mask / placeholder / pseudonym, consistency, idempotence, isolation, typed errors."""

from __future__ import annotations

import random
import re
import threading
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pomocbot.config import RedactionMode
from pomocbot.errors import ConfigError, InvalidQueryError, PomocbotError
from pomocbot.guardrails import TOKEN_PATTERN, Redactor, Vault, pseudonym, simple_name_key
from pomocbot.guardrails.names import name_key
from pomocbot.guardrails.pseudonyms import unmarked
from pomocbot.types import PIIEntity
from tests.guardrails.fake_detector import (
    FakeDetector,
    messages_with_pii,
    valid_dowod,
    valid_iban,
    valid_luhn,
    valid_nip,
    valid_paszport,
    valid_pesel,
    valid_regon,
)

pytestmark = pytest.mark.unit

PESEL = "02070803628"
PHONE = "600 100 200"
EMAIL = "jan.kowalski@wp.pl"
IBAN = "PL61 1090 1014 0000 0712 1981 2874"


def make(mode: str = "placeholder", **kwargs: object) -> Redactor:
    kwargs.setdefault("name_key", simple_name_key)
    return Redactor(FakeDetector(), mode, **kwargs)  # type: ignore[arg-type]


# -- modes ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mode", "text", "expected"),
    [
        # mask: the type only
        ("mask", f"Mój PESEL to {PESEL}.", "Mój PESEL to [PESEL]."),
        ("mask", f"Tel. {PHONE}, mail {EMAIL}", "Tel. [TELEFON], mail [EMAIL]"),
        ("mask", "Dzwoni Jan Kowalski i Anna Nowak", "Dzwoni [OSOBA] i [OSOBA]"),
        ("mask", f"Konto: {IBAN}", "Konto: [NUMER_KONTA]"),
        # placeholder: numbered per type, in order of appearance
        ("placeholder", f"Mój PESEL to {PESEL}.", "Mój PESEL to [PESEL_1]."),
        ("placeholder", "Dzwoni Jan Kowalski i Anna Nowak", "Dzwoni [OSOBA_1] i [OSOBA_2]"),
        ("placeholder", f"Tel. {PHONE} albo 0048 601 200 300, mail {EMAIL}",
         "Tel. [TELEFON_1] albo [TELEFON_2], mail [EMAIL_1]"),
        # placeholder: one person in two inflected forms is one placeholder
        ("placeholder", "Jan Kowalski prosi, by paczkę dać Janowi Kowalskiemu",
         "[OSOBA_1] prosi, by paczkę dać [OSOBA_1]"),
        # nothing to redact
        ("placeholder", "Gdzie jest moja paczka?", "Gdzie jest moja paczka?"),
        ("mask", "Zamówienie 123456 z 12.10.2026", "Zamówienie 123456 z 12.10.2026"),
    ],
)
def test_modes(mode: str, text: str, expected: str) -> None:
    redaction = make(mode).redact(text)
    assert redaction.text == expected
    assert redaction.mode == mode
    assert len(redaction.entities) == len(redaction.replacements)
    for entity, replacement in zip(redaction.entities, redaction.replacements, strict=True):
        assert replacement.startswith(f"[{entity.entity_type}")


def test_entities_are_positions_in_the_original_text() -> None:
    text = f"PESEL {PESEL}, tel. {PHONE}"
    redaction = make().redact(text)
    assert [(e.entity_type, text[e.start:e.end]) for e in redaction.entities] == [("PESEL", PESEL),
                                                                                  ("TELEFON", PHONE)]


def test_mode_accepts_enum_and_rejects_unknown_names() -> None:
    assert make(RedactionMode.MASK).mode is RedactionMode.MASK  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="mask, placeholder, pseudonym"):
        make("hash")


# -- placeholder consistency --------------------------------------------------------------
def test_placeholders_are_consistent_across_turns() -> None:
    redactor = make()
    first = redactor.redact(f"Jestem Jan Kowalski, tel. {PHONE}", "c-1").text
    second = redactor.redact("Przesyłka jest dla Anny Nowak, tel. 601 200 300", "c-1").text
    third = redactor.redact(f"Jana Kowalskiego proszę informować pod {PHONE.replace(' ', '')}", "c-1").text
    assert first == "Jestem [OSOBA_1], tel. [TELEFON_1]"
    assert second == "Przesyłka jest dla [OSOBA_2], tel. [TELEFON_2]"
    assert third == "[OSOBA_1] proszę informować pod [TELEFON_1]"  # inflected name, other phone format
    assert redactor.placeholders("c-1") == 4


@pytest.mark.parametrize("forms", [
    ("Jan Kowalski", "Jana Kowalskiego", "Janowi Kowalskiemu", "Janem Kowalskim"),
    ("Anna Nowak", "Anny Nowak", "Annie Nowak", "Anną Nowak"),
])
def test_inflected_names_share_one_placeholder_with_the_real_name_key(forms: tuple[str, ...]) -> None:
    redactor = Redactor(FakeDetector(), "placeholder")  # default name_key: pomocbot.guardrails.names
    texts = [redactor.redact(f"Chodzi o {form}.", "c-1").text for form in forms]
    assert texts == ["Chodzi o [OSOBA_1]."] * len(forms)


def test_phone_with_country_prefix_is_the_same_number() -> None:
    redactor = make()
    assert redactor.redact("tel. +48 600 100 200", "c").text == "tel. [TELEFON_1]"
    assert redactor.redact("albo 600-100-200", "c").text == "albo [TELEFON_1]"


def test_without_a_conversation_numbering_starts_afresh() -> None:
    redactor = make()
    assert redactor.redact("Dzwoni Anna Nowak").text == "Dzwoni [OSOBA_1]"
    assert redactor.redact("Dzwoni Jan Kowalski").text == "Dzwoni [OSOBA_1]"
    assert redactor.conversation_ids() == []  # nothing kept


def test_conversations_number_independently() -> None:
    redactor = make()
    assert redactor.redact("Anna Nowak", "a").text == "[OSOBA_1]"
    assert redactor.redact("Jan Kowalski", "b").text == "[OSOBA_1]"
    assert redactor.redact("Jan Kowalski", "a").text == "[OSOBA_2]"


def test_other_occurrences_of_a_found_value_are_replaced_too() -> None:
    class FirstOnly:  # a context-driven detector that only finds the first mention
        def detect(self, text: str) -> list[PIIEntity]:
            start = text.find("ABC123456")
            if start < 0:
                return []
            return [PIIEntity(entity_type="DOWOD", start=start, end=start + 9, score=0.9)]

    redaction = Redactor(FirstOnly(), "placeholder").redact("Dowód ABC123456, powtarzam: ABC123456.")
    assert redaction.text == "Dowód [DOWOD_1], powtarzam: [DOWOD_1]."
    assert [e.recognizer for e in redaction.entities] == ["", "repeat"]


def test_a_second_pass_finds_what_context_hid() -> None:
    class GluedNumbers:  # like a real PESEL recognizer: a number glued to another digit group is skipped
        def detect(self, text: str) -> list[PIIEntity]:
            return [PIIEntity(entity_type="PESEL", start=m.start(), end=m.end(), score=1.0)
                    for m in re.finditer(r"(?<!\d)(?<!\d )\d{11}(?! ?\d)", text)]

    text = "PESEL 44051401359. Brat: 40012652349 44051401359."
    once = Redactor(GluedNumbers(), "placeholder", passes=1).redact(text)
    assert once.text == "PESEL [PESEL_1]. Brat: 40012652349 [PESEL_1]."  # the repeat, but not its neighbour
    twice = Redactor(GluedNumbers(), "placeholder").redact(text)
    assert twice.text == "PESEL [PESEL_1]. Brat: [PESEL_2] [PESEL_1]."
    assert [text[e.start:e.end] for e in twice.entities] == ["44051401359", "40012652349", "44051401359"]
    assert Redactor(GluedNumbers(), "placeholder").redact(twice.text).text == twice.text


def test_overlapping_detections_keep_the_longer_one() -> None:
    class Overlapping:
        def detect(self, text: str) -> list[PIIEntity]:
            if not text.isdigit():
                return []
            return [PIIEntity(entity_type="TELEFON", start=6, end=15, score=0.6),
                    PIIEntity(entity_type="NUMER_KONTA", start=0, end=len(text), score=0.9)]

    assert Redactor(Overlapping(), "mask").redact("123456789012345678").text == "[NUMER_KONTA]"


def test_entity_filter_and_min_score() -> None:
    text = f"PESEL {PESEL}, tel. {PHONE}"
    assert make(entities=["PESEL"]).redact(text).text == f"PESEL [PESEL_1], tel. {PHONE}"
    assert make(min_score=0.99).redact(text).text == text  # FakeDetector scores 0.95


# -- tokens and idempotence -------------------------------------------------------------------
def test_tokens_are_never_redacted() -> None:
    class Shouting:  # flags every upper-case word as a person, as a naive name detector might
        def detect(self, text: str) -> list[PIIEntity]:
            return [PIIEntity(entity_type="OSOBA", start=m.start(), end=m.end(), score=0.9)
                    for m in re.finditer(r"[A-ZŁ][A-Za-ząćęłńóśźżŁ_]+(?:_\d+)?", text)]

    redactor = Redactor(Shouting(), "placeholder")
    text = "[OSOBA_1] i [PESEL] oraz Zenon"
    assert redactor.redact(text).text == "[OSOBA_1] i [PESEL] oraz [OSOBA_1]"


@pytest.mark.parametrize("mode", ["mask", "placeholder", "pseudonym"])
@pytest.mark.parametrize("conversation", [None, "c-1"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=messages_with_pii(), names=st.sampled_from(["", " Pozdrawiam, Jan Kowalski", " Anna Nowak"]))
def test_redaction_is_idempotent(mode: str, conversation: str | None, case: tuple[str, list[str]],
                                 names: str) -> None:
    redactor = make(mode)
    once = redactor.redact(case[0] + names, conversation)
    twice = redactor.redact(once.text, conversation)
    assert twice.text == once.text
    assert twice.entities == []


@pytest.mark.parametrize("mode", ["mask", "placeholder", "pseudonym"])
@settings(max_examples=80, deadline=None)
@given(case=messages_with_pii())
def test_no_raw_value_survives(mode: str, case: tuple[str, list[str]]) -> None:
    message, values = case
    redaction = make(mode).redact(message, "c-1")
    for value in values:
        assert value not in redaction.text
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 9:
            assert digits not in re.sub(r"\D", "", redaction.text)


def test_pseudonym_read_as_another_type_is_not_redacted_again() -> None:
    class Fickle:  # reads "+48 and 9 digits" as a phone the first time, its last 11 digits as a PESEL later
        def __init__(self) -> None:
            self.calls = 0

        def detect(self, text: str) -> list[PIIEntity]:
            self.calls += 1
            match = re.search(r"\+48\d{9}", text)
            if match is None:
                return []
            if self.calls == 1:
                return [PIIEntity(entity_type="TELEFON", start=match.start(), end=match.end(), score=0.9)]
            return [PIIEntity(entity_type="PESEL", start=match.start() + 1, end=match.end(), score=0.9)]

    redactor = Redactor(Fickle(), "pseudonym")
    once = redactor.redact("tel. +48600100200", "c-1")
    assert re.fullmatch(r"tel\. \+48\d{9} \(fikcyjny\)", once.text) and "600100200" not in once.text
    assert redactor.redact(once.text, "c-1").text == once.text


# -- pseudonyms ---------------------------------------------------------------------------------
VALIDATORS = {"PESEL": valid_pesel, "NIP": valid_nip, "REGON": valid_regon, "NUMER_KONTA": valid_iban,
              "KARTA": valid_luhn, "DOWOD": valid_dowod, "PASZPORT": valid_paszport}


@pytest.mark.parametrize(
    ("entity_type", "original"),
    [
        ("PESEL", "02070803628"),
        ("NIP", "123-456-32-18"),
        ("NIP", "PL1234563218"),
        ("REGON", "123456785"),
        ("REGON", "12345678512347"),
        ("NUMER_KONTA", "PL61 1090 1014 0000 0712 1981 2874"),
        ("NUMER_KONTA", "61109010140000071219812874"),
        ("KARTA", "4111 1111 1111 1111"),
        ("DOWOD", "ABA300000"),
        ("PASZPORT", "AA1234567"),
    ],
)
@pytest.mark.parametrize("seed", range(25))
def test_pseudonym_identifiers_have_valid_checksums_and_keep_the_shape(entity_type: str, original: str,
                                                                       seed: int) -> None:
    fake = unmarked(pseudonym(entity_type, original, random.Random(seed)))
    assert VALIDATORS[entity_type](fake), fake
    if entity_type not in ("DOWOD", "PASZPORT"):
        # same separators and prefix: only digits differ
        assert re.sub(r"\d", "0", fake) == re.sub(r"\d", "0", original)


@pytest.mark.parametrize("original", ["600 100 200", "+48 600-100-200", "0048600100200", "+48600100200"])
def test_pseudonym_phone_is_unassigned_in_the_same_format(original: str) -> None:
    for seed in range(20):
        fake = unmarked(pseudonym("TELEFON", original, random.Random(seed)))
        assert re.sub(r"\d", "0", fake) == re.sub(r"\d", "0", original)
        assert re.sub(r"\D", "", fake)[-9] == "0"  # no Polish national number starts with 0


@pytest.mark.parametrize(
    ("entity_type", "original", "shape"),
    [
        ("EMAIL", "jan.kowalski@wp.pl", r"[a-z]+\.[a-z]+\d+@example\.com"),
        ("OSOBA", "Jana Kowalskiego", r"[A-ZŁŚŻ][a-ząćęłńóśźż]+ [A-ZŁŚŻŹĆ][a-ząćęłńóśźż]+"),
        # The title and the parts stay as written: a surname after "Pani" gets a woman's surname.
        ("OSOBA", "Pani Kowalska", r"Pani [A-ZŁŚŻŹĆ][a-ząćęłńóśźż]+(ska|cka)"),
        ("OSOBA", "Zosia", r"[A-ZŁŚŻ][a-ząćęłńóśźż]+"),
        ("KOD_POCZTOWY", "00-950 Warszawa", r"\d\d-\d{3} [A-ZŁŚŻ][a-ząćęłńóśźż]+"),
        ("KOD_POCZTOWY", "00-950", r"\d\d-\d{3}"),
        ("ADRES", "ul. Długa 5/3", r"ul\. [A-ZŁŚ][a-ząćęłńóśźż]+ \d+/\d+"),
        ("IP", "83.12.45.6", r"(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+"),
        ("IP", "2a02:a311::1", r"2001:db8::[0-9a-f]+"),
        ("DATA_URODZENIA", "12.03.1985", r"\d\d\.\d\d\.\d{4}"),
        ("DATA_URODZENIA", "1985-03-12", r"\d{4}-\d\d-\d\d"),
        ("DATA_URODZENIA", "12 marca 1985", r"\d{1,2} [a-ząćęłńóśźż]+ \d{4}"),
        ("NIEZNANY", "AB-12", r"[A-Z]{2}-\d\d"),
    ],
)
def test_pseudonym_shapes(entity_type: str, original: str, shape: str) -> None:
    for seed in range(10):
        assert re.fullmatch(shape, unmarked(pseudonym(entity_type, original, random.Random(seed))))


def test_pseudonyms_are_valid_for_pomocbots_recognizers() -> None:
    recognizers = pytest.importorskip("pomocbot.guardrails.recognizers.pl_pesel")
    from pomocbot.guardrails.recognizers.pl_nip import PlNipRecognizer
    from pomocbot.guardrails.recognizers.pl_regon import PlRegonRecognizer

    checks = {"PESEL": (recognizers.PlPeselRecognizer(), "02070803628"),
              "NIP": (PlNipRecognizer(), "1234563218"), "REGON": (PlRegonRecognizer(), "123456785")}
    for kind, (recognizer, original) in checks.items():
        for seed in range(30):
            fake = pseudonym(kind, original, random.Random(seed))
            assert recognizer.validate_result(fake) is not False, (kind, fake)


def test_pseudonyms_are_consistent_within_a_conversation_and_never_the_value() -> None:
    redactor = make("pseudonym")
    first = redactor.redact(f"PESEL {PESEL}, tel. {PHONE}, Jan Kowalski", "c-1")
    second = redactor.redact(f"Jeszcze raz: {PESEL}. Janowi Kowalskiemu, {PHONE}", "c-1")
    fake_pesel, fake_phone, fake_name = first.replacements
    assert fake_pesel != PESEL and valid_pesel(fake_pesel)
    assert fake_phone != PHONE and re.fullmatch(r"\d{3} \d{3} \d{3} \(fikcyjny\)", fake_phone)
    assert fake_name != "Jan Kowalski" and " " in fake_name
    # The same replacement person, in the dative like the original ("Janowi Kowalskiemu").
    _, fake_pesel_again, fake_dative, fake_phone_again = re.fullmatch(
        r"(Jeszcze raz: )(\d+ \(fikcyjny\))\. (.+), (.+)", second.text).groups()
    assert (fake_pesel_again, fake_phone_again) == (fake_pesel, fake_phone)
    assert fake_dative != fake_name and fake_dative.endswith(("owi", "emu", "u"))
    assert name_key(fake_dative) == name_key(fake_name)
    assert PESEL not in first.text + second.text


def test_pseudonyms_differ_between_conversations_unless_a_secret_is_shared() -> None:
    texts = [make("pseudonym").redact(f"PESEL {PESEL}", f"c-{i}").text for i in range(5)]
    assert len(set(texts)) > 1  # random per-conversation secrets
    one = make("pseudonym", secret=b"k" * 32).redact(f"PESEL {PESEL}", "c-1").text
    again = make("pseudonym", secret=b"k" * 32).redact(f"PESEL {PESEL}", "c-1").text
    assert one == again  # reproducible across processes with the same secret
    assert make("pseudonym", secret=b"k" * 32).redact(f"PESEL {PESEL}", "c-2").text != one


def test_two_values_never_share_a_pseudonym() -> None:
    redactor = make("pseudonym")
    pesels = ["02070803628", "44051401359", "85121307938", "90090515836", "00271100011"]
    fakes = [redactor.redact(f"PESEL {p}", "c-1").replacements for p in pesels]
    flat = [f for fake in fakes for f in fake]
    assert len(set(flat)) == len(flat)


# -- state: what is kept, forget, retention, isolation -------------------------------------------
def test_state_keeps_no_raw_value() -> None:
    redactor = make("pseudonym")
    redactor.redact(f"Jan Kowalski, PESEL {PESEL}, {EMAIL}", "c-1")
    state = redactor._states["c-1"]
    dumped = repr(vars(state)).encode() + b"".join(state.tokens) + b"".join(state.issued)
    for value in (PESEL, EMAIL, "Kowalski", "kowalsk"):
        assert value.encode() not in dumped


def test_forget_drops_tokens_and_the_secret() -> None:
    redactor = make("pseudonym")
    fake = redactor.redact(f"PESEL {PESEL}", "c-1").replacements[0]
    assert redactor.forget("c-1") == 1
    assert redactor.forget("c-1") == 0
    assert redactor.placeholders("c-1") == 0
    assert redactor.redact(f"PESEL {PESEL}", "c-1").replacements[0] != fake  # a new secret


def test_purge_idle_since() -> None:
    redactor = make()
    redactor.redact("Anna Nowak", "old")
    redactor._states["old"].last_used -= timedelta(days=40)
    redactor.redact("Anna Nowak", "new")
    assert redactor.purge_idle_since(datetime.now(timezone.utc) - timedelta(days=30)) == ["old"]
    assert redactor.conversation_ids() == ["new"]


def test_least_recently_used_state_is_dropped_beyond_the_bound() -> None:
    redactor = make(max_conversations=2)
    for cid in ("a", "b", "a", "c"):
        redactor.redact("Anna Nowak", cid)
    assert redactor.conversation_ids() == ["a", "c"]


def test_parallel_conversations_never_see_each_others_placeholders() -> None:
    redactor = Redactor(FakeDetector(delay_s=0.0005), "placeholder", vault=Vault(), name_key=simple_name_key)
    people = ["Jan Kowalski", "Anna Nowak", "Piotr Wiśniewski"]
    errors: list[str] = []
    barrier = threading.Barrier(8)

    def converse(worker: int) -> None:
        barrier.wait()
        for round_ in range(15):
            cid = f"c-{worker}-{round_ % 3}"
            # each conversation mentions the people in its own order: numbering must follow it
            order = people[worker % 3:] + people[:worker % 3]
            for person in order:
                text = redactor.redact(f"Proszę połączyć z {person}", cid).text
                expected = f"[OSOBA_{order.index(person) + 1}]"
                if not text.endswith(expected):
                    errors.append(f"{cid}: {text} != {expected}")
                restored = redactor.vault.restore(expected, cid)  # type: ignore[union-attr]
                if restored != person:
                    errors.append(f"{cid}: vault gave {restored}")

    threads = [threading.Thread(target=converse, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(redactor.conversation_ids()) == 24


# -- typed errors that never echo values --------------------------------------------------------
def test_non_string_is_a_typed_error() -> None:
    with pytest.raises(InvalidQueryError, match="got bytes"):
        make().redact(b"PESEL 02070803628")  # type: ignore[arg-type]


def test_failing_detector_error_does_not_echo_the_text() -> None:
    class Broken:
        def detect(self, text: str) -> list[PIIEntity]:
            raise ValueError(f"cannot parse {text!r}")

    with pytest.raises(PomocbotError) as info:
        Redactor(Broken()).redact(f"Mój PESEL to {PESEL}")
    assert PESEL not in str(info.value)
    # the detector's message (which may quote the text) is not chained
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert "Broken" in str(info.value) and "ValueError" in str(info.value)


def test_entity_outside_the_text_is_an_error_without_the_value() -> None:
    class OutOfRange:
        def detect(self, text: str) -> list[PIIEntity]:
            return [PIIEntity(entity_type="PESEL", start=13, end=99, score=1.0)]

    with pytest.raises(PomocbotError, match=r"PESEL at 13-99, outside the text of 24 characters") as info:
        Redactor(OutOfRange()).redact(f"Mój PESEL to {PESEL}")
    assert PESEL not in str(info.value)


def test_token_pattern() -> None:
    assert TOKEN_PATTERN.fullmatch("[NUMER_KONTA_12]") and TOKEN_PATTERN.fullmatch("[PESEL]")
    assert not TOKEN_PATTERN.fullmatch("[1]")  # citation markers are not tokens
