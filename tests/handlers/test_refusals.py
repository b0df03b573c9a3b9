"""A refusal found deep in a request (a malformed duration, a team that does not exist, a
ticket in the wrong state) is raised as ``Refusal`` where it is found; the dispatcher answers
with its one line, unchanged, and audits it like any refusal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.app.demo import SAMPLE
from bot.core.cards import Interaction
from bot.core.commands import parse_command
from bot.core.config import StoreConfig, load_config
from bot.core.durations import parse_duration
from bot.core.errors import Refusal
from bot.store import open_store
from tests.conftest import FakeClock


def test_a_malformed_duration_is_a_refusal_saying_what_to_type() -> None:
    with pytest.raises(Refusal) as refused:
        parse_duration("soon")
    assert refused.value.message == "bad duration 'soon': use e.g. 30m, 2h or 1d"


# the typed-command grammar refuses a bad duration before dispatch; a button or a modal
# hands the handler its arguments as they are, so the handler's own parse is what refuses
@pytest.mark.parametrize(("line", "answer"), [
    ("snooze T-1 | soon", "bad duration 'soon': use e.g. 30m, 2h or 1d"),
    ("mute S-1 | soon", "bad duration 'soon': use e.g. 30m, 2h or 1d"),
    ("tickets nosuch", "no team 'nosuch': a team is a channel or a people group"),
    ("subscribe outage sentiment>0.5 digest=daily", None),  # a valid line: created
    ("resolve T-404", "no ticket T-404"),
    # café typed in a Latin-1 terminal, read by the console: it would match no post
    ("subscribe caf\ufffd", "the query has \ufffd (U+FFFD), which stands where a character "
                            "could not be read"),
    ("subscribe outage | caf\ufffd", "the query has \ufffd (U+FFFD)"),
    # mute takes a route's name too: the refusal says so, as unmute's does
    ("mute nosuch 1h", "no subscription nosuch in this channel (nor a route by that name)"),
    ("unmute nosuch", "no subscription nosuch in this channel (nor a route by that name)"),
])
async def test_the_dispatcher_answers_a_refusal_with_its_line(
        tmp_path: Path, line: str, answer: str | None) -> None:
    clock = FakeClock()
    store = await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")),
                             redis_url=None, clock=clock)
    async with open_app(load_config(SAMPLE / "demo.yaml"), clock=clock, out=io.StringIO(),
                        store=store, owner="t", env={}) as app:
        typed, _, arg = line.partition(" | ")
        if arg:
            action, target = typed.split()
            interaction = Interaction(workspace="console", channel="marketing", user="dave",
                                      via="modal", action=action, target=target, args=(arg,))
        else:
            interaction = parse_command(typed).interaction(
                workspace="console", channel="marketing", user="dave")
        reply = await app.dispatcher.handle(interaction)
        audited = [e for e in await app.store.audit_since() if e.action.startswith("refused.")]
    if answer is None:
        assert reply.ok, reply.text
        assert audited == []
        return
    assert not reply.ok and reply.text.startswith(answer) and "\n" not in reply.text
    assert [(e.actor, e.detail) for e in audited] == [("dave", reply.text)]


async def test_one_person_keeps_a_bounded_number_of_subscriptions_in_a_channel(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One member cannot flood a channel (and the router) with subscriptions: past the bound
    the answer is one line saying what to do; others, and other channels, are not affected."""
    import handlers.subscriptions as subscriptions

    monkeypatch.setattr(subscriptions, "MAX_PER_PERSON", 3)
    clock = FakeClock()
    store = await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")),
                             redis_url=None, clock=clock)
    async with open_app(load_config(SAMPLE / "demo.yaml"), clock=clock, out=io.StringIO(),
                        store=store, owner="t", env={}) as app:
        async def subscribe(who: str, channel: str, word: str) -> tuple[bool, str]:
            reply = await app.dispatcher.handle(parse_command(f"subscribe {word}").interaction(
                workspace="console", channel=channel, user=who))
            return reply.ok, reply.text

        for word in ("alpha", "beta", "gamma"):
            assert (await subscribe("dave", "marketing", word))[0]
        ok, text = await subscribe("dave", "marketing", "delta")
        assert not ok and "\n" not in text
        assert text.startswith("you already keep 3 subscriptions in this channel")
        assert (await subscribe("alice", "marketing", "delta"))[0]
        assert (await subscribe("dave", "sales", "delta"))[0]
        held = await app.store.list_subscriptions(workspace="console", channel="marketing")
        assert sorted(s.query for s in held if s.created_by == "dave") == [
            "alpha", "beta", "gamma"]
        audited = [e for e in await app.store.audit_since() if e.action.startswith("refused.")]
        assert [(e.actor, e.detail) for e in audited] == [("dave", text)]


# the one argument a refusal is about (Reply.field), where a form shows it under that field
# (tests/e2e/test_review_form_refusal_fields.py); None: about several, or nothing typed
@pytest.mark.parametrize(("line", "field"), [
    ("draft bluesky nobody " + "word " * 80, "text"),  # over Bluesky's 300 characters
    ("draft mastodon nobody Hello", "account"),
    ("draft mastodon nobody at=yesterday Hello", "at"),
    ("reply T-404 thanks", "ticket"),
    ("subscribe AND", "query"),
    ("tickets nosuch", None),
])
async def test_a_refusal_about_one_argument_names_it(
        tmp_path: Path, line: str, field: str | None) -> None:
    clock = FakeClock()
    store = await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")),
                             redis_url=None, clock=clock)
    async with open_app(load_config(SAMPLE / "demo.yaml"), clock=clock, out=io.StringIO(),
                        store=store, owner="t", env={}) as app:
        reply = await app.dispatcher.handle(parse_command(line).interaction(
            workspace="console", channel="marketing", user="dave"))
    assert not reply.ok and "\n" not in reply.text
    assert reply.field == field, reply.text
