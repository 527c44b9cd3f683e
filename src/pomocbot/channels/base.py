"""The channels pomocbot writes a reply for, and the lookup that accepts their names.

>>> Channel("sms"), channel_of(" WhatsApp ")
(<Channel.SMS: 'sms'>, <Channel.WHATSAPP: 'whatsapp'>)
>>> channel_of("fax")
Traceback (most recent call last):
...
pomocbot.errors.UnknownChannelError: channel 'fax' is not known; allowed: chat, email, sms, messenger, \
whatsapp, voice
"""

from __future__ import annotations

import enum

from pomocbot.errors import UnknownChannelError

__all__ = ["Channel", "channel_of"]


class Channel(str, enum.Enum):
    """Where the customer reads (or hears) the reply.

    ``chat`` is the form pomocbot composes (greeting line, answer with ``[n]``
    markers, handover or sign-off); :func:`pomocbot.channels.render` turns it
    into the others.
    """

    CHAT = "chat"
    EMAIL = "email"
    SMS = "sms"
    MESSENGER = "messenger"
    WHATSAPP = "whatsapp"
    VOICE = "voice"

    @classmethod
    def _missing_(cls, value: object) -> Channel:
        raise UnknownChannelError(_unknown(value))


def _unknown(value: object) -> str:
    allowed = ", ".join(member.value for member in Channel)
    shown = repr(value) if isinstance(value, str) and len(value) <= 40 else f"of type {type(value).__name__}"
    return f"channel {shown} is not known; allowed: {allowed}"


def channel_of(value: Channel | str) -> Channel:
    """The :class:`Channel` named by ``value`` (case and surrounding spaces do not matter).

    Anything else raises :class:`~pomocbot.errors.UnknownChannelError` naming the allowed values.

    >>> channel_of(Channel.EMAIL), channel_of("E-mail")
    (<Channel.EMAIL: 'email'>, <Channel.EMAIL: 'email'>)
    """
    if isinstance(value, Channel):
        return value
    if not isinstance(value, str):
        raise UnknownChannelError(_unknown(value))
    key = value.strip().lower().replace("-", "")
    try:
        return Channel(key)
    except UnknownChannelError:
        raise UnknownChannelError(_unknown(value)) from None
