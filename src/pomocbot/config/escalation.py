"""Escalation settings: when a human takes over, and where the conversation goes.

>>> EscalationConfig(business_hours={0: (9, 17)}).business_hours
{0: (9, 17)}
"""

from __future__ import annotations

from pydantic import Field, field_validator

from pomocbot.codes import default_queues
from pomocbot.config.base import _Config

__all__ = ["EscalationConfig"]


class EscalationConfig(_Config):
    """When a human takes over, and where the conversation goes.

    ``frustration_threshold`` is the conversation frustration score (0..1)
    above which the bot escalates; ``business_hours`` are Europe/Warsaw local
    hours per weekday (Monday = 0), Polish public holidays closed.
    """

    enabled: bool = True
    frustration_threshold: float = Field(0.7, ge=0, le=1)
    tone_classifier: bool = Field(
        True, description="weigh each message's tone with the embedding classifier shipped for the embedder")
    semantic_triggers: bool = Field(
        True, description="recognise handover reasons by meaning when no phrase pattern matched")
    abstentions_in_a_row: int = Field(2, ge=1)
    abstention_escalates: bool = Field(
        False, description="every answer the bot does not know hands the conversation to a consultant "
                           "(reason 'unanswered', P4). Off (default): the bot says it does not know, "
                           "promises no handover and offers to ask again or ask for a consultant; "
                           "abstentions_in_a_row hand over")
    low_confidence_below: float = Field(0.2, ge=0, le=1)
    high_order_value: float = Field(2000.0, ge=0, description="PLN; from customer metadata 'order_value'")
    timezone: str = "Europe/Warsaw"
    business_hours: dict[int, tuple[int, int]] = Field(
        default_factory=lambda: {0: (8, 20), 1: (8, 20), 2: (8, 20), 3: (8, 20), 4: (8, 20), 5: (9, 15)}
    )
    queues: dict[str, str] = Field(
        default_factory=default_queues,
        description="reason code -> queue (default: the routes of pomocbot.codes.REASONS); topic queues "
                    "(płatności, dostawa, konto) come from the conversation",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value)
        except (KeyError, ValueError, OSError) as exc:  # ZoneInfoNotFoundError is a KeyError
            raise ValueError(f"unknown time zone {value!r} (an IANA name such as 'Europe/Warsaw')") from exc
        return value

    @field_validator("business_hours")
    @classmethod
    def _sensible_hours(cls, value: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
        if not value:
            raise ValueError("business_hours needs at least one weekday (Monday = 0): consultants must "
                             "work some time for a handover to say when they answer")
        for day, (opens, closes) in value.items():
            if not 0 <= day <= 6:
                raise ValueError(f"business_hours: weekday {day} is not 0 (Monday) .. 6 (Sunday)")
            if not 0 <= opens < closes <= 24:
                raise ValueError(f"business_hours[{day}] = ({opens}, {closes}): need 0 <= opening < closing "
                                 "<= 24")
        return value
