"""Every verb of ``/socialops``, typed with mutated arguments through Slack's signed request
path (bolt, a real SQLite file): unknown verbs and flags, values missing and extra, blank and
whitespace-only ones, a quote left open, 10,000 characters, NUL and control characters, bidi
marks, full-width and Arabic-Indic digits, durations past reason ("1e9h", "-5m", "999999d"),
ids past reason ("T-0", "T-99999999999999999999", "A-1;DROP"), URLs of every network and
broken ones, mentions and broadcasts (``<@U1>``, ``<#C1|x>``, ``<!here>``), emoji.

Properties: the handler never raises (no "handler failed" in the log, never Slack's
"Sorry, that did not work"), every command is answered, a refusal is one line, an answer
pings nobody, and a refused command changes nothing in the store but its audit line.
Derandomized: the same draws on every run. The world runs on its own thread's loop so that
hypothesis's examples (synchronous) share one started app."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.cards import Interaction, Reply
from bot.core.verbs import VERBS
from integrations.slack.app import FAILED, _form_for
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.world import DAVE, MARKETING, REAL, SUPPORT, UNPACED, World, running_world
from tests.integrations.workspaces.test_slack_contract import slack_view

T = TypeVar("T")

PIECES = ["", " ", "   ", "\t", "\u3000", '"', '"open', "'", "x" * 10_000, "\x00", "\x07",
          "\x1b[31m", "\r", "\u202e", "\u200f", "\u2066", "\u200b", "１２", "٣", "۵m", "２h",
          "1e9h", "-5m", "0s", "999999d", "30m", "2h", "1d", "until", "until monday 9am",
          "off", "T-0", "T-1", "T-01", "T-99999999999999999999", "A-1;DROP", "A-1", "S-1",
          "D-1", "L-1", "O-1", "p1", "p9", "none", "mine", "open", "all", "dry-run", "into",
          "to=", "to=<@U1>", "to=<@WBOB>", "for=", "at=", "at=tomorrow", "at=1e9h",
          "step=", "step=-1", "step=99999999999999999999", "digest=", "digest=weekly",
          "lang=", "lang=zz,", "sentiment<", "sentiment<-9", "sentiment>abc", "tag=",
          "since=", "since=1e9h", "until=", "by=", "by=nothing", "--force", "-x", "=",
          "https://mastodon.example/@kasia/1", "https://bsky.app/profile/a/post/3k1",
          "https://x.com/a/status/1", "https://twitter.com/a/status/99999999999999999999",
          "https://www.reddit.com/r/a/comments/1/x/", "https://news.ycombinator.com/item?id=1",
          "http://", "https://", "https://[::1", "https://a..b/c", "ftp://x", "javascript:1",
          "<https://evil.example|bank>", "<@U1>", "<@WBOB>", "<#C1|x>", "<!here>",
          "<!channel>", "<!everyone>", "<!subteam^S1>", "@here", "@everyone",
          "<@&123456789012345678>", "😀", "👩\u200d💻", "🇵🇱", ":smile:", "mastodon",
          "bluesky", "x", "reddit", "acme", "acme-main", "complaint", "negative", "schedule",
          "cover", "overrides", "drop", "hourly", "daily", "-tag", "e\u0301"]
VERB = st.one_of(st.sampled_from(sorted(VERBS)),
                 st.sampled_from(["frobnicate", "CLAIM", "claim,", "ｃｌａｉｍ", "", "--help",
                                  "<!here>", "T-1", "\x00", "😀"]))
ARGS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=5)
# a refusal is audited (Dispatcher.handle), its audit id counted; each signed request's
# signature is kept against its replay (kv "replay:..."); nothing else is written
KEPT_ON_REFUSAL = {"audit", "sqlite_sequence"}


class Loop:
    """An event loop on its own thread, for a world every example asks."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=60)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


class Recorder:
    """The dispatcher, its replies kept as they left it (what Slack was then sent is read
    from the fake Slack)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.replies: list[tuple[Interaction, Reply]] = []

    async def handle(self, interaction: Interaction) -> Reply:
        reply: Reply = await self.inner.handle(interaction)
        self.replies.append((interaction, reply))
        return reply

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class Broken(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Fuzzed:
    def __init__(self, loop: Loop, world: World, db: Path, recorder: Recorder,
                 broken: Broken) -> None:
        self.loop, self.world, self.db = loop, world, db
        self.recorder, self.broken = recorder, broken
        self.views: dict[str, dict[str, Any]] = {}

    def state(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows but those a refusal may write."""
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as con:
            names = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")]
            return {n: sorted(repr(row) for row in con.execute(f'SELECT * FROM "{n}"')
                              if not str(row[0]).startswith("replay:"))
                    for n in names if n not in KEPT_ON_REFUSAL}

    def open_form(self, text: str) -> None:
        opened = len(self.world.slack.views)
        assert self.loop.run(self.world.slash(DAVE, MARKETING, text)) == 200
        self.loop.run(self.world.until(lambda: len(self.world.slack.views) > opened,
                                       f"the form of {text!r}"))

    def view_of(self, text: str) -> dict[str, Any]:
        """The modal ``text`` opens, opened once."""
        if text not in self.views:
            self.open_form(text)
            self.views[text] = self.world.slack.views[-1]
        return self.views[text]

    def submit(self, view: dict[str, Any], state: dict[str, Any],
               metadata: str | None) -> tuple[int, dict[str, Any] | None]:
        """``World.submit``'s view_submission, its state as given (not built from values)."""
        body = json.loads((REAL / "interaction_view_submission.json").read_text())
        body["user"]["id"] = DAVE
        self.world._triggers += 1  # each its own request: not a replay of the one before
        body["trigger_id"] = f"8.9.{self.world._triggers}"
        body["view"] = {**body["view"], **view, "state": {"values": state}}
        if metadata is not None:
            body["view"]["private_metadata"] = metadata
        status, text = self.loop.run(self.world._exchange(
            "/slack/events", urlencode({"payload": json.dumps(body)}),
            "application/x-www-form-urlencoded"))
        if status == 400:  # a shape Slack never sends: refused whole, the field named
            assert text.startswith("malformed body: ") and "\n" not in text, text
            assert not self.broken.records, text
            return status, None
        try:
            return status, (json.loads(text) if text.strip() else None)
        except ValueError:
            raise AssertionError((status, text[:300])) from None

    async def settled(self) -> None:
        """The work a click started after its ack, done (a few turns of the loop, and the
        outbox drained)."""
        for _ in range(5):
            await asyncio.sleep(0.01)
        await self.world.a.outbox.drain()

    def ask(self, text: str) -> tuple[str, dict[str, Any], Reply | None]:
        """What the person read, the message Slack was sent, and the dispatcher's reply (none
        for a line refused before it)."""
        before = len(self.recorder.replies)
        shown = self.loop.run(ask(self.world, DAVE, MARKETING, text))
        sent = [r for r in self.world.slack.responses if r.get("rid") == self.world.last_rid]
        raw = sent[-1] if sent else [e for e in self.world.slack.ephemerals
                                     if e.get("user") == DAVE][-1]
        replies = self.recorder.replies[before:]
        return shown, raw, replies[-1][1] if replies else None


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    tmp = tmp_path_factory.mktemp("cmdfuzz")
    loop = Loop()
    entered = running_world(tmp, FakeClock(), extra=UNPACED)
    world = loop.run(entered.__aenter__())
    recorder = Recorder(world.bot.handler)
    world.bot.handler = recorder
    loop.run(world.mention("acme is down again, when is it fixed?", n=1))  # T-1 exists
    broken = Broken()
    logging.getLogger().addHandler(broken)
    try:
        yield Fuzzed(loop, world, tmp / "state.db", recorder, broken)
    finally:
        logging.getLogger().removeHandler(broken)
        loop.run(entered.__aexit__(None, None, None))
        loop.close()


def check(fuzzed: Fuzzed, line: str) -> None:
    before = fuzzed.state()
    if _form_for(line) is not None:  # `subscribe`, `reply T-1`...: its form opens, no answer
        fuzzed.open_form(line)
        assert fuzzed.state() == before, line
        return
    fuzzed.broken.records.clear()
    shown, raw, reply = fuzzed.ask(line)
    assert not fuzzed.broken.records, (line, [r.getMessage() for r in fuzzed.broken.records])
    assert FAILED not in shown, (line, shown)
    assert shown.strip(), (line, "no answer")
    view = slack_view(raw)
    assert view.pings == frozenset() and view.problems == (), (line, view)
    if reply is not None and not reply.ok:
        assert "\n" not in reply.text.strip(), (line, reply.text)
        assert fuzzed.state() == before, (line, reply.text)


@settings(derandomize=True, max_examples=250, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(verb=VERB, args=ARGS)
def test_a_mutated_command_is_answered_in_one_line_and_refused_without_writing(
        fuzzed: Fuzzed, verb: str, args: list[str]) -> None:
    check(fuzzed, " ".join([verb, *args]))


# -- the forms (reply, draft, subscribe): their modal submitted with mutated state -----------

FORM_LINES = ("reply T-1", "draft", "subscribe")
ENTRY = st.one_of(
    st.sampled_from(PIECES).map(lambda v: {"type": "plain_text_input", "value": v}),
    st.text(max_size=8).map(lambda v: {"type": "plain_text_input", "value": v}),
    st.sampled_from([None, 3, [], {}, ["T-1"], {"value": "T-1"}, True]).map(
        lambda v: {"type": "plain_text_input", "value": v}),
    st.sampled_from([{"type": "static_select", "selected_option": None},
                     {"type": "static_select", "selected_option": {"value": 7}},
                     {"type": "static_select", "selected_option": "mastodon"},
                     {"type": "plain_text_input"}, {}, None, "T-1", 5, []]))
METADATA = st.sampled_from([None, "", "{", "[]", '{"form": "reject"}', "null", "x" * 3000,
                            '{"channel": 5}', '{"ticket": ["T-1"]}'])


@settings(derandomize=True, max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(form=st.sampled_from(FORM_LINES), data=st.data(), metadata=METADATA,
       extra=st.booleans())
def test_a_mutated_form_is_answered_without_error(fuzzed: Fuzzed, form: str,
                                                  data: st.DataObject, metadata: str | None,
                                                  extra: bool) -> None:
    view = fuzzed.view_of(form)
    state: dict[str, Any] = {}
    for block in view.get("blocks") or []:
        if block.get("type") != "input" or data.draw(st.integers(0, 5)) == 0:
            continue  # a block left out
        state[block["block_id"]] = {block["element"]["action_id"]: data.draw(ENTRY)}
    if extra:
        state["forged"] = {"forged": {"type": "plain_text_input", "value": "<!channel>"}}
    fuzzed.broken.records.clear()
    before = fuzzed.state()
    status, answer = fuzzed.submit(view, state, metadata)
    assert status in (200, 400), (form, state, status)
    assert not fuzzed.broken.records, [r.getMessage() for r in fuzzed.broken.records]
    if isinstance(answer, dict) and answer.get("response_action") == "errors":
        for said in answer["errors"].values():
            assert "\n" not in said.strip() and said.strip(), said
        assert fuzzed.state() == before, answer


# -- the card's buttons, pressed with values forged, stale or of another card ---------------

BUTTON = st.sampled_from(["claim", "unclaim", "resolve", "reopen", "snooze", "approve",
                          "reject", "escalate", "retry", "forged", "claim:x", ""])
VALUE = st.one_of(st.sampled_from(["T-1", "T-2", "A-1", "T-0", "T-99999999999999999999",
                                   "A-1;DROP", "T-1#", "T-1#zzz", "T-1#0#0", "#", "", " ",
                                   '{"id": "T-1"}', "[1]", "null", "x" * 5000, "\x00",
                                   "<!channel>", "T-1\u202e", "Ｔ-１", "T-٣"]),
                  st.text(max_size=10))


@settings(derandomize=True, max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(action=BUTTON, value=VALUE)
def test_a_forged_button_is_answered_without_error(fuzzed: Fuzzed, action: str,
                                                   value: str) -> None:
    world = fuzzed.world
    ts = world.posts(SUPPORT)[0]["ts"]
    fuzzed.broken.records.clear()
    before, asked = fuzzed.state(), len(fuzzed.recorder.replies)
    status = fuzzed.loop.run(world.click(DAVE, action, "T-1", channel=SUPPORT, message_ts=ts,
                                         value=value or "\u200b"))
    assert status in (200, 400), (action, value, status)
    fuzzed.loop.run(fuzzed.settled())
    assert not fuzzed.broken.records, [r.getMessage() for r in fuzzed.broken.records]
    answers = [r for r in world.slack.responses if FAILED in str(r.get("text", ""))]
    assert not answers, (action, value)
    for _, reply in fuzzed.recorder.replies[asked:]:
        assert "\n" not in reply.text.strip() or reply.ok, (action, value, reply.text)
        if not reply.ok:
            assert fuzzed.state() == before, (action, value, reply.text)
