"""IP addresses v4 (octets 0-255) and v6."""

from __future__ import annotations

import pytest

from pomocbot.config import PrivacyConfig
from pomocbot.guardrails.analyzer import PolishPIIDetector

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def detector() -> PolishPIIDetector:
    return PolishPIIDetector(PrivacyConfig(entities=("IP",)))


def found(detector: PolishPIIDetector, text: str) -> list[tuple[str, float]]:
    return [(text[e.start:e.end], e.score) for e in detector.detect(text) if e.entity_type == "IP"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Logowałem się z 83.12.45.6.", [("83.12.45.6", 0.95)]),
        ("192.168.0.1", [("192.168.0.1", 0.6)]),
        ("adres IP 255.255.255.255", [("255.255.255.255", 0.95)]),
        ("2001:db8::1", [("2001:db8::1", 0.6)]),
        ("IP: 2a02:a311:4c3:1e80:a1b2:c3d4:e5f6:789", [("2a02:a311:4c3:1e80:a1b2:c3d4:e5f6:789", 0.95)]),
        ("::ffff:192.0.2.1", [("::ffff:192.0.2.1", 0.6)]),
        # invalid octets, too few or too many groups, dates, clock times, versions glued to text
        ("256.1.1.1", []),
        ("1.2.3", []),
        ("1.2.3.4.5", []),
        ("03.06.1985", []),
        ("o 12:30:45", []),
        ("v1.2.3.4", []),
    ],
)
def test_ip_in_sentences(detector: PolishPIIDetector, text: str, expected: list[tuple[str, float]]) -> None:
    assert found(detector, text) == expected
