"""Stored records that cannot be read, for both backends: one record edited by hand, cut short
by a full disk, or holding a field of the wrong type must not make every listing of its kind
fail (the queue, App Home, escalation notices and the team report all list tickets).

A bulk read parses each record inside a ``try`` (nothing more on the happy path): one that
fails is skipped with one warning line naming it and the store, and counted by kind
(``Unreadable.counts``, exposed as ``socialops_store_records_unreadable_total{kind}``), once:
the listings that meet it again skip it quietly (a damage of another kind is said again). A read
of that one record raises ``UnreadableRecord`` instead, whose one line says what to do; the
handlers write a record only after reading it, so nothing is written over it. A delivery
claimed that cannot be read is set aside as a dead one, its text as stored (left pending, it
stayed its channel's head for ever), and listed with why (``dead_delivery``). A data set of a
newer release is a different case, refused as a whole when the store opens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import TypeVar

from pydantic import ValidationError

from bot.core.cards import Card, OutboxItem
from bot.core.errors import UnreadableRecord
from bot.core.jsonbody import loads
from bot.core.text import ascii_digits, one_line

T = TypeVar("T")
log = logging.getLogger(__name__)
MET_KEPT = 10_000  # damaged records remembered as said; past it, each is said once more
# what parsing one stored record raises: pydantic's ValidationError (invalid or cut-short JSON,
# a wrong type, a missing or unknown field) is a ValueError; the rest come from records read
# with json.loads (a dead letter, a key missing, a value of the wrong type)
FAILURES: tuple[type[Exception], ...] = (ValueError, TypeError, KeyError, OverflowError,
                                         RecursionError)


def why(exc: BaseException) -> str:
    """What is wrong, in a few words: the first problem's field and pydantic's message, never
    the value stored (someone's post, maybe hostile)."""
    if isinstance(exc, ValidationError):
        problems = exc.errors(include_url=False, include_input=False)
        if problems:
            first = problems[0]
            where = ".".join(str(p) for p in first["loc"])
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            return one_line(f"{where + ': ' if where else ''}{first['msg']}{more}", 160)
    if isinstance(exc, KeyError):
        return one_line(f"no {exc.args[0] if exc.args else 'field'!s}", 160)
    return one_line(f"{type(exc).__name__}: {exc}", 160)


class Unreadable:
    """One store's skips: ``store`` names it in the log (``the SQLite store at data/x.db``);
    ``inspect(kind, id)`` is how to see a record as stored (a ``sqlite3`` or ``redis-cli``
    command line)."""

    def __init__(self, store: str, inspect: Callable[[str, str], str]) -> None:
        self.store = store
        self.inspect = inspect
        self.counts: dict[str, int] = {}
        # (kind, id, what is wrong) of each record skipped: said and counted once, not at
        # every listing that meets it again (App Home, the queue, each escalation notice)
        self._met: set[tuple[str, str, str]] = set()

    def skip(self, kind: str, record_id: str, exc: BaseException) -> None:
        met = (kind, record_id, why(exc))
        if met in self._met:
            return
        if len(self._met) >= MET_KEPT:
            self._met.clear()
        self._met.add(met)
        self.counts[kind] = self.counts.get(kind, 0) + 1
        log.warning("skipped %s %s in %s: its stored record is damaged (%s); restore it from a "
                    "backup, or see it as stored: %s", _what(kind), one_line(record_id, 200),
                    self.store, why(exc), self.inspect(kind, record_id))

    def each(self, kind: str, rows: Iterable[tuple[str, str]],
             parse: Callable[[str], T]) -> list[T]:
        """``parse`` of each (id, stored text), those that fail skipped."""
        out: list[T] = []
        for record_id, data in rows:
            try:
                out.append(parse(data))
            except FAILURES as exc:
                self.skip(kind, record_id, exc)
        return out

    def one(self, kind: str, record_id: str, data: str, parse: Callable[[str], T]) -> T:
        """``parse`` of one record asked for by id: ``UnreadableRecord`` if it fails."""
        try:
            return parse(data)
        except FAILURES as exc:
            raise self.refusal(kind, record_id, exc) from exc

    def refusal(self, kind: str, record_id: str, exc: BaseException) -> UnreadableRecord:
        log.warning("%s %s in %s cannot be read: %s", _what(kind), one_line(record_id, 200),
                    self.store, why(exc))
        return UnreadableRecord(self.said(kind, record_id, exc), kind=kind, record_id=record_id)

    def said(self, kind: str, record_id: str, exc: BaseException) -> str:
        """The one line a read of the record answers, and a dead delivery's error."""
        return (f"{_what(kind)} {one_line(record_id, 200)} cannot be read: its stored record "
                f"is damaged ({why(exc)}); restore it from a backup of the store, or see it as "
                f"stored: {self.inspect(kind, record_id)}")

    def dead_delivery(self, key: str, data: str, *, workspace: str, channel: str, seq: int,
                      died: datetime, card_key: str) -> OutboxItem:
        """A delivery set aside because it cannot be read (``data``, as stored), as the dead
        ones are listed (``outbox list``, ``deliveries``): what the store keeps beside its
        JSON, and as its error why and what to do. Not counted again: it was when it was set
        aside."""
        try:  # only to say why
            OutboxItem.model_validate_json(data)
            problem: BaseException = ValueError("damaged")
        except FAILURES as exc:
            problem = exc
        return OutboxItem(key=key, seq=seq, workspace=workspace, channel=channel,
                          card=Card(kind="notice", key=card_key or key,
                                    title="(its stored record cannot be read)"),
                          status="dead", next_attempt_at=died, created_at=died,
                          last_error=self.said("outbox", key, problem))


class ByIdParsed(Mapping[str, T]):
    """Records read at once by id (``get_traces``: one round trip), each parsed when it is
    looked up, as ``Unreadable.one`` parses a record read alone: one that cannot be read
    raises ``UnreadableRecord`` then (with its warning), and one never looked up is never
    parsed (a reader that stops at the first it needs pays for that one only)."""

    def __init__(self, unreadable: Unreadable, kind: str, stored: dict[str, str],
                 parse: Callable[[str], T]) -> None:
        self._unreadable = unreadable
        self._kind = kind
        self._stored = stored
        self._parse = parse
        self._parsed: dict[str, T] = {}

    def __getitem__(self, record_id: str) -> T:
        if record_id not in self._parsed:  # a damaged one raises each time, as a read of it
            self._parsed[record_id] = self._unreadable.one(
                self._kind, record_id, self._stored[record_id], self._parse)
        return self._parsed[record_id]

    def __contains__(self, record_id: object) -> bool:  # kept, parsed or not
        return record_id in self._stored

    def __iter__(self) -> Iterator[str]:
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)


def text_field(raw: str, name: str) -> str | None:
    """One text field of a stored record's JSON, read without parsing the record (an id to
    name a damaged one by, an owner to count); None when there is none to read."""
    try:
        data = loads(raw)
    except ValueError:
        return None
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _what(kind: str) -> str:
    return {"outbox": "delivery", "audit": "audit event",
            "dead_letter": "dead letter"}.get(kind, kind)


def natural_order(record_id: str) -> tuple[str, int, int, str]:
    """The order both stores list records in: T-2 before T-10, and an id hand-edited out of
    that form ("T-²", "T-x", which no verb takes) after them, by its text. Redis listed those
    first and SQLite where they were stored, so a listing changed with the backend. Ids of one
    number (T-007, T-07, T-7) go by their text too: each backend finds them in its own order."""
    prefix, _, number = record_id.partition("-")
    return (prefix, 0, int(number), record_id) if ascii_digits(number) \
        else (prefix, 1, 0, record_id)
