"""What of a network's JSON page is decoded on the event loop.

``json.loads`` holds the event loop, and the GIL (a worker thread does not help), for the whole
decode, and its cost follows a page's arrays, objects and values more than its bytes: 10 MB of
``[[],[],...]`` held the loop 0.7 s, a page with one item nested 100,000 deep 3.4 s (the
repair, ``bot.core.jsonbody``), while ten megabytes of real statuses are 60 ms. A response
may hold 32 MB (``capped.MAX_RESPONSE``, for feeds); a JSON page is weighed against ``PAGE``
before it is decoded (``bytes.count``, about a millisecond a megabyte):

- within it (every real page, by a factor of 60 or more), it is decoded on the loop as before;
- over it, it is decoded in a process of its own (``bot.core.jsontrim``), its heaviest parts
  cut to ``"…"`` till it fits (a field of a million empty arrays in a record: the post
  holding it and the rest of the page are read), and decoded from there on the loop: one
  warning names the request and how many parts were cut. Asked for by ``capped.halving`` with
  more than one item (``halvable``), no item and no field of an item is cut whole but one of
  more than ``jsontrim.BREADTH`` elements: a page heavy all over (forty statuses of 5,000
  objects each) is ``PageTooHeavy`` and asked again with half as many items (counted and
  logged), each read whole. Otherwise (a page of one item; Reddit, X and Hacker News, which
  are not halved) an item heavy all over is cut whole and skipped as any malformed item is;
- a page that cannot be cut to fit (no part of it stands out: a page of thousands of items
  or of bare numbers), or whose process fails or takes over ``TRIM_SECONDS``, is
  ``PageTooHeavy``: a failed request (logged, retried with backoff, in source health).

A stream's frame (a Jetstream message, a Mastodon streaming event's data: one post) is weighed
the same way against ``FRAME``, a tenth of a page's bound, and one that cannot be made to fit is
skipped by its stream (logged, counted). An error answer is decoded for its message only within
``ERROR_BODY`` (``shapes.error_body``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from bot.core.errors import SourceError
from bot.core.jsonbody import loads

log = logging.getLogger(__name__)

TRIM_SECONDS = 30.0  # for the process that cuts a page: 32 MB of the worst shapes is ~10 s
HEAD = 4_096  # characters of a frame ``head_member`` reads
# processes cutting a page or frame at once, in a process of the bot: each is an interpreter,
# its page (up to 32 MB) and up to ``TRIM_SECONDS`` of CPU; a burst of heavy Socket Mode frames
# (a task each) started one each, all at once. The others wait their turn (not timed)
TRIMS_AT_ONCE = 2
# stream frames waiting their turn, each holding its bytes (a Socket Mode frame: up to 4 MiB, as
# a str and as bytes): one beyond is ``PageTooHeavy`` at once, skipped by its stream (a Socket
# Mode envelope acknowledged) rather than held, and acknowledged so late that Slack resends it.
# A polled page still waits (one a source at a time)
TRIM_WAITERS = 4


@dataclass
class _Turns:
    """The turns of ``TRIMS_AT_ONCE`` on one loop, and how many frames wait for one."""

    free: asyncio.Semaphore
    frames_waiting: int = 0


_trims: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Turns] = \
    weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class PageBudget:
    """What a JSON page may hold to be decoded on the loop, counted in its bytes (a bracket or
    a separator inside a string counts too, on the safe side). Real pages are far below:
    Reddit's 100 posts are 130 KB, 612 arrays and objects, 10,842 separators; Mastodon's 40
    statuses about 85 KB, 800 and 7,000 (tests/fixtures/real)."""

    # bytes: what strings cost (10 MB of text is 10 to 20 ms); real statuses are over the
    # containers long before (16 MB of them: 150,000)
    size: int = 16 * 1024 * 1024
    containers: int = 50_000  # "[" and "{": 10 to 15 ms of the emptiest or deepest shapes
    values: int = 500_000  # "," and ":": about 25 ms of bare numbers

    def over(self, body: bytes) -> str | None:
        """Why ``body`` is over the budget, or None."""
        if len(body) > self.size:
            return f"of {len(body):,} bytes, over the {self.size:,} a JSON page may hold"
        if len(body) <= self.containers and len(body) <= self.values:
            # each counted byte is one byte of it: no count can pass either bound (a stream's
            # frame, ~550 bytes a Jetstream post: its four counts were a tenth of
            # its handling, benchmarks/jetstream_prefilter.py)
            return None
        containers = body.count(b"[") + body.count(b"{")
        if containers > self.containers:
            return (f"of {containers:,} arrays and objects, over the {self.containers:,} a "
                    "JSON page may hold")
        values = body.count(b",") + body.count(b":")
        if values > self.values:
            return f"of {values:,} values, over the {self.values:,} a JSON page may hold"
        return None


PAGE: PageBudget | None = PageBudget()  # None: decoded whole on the loop (benchmarks only)
# A stream frame (a Jetstream message, a Mastodon streaming event's data) is one post where a
# page holds forty to a hundred: a tenth of a page's arrays, objects and values, still 250 times
# a real one's (a real status: about 20 and 175; a Jetstream post event fewer). Measured on a
# loaded machine, 400,000 bare numbers under the page's bound held the loop 100 ms a message
FRAME = PageBudget(containers=5_000, values=50_000)
# An error answer (a 4xx or 5xx) is decoded only for its one-line message (``shapes.said_in``):
# the real ones are under a kilobyte (tests/fixtures/real: 540 bytes at most, Discord's nested
# form errors), while a response may hold 32 MB. One heavier than this is not decoded at all:
# the error is said without the server's words (at these bounds a decode is well under 1 ms)
ERROR_BODY = PageBudget(size=64 * 1024, containers=1_000, values=10_000)


class PageTooHeavy(SourceError):
    """A JSON page over ``PAGE`` that could not be cut to fit. ``why``: what it holds, the
    message without the request (``capped.halving``'s ``said`` names the page itself)."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: a page {why}")
        self.why = why


class TrimsBusy(PageTooHeavy):
    """A stream frame over ``FRAME`` skipped as ``TRIM_WAITERS`` others wait to be cut: too
    heavy at once, not in itself (read again if its stream replays it)."""


_HALVABLE: ContextVar[bool] = ContextVar("halvable", default=False)


@contextmanager
def halvable(yes: bool) -> Iterator[None]:
    """While in it (``yes``), a page over the budget has none of its items, nor their fields,
    cut whole (but one of more than ``jsontrim.BREADTH`` elements): refused instead, for the
    caller to ask again with fewer items. This task's reads only (a context variable)."""
    token = _HALVABLE.set(yes)
    try:
        yield
    finally:
        _HALVABLE.reset(token)


def frame_fits(body: bytes) -> bool:
    """Whether a stream's frame ``body`` is one ``json_page(body, what, frame=True)`` would
    only ``loads`` (within ``FRAME``, or nothing weighed): asked first, it spares the common
    frame that coroutine and its ``what``."""
    return PAGE is None or FRAME.over(body) is None


def over_what(cause: Exception) -> str:
    """What ``capped.halving`` tells its ``said`` of a page: the bound it is over."""
    return cause.why if isinstance(cause, PageTooHeavy) else str(cause)


async def json_page(body: bytes, what: str, *, frame: bool = False) -> Any:
    """``body`` decoded as the module docstring says (``what``: the request, for the log and
    the error), weighed against ``FRAME`` for a stream's ``frame``. Raises ``ValueError`` for
    a body that is not JSON, ``PageTooHeavy`` for one that cannot be made to fit."""
    budget = PAGE if PAGE is None or not frame else FRAME
    why = budget.over(body) if budget is not None else None
    if budget is None or why is None:
        return loads(body)
    page, cuts = await _trimmed(body, budget, what, why, keep=2 if _HALVABLE.get() else 0,
                                frame=frame)
    if budget.over(page) is not None:
        raise PageTooHeavy(what, f"{why}, and no part of it stands out to cut")
    # nothing cut (a part too deep only, cut as on the loop): nothing to tell the user
    log.log(logging.WARNING if cuts else logging.DEBUG, "%s: a page %s: read in a process of "
            "its own, %d of its heaviest parts cut to \"…\"", what, why, cuts)
    return loads(page)


def _trim_turns() -> _Turns:
    """The turns of ``TRIMS_AT_ONCE`` on the running loop (a semaphore is of one loop)."""
    loop = asyncio.get_running_loop()
    turns = _trims.get(loop)
    if turns is None:
        turns = _trims[loop] = _Turns(asyncio.Semaphore(TRIMS_AT_ONCE))
    return turns


async def _trimmed(body: bytes, budget: PageBudget, what: str, why: str, *,
                   keep: int, frame: bool = False) -> tuple[bytes, int]:
    turns = _trim_turns()
    if frame and turns.free.locked():
        if turns.frames_waiting >= TRIM_WAITERS:
            raise TrimsBusy(what, f"{why}, and {TRIM_WAITERS} such frames already waiting "
                                     f"to be cut ({TRIMS_AT_ONCE} at once)")
        turns.frames_waiting += 1
        try:
            await turns.free.acquire()
        finally:
            turns.frames_waiting -= 1
    else:
        await turns.free.acquire()
    try:
        return await _trimmed_now(body, budget, what, why, keep=keep)
    finally:
        turns.free.release()


async def _trimmed_now(body: bytes, budget: PageBudget, what: str, why: str, *,
                       keep: int) -> tuple[bytes, int]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.core.jsontrim", str(budget.size), str(budget.containers),
        str(budget.values), str(keep), stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(process.communicate(body), TRIM_SECONDS)
    except TimeoutError:
        raise PageTooHeavy(what, f"{why}, and not cut down in {TRIM_SECONDS:.0f} s") from None
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    if process.returncode == 2:
        raise ValueError(err.decode("utf-8", "replace").strip())
    count, _, page = out.partition(b"\n")
    if process.returncode != 0 or not count.isdigit():
        said = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise PageTooHeavy(what, f"{why}, and its process failed (exit "
                                 f"{process.returncode}: {said[0][:200]})")
    return page, int(count)


def head_member(body: bytes, key: str) -> Any:
    """The value of the top-level member ``key`` of a JSON object, read from its first ``HEAD``
    characters without decoding the rest (a frame too heavy for the loop: where it lies, a
    Jetstream message's ``time_us``; what acknowledges it, a Slack envelope's
    ``envelope_id``): only the members before the first array or object are read. None when
    it is not there, or not whole in the head."""
    text = body[:HEAD].decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    pos = _blank(text, 0)
    if not text.startswith("{", pos):
        return None
    pos += 1
    while True:
        pos = _blank(text, pos)
        if not text.startswith('"', pos):
            return None
        try:
            name, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return None
        pos = _blank(text, pos)
        if not text.startswith(":", pos):
            return None
        pos = _blank(text, pos + 1)
        if pos >= len(text) or text[pos] in "[{":
            return None  # a container: what comes after it is not read here
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return None
        pos = _blank(text, pos)
        if pos >= len(text):
            return None  # the value may go on past the head (a number cut short)
        if name == key:
            return value
        if text[pos] != ",":
            return None
        pos += 1


def _blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos
