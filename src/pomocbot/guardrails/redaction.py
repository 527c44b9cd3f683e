"""Redaction: personal data replaced by masks, numbered placeholders or pseudonyms.

Three modes (:class:`~pomocbot.config.RedactionMode`):

* ``mask`` — every value becomes its type: "Mój PESEL to [PESEL]".
* ``placeholder`` — numbered per type and consistent within a conversation:
  the same value gets the same "[TELEFON_1]" in later turns, and inflected
  forms of one person's name ("Jan Kowalski", "Jana Kowalskiego") get one
  "[OSOBA_1]". A downstream model can still tell two people apart.
* ``pseudonym`` — a fake but well-formed value (a valid-checksum PESEL, a
  Polish name, see :mod:`pomocbot.guardrails.pseudonyms`), the same within a
  conversation, drawn deterministically from a per-conversation secret.

What the redactor keeps per conversation is *not* personal data: a keyed hash
(HMAC-SHA256 under a random per-conversation secret) of each normalised value
and the token it got. Without the secret the hashes cannot be linked to a
value, and :meth:`Redactor.forget` drops the secret with them. Only the
:class:`~pomocbot.guardrails.vault.Vault`, when one is passed, keeps originals.
That state and the keys of values are in :mod:`pomocbot.guardrails.redaction_state`.

Guarantees: the text returned holds none of the values the detector found
(nor other verbatim occurrences of them); redacting redacted text changes
nothing (tokens like "[OSOBA_1]" and issued pseudonyms are never replaced);
conversations are isolated and thread-safe (one lock per conversation).
With several workers, pass a shared ``state_store``
(:mod:`pomocbot.guardrails.redaction_store`, :func:`pomocbot.shared.open_shared_privacy`):
each turn then loads the conversation's state and saves what it added.
The span arithmetic (clipping to tokens, overlaps, repeats, splicing) is in
:mod:`pomocbot.guardrails.redaction_spans`.

>>> import re
>>> from pomocbot.types import PIIEntity
>>> class Emails:  # a toy detector; pomocbot's is PolishPIIDetector
...     def detect(self, text):
...         return [PIIEntity(entity_type="EMAIL", start=m.start(), end=m.end(), score=1.0, recognizer="toy")
...                 for m in re.finditer(r"\\S+@\\S+\\.pl", text)]
>>> redactor = Redactor(Emails(), "placeholder")
>>> redactor.redact("Piszę z ala@poczta.pl, kopia na ola@poczta.pl", "c-1").text
'Piszę z [EMAIL_1], kopia na [EMAIL_2]'
>>> redactor.redact("Proszę odpisać na ola@poczta.pl", "c-1").text  # the same value, the same token
'Proszę odpisać na [EMAIL_2]'
>>> Redactor(Emails(), "mask").redact("Mail: ala@poczta.pl").text
'Mail: [EMAIL]'
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection
from datetime import datetime, timezone

from pomocbot.config import RedactionMode
from pomocbot.errors import ConfigError, InvalidQueryError, PomocbotError, RedactionError
from pomocbot.guardrails.base import PIIDetector, checked_conversation_id, checked_moment
from pomocbot.guardrails.pseudonyms import inflected_person, person_identity, pseudonym
from pomocbot.guardrails.redaction_spans import (
    TOKEN_PATTERN,
    map_back_all,
    outside_tokens,
    splice,
    with_repeats,
    without_overlaps,
)
from pomocbot.guardrails.redaction_state import (
    ConversationState,
    default_name_key,
    simple_name_key,
    value_key,
)
from pomocbot.guardrails.redaction_store import RedactionStateStore, signature
from pomocbot.guardrails.vault import Vault
from pomocbot.shared.errors import StateConflictError
from pomocbot.types import PIIEntity, Redaction

__all__ = ["TOKEN_PATTERN", "Redactor", "simple_name_key"]

# Pseudonyms without a conversation share one state; past this size it starts afresh.
_ANONYMOUS_LIMIT = 10_000
# Saves of a shared state retried on a conflict; more means the callers do not lock the conversation.
_SAVE_ATTEMPTS = 3


class Redactor:
    """Replaces the personal data a :class:`~pomocbot.guardrails.base.PIIDetector` finds.

    ``mode`` is a :class:`~pomocbot.config.RedactionMode` or its name. With a
    ``vault`` the originals are kept per conversation under their tokens (not
    in ``mask`` mode: "[PESEL]" could not say which one). ``entities`` and
    ``min_score`` filter the detections. ``name_key`` maps a person's name to
    a key shared by its inflected forms (default:
    :func:`pomocbot.guardrails.names.name_key`, or :func:`simple_name_key`).
    ``secret`` makes pseudonyms reproducible across processes (each
    conversation's secret is derived from it and the conversation id); by
    default every conversation gets a random one. At most
    ``max_conversations`` conversations keep state; the least recently used
    is dropped beyond that (its later turns number placeholders afresh).
    ``state_store`` (a :class:`~pomocbot.guardrails.redaction_store.RedactionStateStore`)
    keeps that state outside the process instead, shared by every worker
    using the same store; then ``max_conversations`` does not apply.

    ``passes``: when a text has personal data, it is detected again with the
    values found masked, up to ``passes`` times in all. Detectors read
    context, and a redaction changes it: "40012652349 40082652346" reads as
    one long number until its neighbour is a token, then as a PESEL. The
    extra pass costs one detection, only for texts that had something.
    Other verbatim occurrences of a found value are replaced too.

    >>> import re
    >>> from pomocbot.types import PIIEntity
    >>> class Names:
    ...     def detect(self, text):
    ...         return [PIIEntity(entity_type="OSOBA", start=m.start(), end=m.end(), score=0.9)
    ...                 for m in re.finditer(r"Jan\\w* Kowalsk\\w+", text)]
    >>> redactor = Redactor(Names(), "placeholder")
    >>> redactor.redact("Dzwonię w imieniu Jana Kowalskiego", "c-1").text
    'Dzwonię w imieniu [OSOBA_1]'
    >>> redactor.redact("Jan Kowalski to mój mąż", "c-1").text
    '[OSOBA_1] to mój mąż'
    >>> redactor.forget("c-1")
    1
    """

    def __init__(self, detector: PIIDetector, mode: RedactionMode | str = RedactionMode.PLACEHOLDER, *,
                 vault: Vault | None = None, entities: Collection[str] | None = None, min_score: float = 0.0,
                 name_key: Callable[[str], str] | None = None, secret: bytes | None = None,
                 max_conversations: int = 100_000, passes: int = 2,
                 state_store: RedactionStateStore | None = None) -> None:
        try:
            self.mode = RedactionMode(mode)
        except ValueError:
            allowed = ", ".join(m.value for m in RedactionMode)
            raise ConfigError(f"unknown redaction mode {mode!r}; use one of {allowed}") from None
        self.detector = detector
        self.vault = vault
        self.entities = frozenset(entities) if entities is not None else None
        self.min_score = min_score
        self.name_key = name_key or default_name_key()
        self._secret = secret
        self.max_conversations = max_conversations
        self.passes = max(1, passes)
        self.state_store = state_store
        self._states: OrderedDict[str, ConversationState] = OrderedDict()
        self._anonymous = ConversationState(secret or secrets.token_bytes(32))
        self._lock = threading.Lock()

    # -- state ------------------------------------------------------------
    def _state(self, conversation_id: str) -> ConversationState:
        with self._lock:
            state = self._states.get(conversation_id)
            if state is None:
                state = self._states[conversation_id] = ConversationState(self._new_secret(conversation_id))
                while len(self._states) > self.max_conversations:
                    self._states.popitem(last=False)
            else:
                self._states.move_to_end(conversation_id)
            state.last_used = datetime.now(timezone.utc)
            return state

    def _new_secret(self, conversation_id: str) -> bytes:
        if self._secret is not None:
            return hmac.new(self._secret, conversation_id.encode(), hashlib.sha256).digest()
        return secrets.token_bytes(32)

    def placeholders(self, conversation_id: str) -> int:
        """Number of distinct values that got a token (placeholder or pseudonym) in a conversation."""
        conversation_id = checked_conversation_id(conversation_id)
        if self.state_store is not None:
            return self.state_store.placeholders(conversation_id)
        with self._lock:
            state = self._states.get(conversation_id)
        if state is None:
            return 0
        with state.lock:
            return len(state.tokens)

    def conversation_ids(self) -> list[str]:
        """Conversations with placeholder state, least recently used first (a store's own order)."""
        if self.state_store is not None:
            return self.state_store.conversation_ids()
        with self._lock:
            return list(self._states)

    def forget(self, conversation_id: str) -> int:
        """Drop a conversation's state (tokens, counters, secret); returns the tokens dropped."""
        conversation_id = checked_conversation_id(conversation_id)
        if self.state_store is not None:
            return self.state_store.forget(conversation_id)
        with self._lock:
            state = self._states.pop(conversation_id, None)
        if state is None:
            return 0
        with state.lock:
            state.secret = b""
            return state.clear()

    def purge_idle_since(self, cutoff: datetime) -> list[str]:
        """Drop the state of conversations not used since ``cutoff``; returns their ids."""
        cutoff = checked_moment(cutoff, "cutoff")
        if cutoff.tzinfo is None:
            cutoff = cutoff.replace(tzinfo=timezone.utc)
        if self.state_store is not None:
            return self.state_store.purge_idle_since(cutoff)
        with self._lock:
            idle = [cid for cid, state in self._states.items() if state.last_used < cutoff]
        for cid in idle:
            self.forget(cid)
        return idle

    # -- redaction ----------------------------------------------------------
    def detect(self, text: str) -> list[PIIEntity]:
        """The detector's entities, checked, filtered and without overlaps (tokens are never entities)."""
        if not isinstance(text, str):
            raise InvalidQueryError(f"the text to redact must be a str, got {type(text).__name__}")
        name = type(self.detector).__name__
        try:
            found = list(self.detector.detect(text))
        except PomocbotError:
            raise
        except Exception as exc:
            # Not chained: a detector's message may quote the text.
            raise RedactionError(f"PII detector {name} failed ({type(exc).__name__}) on a text of "
                                f"{len(text)} characters; the text was not processed") from None
        tokens = [match.span() for match in TOKEN_PATTERN.finditer(text)]
        kept: list[PIIEntity] = []
        for entity in found:
            if not (0 <= entity.start < entity.end <= len(text)):
                raise RedactionError(f"PII detector {name} returned {entity.entity_type} at {entity.start}-"
                                    f"{entity.end}, outside the text of {len(text)} characters")
            if self.entities is not None and entity.entity_type not in self.entities:
                continue
            if entity.score < self.min_score:
                continue
            clipped = outside_tokens(entity, tokens, text)
            if clipped is not None:
                kept.append(clipped)
        return without_overlaps(kept)

    def redact(self, text: str, conversation_id: str | None = None) -> Redaction:
        """``text`` with its personal data replaced; entities are positions in ``text``.

        Placeholders and pseudonyms are consistent within ``conversation_id``;
        without one, placeholders are numbered within ``text`` alone.
        """
        conversation_id = checked_conversation_id(conversation_id)
        entities = self._detect_all(text)
        if self.mode is RedactionMode.MASK:
            return splice(text, entities, [f"[{e.entity_type}]" for e in entities], self.mode)
        if conversation_id is not None and self.state_store is not None:
            entities, replacements = self._shared_tokens(entities, text, conversation_id)
            return splice(text, entities, replacements, self.mode)
        if conversation_id is not None:
            state = self._state(conversation_id)
        elif self.mode is RedactionMode.PSEUDONYM:
            state = self._anonymous
        else:
            state = ConversationState(b"\x00" * 32)  # numbering within this text only
        with state.lock:
            if state is self._anonymous and len(state.tokens) > _ANONYMOUS_LIMIT:
                state.clear()
            entities = self._unissued(state, entities, text)
            replacements = [self._token(state, entity, text, conversation_id) for entity in entities]
        return splice(text, entities, replacements, self.mode)

    def _unissued(self, state: ConversationState, entities: list[PIIEntity], text: str) -> list[PIIEntity]:
        """``entities`` without the pseudonyms this conversation gave out (never redacted again)."""
        if self.mode is not RedactionMode.PSEUDONYM:
            return entities
        issued = state.issued
        entities = [e for e in entities if state.digest(e.entity_type, self._key(e, text)) not in issued]
        protected = state.pseudonym_spans(text)
        if protected:
            clipped = (outside_tokens(e, protected, text) for e in entities)
            entities = [e for e in clipped if e is not None]
        return entities

    def _shared_tokens(self, entities: list[PIIEntity], text: str,
                       conversation_id: str) -> tuple[list[PIIEntity], list[str]]:
        """The tokens from the store's state, loaded afresh (another worker may have added to it).

        What the turn adds is saved by compare-and-set; on a conflict the
        turn's tokens are redone on the newer state. Values go into the
        vault only after the save, so a lost race never files a value under
        a token that another worker gave to someone else.
        """
        store = self.state_store
        assert store is not None  # only called with a store
        conflicts = 0
        while True:
            stored = store.load(conversation_id)
            if stored.state is None:
                stored.state = ConversationState(self._new_secret(conversation_id))
            state = stored.state
            before = signature(state) if stored.version else (0, 0, 0, 0)
            pending: list[tuple[str, str]] = []
            kept = self._unissued(state, entities, text)
            replacements = [self._token(state, entity, text, conversation_id, pending) for entity in kept]
            try:
                if signature(state) != before:
                    store.save(conversation_id, stored)
                elif stored.version:
                    store.touch(conversation_id)
            except StateConflictError:
                conflicts += 1
                if conflicts == _SAVE_ATTEMPTS:
                    raise
                continue
            if self.vault is not None:
                for token, value in pending:
                    self.vault.put(conversation_id, token, value)
            return kept, replacements

    def _detect_all(self, text: str) -> list[PIIEntity]:
        """:meth:`detect`, then again on the text with what was found masked (see ``passes``)."""
        entities = with_repeats(text, self.detect(text))
        for _ in range(self.passes - 1):
            if not entities:
                break
            masks = [f"[{e.entity_type}]" for e in entities]
            masked = splice(text, entities, masks, RedactionMode.MASK).text
            found = map_back_all(self.detect(masked), entities, masks)
            more = [e for e in found if e is not None]
            if not more:
                break
            entities = with_repeats(text, without_overlaps(entities + more))
        return entities

    def _key(self, entity: PIIEntity, text: str) -> str:
        return value_key(entity.entity_type, text[entity.start:entity.end], self.name_key)

    def _token(self, state: ConversationState, entity: PIIEntity, text: str, conversation_id: str | None,
               pending: list[tuple[str, str]] | None = None) -> str:
        value = text[entity.start:entity.end]
        kind = entity.entity_type
        key = value_key(kind, value, self.name_key)
        digest = state.digest(kind, key)
        token = state.tokens.get(digest)
        if token is None:
            if self.mode is RedactionMode.PLACEHOLDER:
                state.counters[kind] += 1
                token = f"[{kind}_{state.counters[kind]}]"
            else:
                token = self._pseudonym(state, kind, value, key, digest,
                                        before=text[max(0, entity.start - 40):entity.start])
            state.tokens[digest] = token
        if self.mode is RedactionMode.PSEUDONYM and kind == "OSOBA" and not token.startswith("["):
            # One replacement person per person, in the case of each mention: "Anny Kowalskiej" ->
            # "Marii Nowak", "Anna Kowalska" -> "Maria Nowak"; the vault maps each form back to its own.
            token = self._inflected(state, token, value, text[max(0, entity.start - 40):entity.start])
        if pending is not None:
            pending.append((token, value))
        elif self.vault is not None and conversation_id is not None:
            self.vault.put(conversation_id, token, value)
        return token

    def _inflected(self, state: ConversationState, identity: str, value: str, before: str) -> str:
        first, _, last = identity.partition(" ")
        form = inflected_person((first, last, ""), value, before)
        if form != identity and form not in state.forms:
            state.forms.add(form)
            state.issued.add(state.digest("OSOBA", value_key("OSOBA", form, self.name_key)))
            state.invalidate()
        return form

    def _pseudonym(self, state: ConversationState, kind: str, value: str, key: str, digest: bytes,
                   before: str = "") -> str:
        taken = set(state.tokens.values())
        for attempt in range(100):
            seed = hmac.new(state.secret, digest + attempt.to_bytes(2, "big"), hashlib.sha256).digest()
            rng = random.Random(int.from_bytes(seed, "big"))
            if kind == "OSOBA":
                # The person's identity in its base form; each mention is inflected from it.
                first, last, _gender = person_identity(value, rng, before)
                fake = f"{first} {last}"
            else:
                fake = pseudonym(kind, value, rng)
            fake_digest = state.digest(kind, value_key(kind, fake, self.name_key))
            # Never the value itself, another value's pseudonym, or a value seen in this conversation.
            if fake_digest != digest and fake not in taken and fake_digest not in state.tokens:
                state.issued.add(fake_digest)
                return fake
        return f"[{kind}]"  # no fresh pseudonym drawn (tiny pools such as IP ranges): mask it
