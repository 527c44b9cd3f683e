"""Replies for every channel (e-mail, SMS, Messenger, WhatsApp, voice) and clean e-mail input.

>>> from pomocbot.channels import Channel, render
>>> render("Dzień dobry! Jestem automatycznym asystentem.\\nZwrot jest bezpłatny [1].", Channel.SMS)
'Zwrot jest bezplatny.'
"""

from __future__ import annotations

from pomocbot.channels.base import Channel, channel_of
from pomocbot.channels.email_input import CleanEmail, clean_email
from pomocbot.channels.render import render
from pomocbot.channels.sms import segments

__all__ = ["Channel", "CleanEmail", "channel_of", "clean_email", "render", "segments"]
