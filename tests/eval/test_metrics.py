"""Metrics against tables computed by hand."""

from __future__ import annotations

import math

import pytest

from pomocbot.eval.metrics import (
    abstention_scores,
    answer_contained,
    calibration_bins,
    citation_precision,
    coverage_accuracy_curve,
    escalation_scores,
    grounding_rate,
    hit_at_k,
    match_spans,
    mrr,
    ndcg_at_k,
    percentiles,
    pii_scores,
    precision_recall,
    reason_accuracy,
    recall_at_k,
)

pytestmark = pytest.mark.unit

RANKING = ["zwroty", "dostawa", "zwroty", "blik", "paczkomat", "faktura"]  # "zwroty" twice: chunks of one doc


@pytest.mark.parametrize(
    ("gold", "k", "recall", "hit"),
    [
        # one gold document at rank 4 (after de-duplication: zwroty, dostawa, blik, paczkomat, faktura)
        ({"paczkomat"}, 3, 0.0, 0.0),
        ({"paczkomat"}, 4, 1.0, 1.0),
        # two gold documents, one found in the top 2
        ({"dostawa", "faktura"}, 2, 0.5, 1.0),
        ({"dostawa", "faktura"}, 5, 1.0, 1.0),
        # gold never retrieved
        ({"rodo"}, 10, 0.0, 0.0),
    ],
)
def test_recall_and_hit_at_k(gold, k, recall, hit) -> None:
    assert recall_at_k(RANKING, gold, k) == recall
    assert hit_at_k(RANKING, gold, k) == hit


@pytest.mark.parametrize(
    ("gold", "expected"),
    [
        ({"zwroty"}, 1.0),
        ({"blik"}, 1 / 3),  # third distinct document
        ({"faktura", "paczkomat"}, 1 / 4),  # the first gold one counts
        ({"rodo"}, 0.0),
    ],
)
def test_mrr(gold, expected) -> None:
    assert mrr(RANKING, gold) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("gold", "k", "expected"),
    [
        # gold at rank 1: DCG = 1, ideal 1
        ({"zwroty"}, 5, 1.0),
        # gold at rank 2: 1/log2(3) = 0.6309
        ({"dostawa"}, 5, 1 / math.log2(3)),
        # gold at ranks 2 and 4: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3) = (0.6309 + 0.4307) / 1.6309
        ({"dostawa", "paczkomat"}, 5, (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))),
        # gold at rank 4 cut by k = 3
        ({"paczkomat"}, 3, 0.0),
    ],
)
def test_ndcg(gold, k, expected) -> None:
    assert ndcg_at_k(RANKING, gold, k) == pytest.approx(expected)


def test_no_gold_gives_none_not_a_number() -> None:
    assert recall_at_k(RANKING, set(), 5) is None
    assert mrr(RANKING, []) is None
    assert ndcg_at_k(RANKING, ()) is None


@pytest.mark.parametrize(
    ("answer", "golds", "expected"),
    [
        # exact, with citation marker and final dot
        ("Wysyłka do Paczkomatu kosztuje 11,99 zł [1].", ["11,99 zł"], True),
        # no diacritics, other case
        ("Wysylka kosztuje 11,99 ZL.", ["11,99 zł"], True),
        ("MASZ 14 DNI NA ZWROT", "14 dni", True),
        # decimal point vs comma, en dash vs hyphen, no-break space
        ("Cena: 14.99 zł", ["14,99 zł"], True),
        ("Dostawa trwa 3–5 dni roboczych.", ["3-5 dni roboczych"], True),
        ("Kosztuje 199\u00a0zł", ["199 zł"], True),
        # any of several golds
        ("Zwrot jest bezpłatny.", ["darmowy", "bezpłatny"], True),
        # token boundaries: no partial numbers or words
        ("Masz 114 dni", ["14 dni"], False),
        ("dni robocze", ["dni roboczych"], False),
        # empty golds never match
        ("cokolwiek", ["", "  "], False),
    ],
)
def test_answer_containment(answer, golds, expected) -> None:
    assert answer_contained(answer, golds) is expected


def test_abstention_precision_recall_table() -> None:
    # question:        q1    q2     q3     q4     q5     q6
    abstained = [True, True, False, False, True, False]
    should = [True, False, True, False, True, False]
    # tp: q1, q5 = 2; fp: q2 = 1; fn: q3 = 1
    scores = abstention_scores(abstained, should)
    assert (scores.tp, scores.fp, scores.fn) == (2, 1, 1)
    assert scores.precision == pytest.approx(2 / 3) and scores.recall == pytest.approx(2 / 3)


def test_precision_recall_with_nothing_predicted() -> None:
    scores = precision_recall(tp=0, fp=0, fn=3)
    assert scores.precision is None and scores.recall == 0.0 and scores.f1 is None


def test_citation_precision_and_grounding() -> None:
    # 2 of 3 citations right on q1 (a, b right; x wrong), 0 of 1 on q2, q3 has no gold (skipped)
    precision = citation_precision([["a", "b", "x"], ["y"], ["z"]], [{"a", "b"}, {"c"}, set()])
    assert precision == pytest.approx(2 / 4)
    assert citation_precision([[]], [{"a"}]) is None
    assert grounding_rate([True, False, False, True, True]) == pytest.approx(0.6)
    assert grounding_rate([]) is None


def test_coverage_accuracy_and_calibration() -> None:
    confidences = [0.95, 0.8, 0.55, 0.3, 0.1]
    correct = [True, True, False, True, False]
    curve = coverage_accuracy_curve(confidences, correct, [0.0, 0.5, 0.9, 0.99])
    # t=0: 5 answered, 3 right; t=0.5: 3 answered, 2 right; t=0.9: 1 of 1; t=0.99: none answered
    assert [(p["coverage"], p["accuracy"]) for p in curve] == [
        (1.0, 0.6), (0.6, 0.6667), (0.2, 1.0), (0.0, None)
    ]
    bins = calibration_bins(confidences, correct, bins=2)
    # [0, 0.5): 0.3, 0.1 -> mean 0.2, 1 of 2 right; [0.5, 1]: 0.95, 0.8, 0.55 -> mean 0.7667, 2 of 3
    assert [(b["n"], b["confidence"], b["accuracy"]) for b in bins] == [(2, 0.2, 0.5), (3, 0.7667, 0.6667)]


@pytest.mark.parametrize(
    ("gold", "predicted", "rule", "pairs"),
    [
        # same span
        ([("PESEL", 5, 16)], [("PESEL", 5, 16)], "exact", [(0, 0)]),
        # "Pan Jan Nowak" vs "Jan Nowak": overlap matches, exact does not
        ([("OSOBA", 0, 13)], [("OSOBA", 4, 13)], "overlap", [(0, 0)]),
        ([("OSOBA", 0, 13)], [("OSOBA", 4, 13)], "exact", []),
        # same place, other type: no match
        ([("NIP", 0, 10)], [("PESEL", 0, 10)], "overlap", []),
        # touching spans do not overlap (end is exclusive)
        ([("OSOBA", 0, 5)], [("OSOBA", 5, 9)], "overlap", []),
        # one long prediction over two gold names matches one of them (the larger overlap)
        ([("OSOBA", 0, 3), ("OSOBA", 4, 12)], [("OSOBA", 0, 12)], "overlap", [(1, 0)]),
    ],
)
def test_span_matching(gold, predicted, rule, pairs) -> None:
    assert match_spans(gold, predicted, rule) == pairs


def test_pii_scores_per_type_table() -> None:
    gold = [
        [("PESEL", 0, 11), ("OSOBA", 20, 30)],  # text 1
        [("TELEFON", 0, 11), ("EMAIL", 15, 30)],  # text 2
    ]
    predicted = [
        [("PESEL", 0, 11), ("OSOBA", 22, 30), ("OSOBA", 40, 45)],  # PESEL tp, OSOBA tp (overlap), OSOBA fp
        [("TELEFON", 0, 11)],  # TELEFON tp, EMAIL fn
    ]
    scores = pii_scores(gold, predicted)
    table = {kind: (s.tp, s.fp, s.fn) for kind, s in scores.items()}
    assert table == {"EMAIL": (0, 0, 1), "OSOBA": (1, 1, 0), "PESEL": (1, 0, 0), "TELEFON": (1, 0, 0),
                     "ALL": (3, 1, 1)}
    assert scores["OSOBA"].precision == 0.5 and scores["EMAIL"].recall == 0.0
    assert scores["ALL"].f1 == pytest.approx(0.75)
    exact = pii_scores(gold, predicted, rule="exact")
    assert (exact["OSOBA"].tp, exact["OSOBA"].fp, exact["OSOBA"].fn) == (0, 2, 1)


def test_escalation_and_reasons() -> None:
    escalated = [True, True, False, True, False]
    expected = [True, False, True, True, False]
    scores = escalation_scores(escalated, expected)
    assert (scores.tp, scores.fp, scores.fn) == (2, 1, 1)
    assert reason_accuracy([{"complaint"}, {"legal_threat", "complaint"}, set()],
                           [{"complaint", "frustration"}, {"complaint"}, {"vip"}]) == pytest.approx(2 / 3)
    assert reason_accuracy([], []) is None


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        ([5.0], {"p50": 5.0, "p90": 5.0, "p99": 5.0}),
        # positions (n-1)*q: 0.5 -> 15; 0.9 -> 19; 0.99 -> 19.9
        ([10.0, 20.0], {"p50": 15.0, "p90": 19.0, "p99": 19.9}),
        # unsorted input; 10 samples 1..10: p50 at 4.5 -> 5.5, p90 at 8.1 -> 9.1, p99 at 8.91 -> 9.91
        ([float(x) for x in (10, 1, 9, 2, 8, 3, 7, 4, 6, 5)], {"p50": 5.5, "p90": 9.1, "p99": 9.91}),
        ([], {"p50": None, "p90": None, "p99": None}),
    ],
)
def test_percentiles(samples, expected) -> None:
    got = percentiles(samples)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == (None if value is None else pytest.approx(value))
