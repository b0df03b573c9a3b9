"""Where a network's parser says it changed or refused a field of a post: ``Said``, one method
for every kind (an address naming another site, a date past its fetch, the next one), so a
parser takes one parameter for all of them and never logs on its own.

- ``Counted``: a poll's (or a stream's): each field one warning line, each post one count in
  the source's ``skipped`` (``socialops_mentions_skipped_total`` counts items: a comment with
  its ``permalink`` and ``context`` refused is one item read so, said in two lines).
- ``Logged``: anything else that reads a post (``why``'s lookup, a publisher's look for its
  own post): one warning line each, no count. A lookup is not a poll, and the poll's counter
  says what polls met.
- ``Lines``: the lines kept, said nowhere (tests; a caller that says them itself).

A parser's default is ``LOGGED``: a post read outside a source is said, never silently.
"""

from __future__ import annotations

import logging
from typing import Protocol

from bot.core.errors import SkipLog


class Said(Protocol):
    """Told of each field of a post a parser changed or refused: ``post`` (its mention id,
    ``reddit:t1_abc``), ``field`` (as the network names it: ``permalink``, ``created_at``)
    and ``done``, what was wrong and what was done instead, the value quoted short."""

    def field(self, post: str, field: str, done: str, /) -> None: ...


def line(post: str, field: str, done: str) -> str:
    """The one line a field is said in: ``reddit:t3_x: permalink '//evil' is no address on
    https://www.reddit.com; not used``."""
    return f"{post[:120]}: {field} {done}"


class Logged:
    """Said in a warning line of ``log``, named ``source`` (none if ""); counted nowhere."""

    def __init__(self, log: logging.Logger, source: str = "") -> None:
        self.log, self.source = log, source

    def field(self, post: str, field: str, done: str, /) -> None:
        said = line(post, field, done)
        if self.source:
            self.log.warning("%s: %s", self.source, said)
        else:
            self.log.warning("%s", said)


class Counted:
    """A source's: each field a warning line (``source``: line), kept in ``skipped``; each post
    counted once there. A parser reads one post at a time, nothing awaited in between, so a
    post's fields are said one after another: a field of the post said just before is of the
    same item, kept with no count."""

    def __init__(self, skipped: SkipLog, log: logging.Logger, source: str) -> None:
        self.skipped, self.log, self.source = skipped, log, source
        self._post: str | None = None

    def field(self, post: str, field: str, done: str, /) -> None:
        said = line(post, field, done)
        self.log.warning("%s: %s", self.source, said)
        self.skipped.append(said, count=0 if post == self._post else 1)
        self._post = post


class Lines(list[str]):
    """Each field's line, kept here and said nowhere."""

    def field(self, post: str, field: str, done: str, /) -> None:
        self.append(line(post, field, done))


LOGGED = Logged(logging.getLogger("integrations.social"))
