"""`/socialops people oncall` through discord.py against the local Discord: the optional
schedule option becomes the shared command line (``oncall primary``), and the answer (who is
on call now, until when, and who next, at the injected clock's time) goes to the asker alone,
pinging nobody; a schedule that does not exist is one private line. The schedule option
autocompletes the configured schedules' names, each labelled with who is on call. The `do`
option makes, lists and drops an override (``oncall primary cover 2h for=bob``)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig, PersonConfig, ScheduleConfig
from bot.core.effects import Effects
from bot.core.models import ShiftOverride
from bot.core.oncall import schedules
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.audit import Audit
from handlers.completions import IdCompletions
from handlers.dispatch import target_of
from handlers.identity import Directory
from handlers.oncall import OnCallBoard
from handlers.overrides import OverrideDesk
from tests.conftest import FakeClock
from tests.integrations.discord.asking import asking
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import ALICE, STRANGER, registered_options, slash
from tests.support.fake_discord import FakeDiscord


class Board:
    """The oncall verb as the dispatcher runs it."""

    def __init__(self, board: OnCallBoard) -> None:
        self.board = board
        self.seen: list[Interaction] = []

    async def handle(self, i: Interaction) -> Reply:
        self.seen.append(i)
        if len(i.args) < 3:
            return await self.board.reply(target_of(i))
        name, what, rest = i.args[:3]  # as handlers.dispatch does, asked by alice
        return await self.board.reply(name, what, rest, person="alice",
                                      for_=i.options.get("for"))


@pytest.fixture
async def asked(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
                clock: FakeClock) -> AsyncIterator[Callable[..., Any]]:
    clock.now = datetime(2026, 10, 26, 7, 30, tzinfo=UTC)
    rotations = schedules([ScheduleConfig.model_validate({
        "name": "primary", "people": ["alice", "bob"], "start": "2026-10-19T09:00",
        "shift": "1w", "timezone": "Europe/Berlin",
        "overrides": [{"person": "@everyone", "from": "2026-10-26T09:00",
                       "until": "2026-10-26T10:00"}]})])
    handler = Board(OnCallBoard(rotations, clock=clock))
    async with asking(ws_config, fake, handler) as ask:
        yield functools.partial(ask, "oncall")


async def test_oncall_from_discord_answers_the_asker_alone(
        asked: Callable[..., Any], fake: FakeDiscord, clock: FakeClock) -> None:
    assert await registered_options(fake, "oncall") == [("schedule", False), ("do", False)]
    i, body = await asked()
    assert (i.action, i.args) == ("oncall", ())
    assert body["flags"] & 64  # ephemeral
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    # 08:30 CET: still alice's week, which ends at 09:00 on the wall clock, not 168 h after
    # it began in summer time; the next is a person's id as the config writes it, pinging
    # nobody
    assert view.text == ("On call now:\n• primary: alice until Mon 2026-10-26 09:00 CET, "
                         "then @everyone")
    assert view.pings == frozenset()

    clock.advance(hours=1)
    i, body = await asked(schedule="primary")
    assert (i.action, i.args) == ("oncall", ("primary",))
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert view.text == ("On call: primary: @everyone (override) until Mon 2026-10-26 10:00 "
                         "CET, then bob")
    assert view.pings == frozenset()

    _, body = await asked(schedule="nights")
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert body["flags"] & 64
    assert view.text == "no schedule 'nights' (schedules: primary)"


ROTATIONS = [
    {"name": "primary", "people": ["alice", "bob"], "start": "2026-10-19T09:00", "shift": "1w",
     "timezone": "Europe/Berlin"},
    {"name": "nights", "people": ["carol", "bob"], "start": "2026-10-19T20:00", "shift": "1d",
     "timezone": "Europe/Berlin"},
]


async def test_the_schedule_option_autocompletes_the_schedules_names(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, clock: FakeClock,
        sqlite_store: Store) -> None:
    """The option's autocomplete flag is registered (it costs none of the command's 4,000
    characters: tests/integrations/discord/test_documented_limits.py counts them), and the
    choices are the configured schedules, labelled as `oncall` says them at the injected
    clock's time, filtered by what is typed; someone not linked is offered nothing."""
    clock.now = datetime(2026, 10, 26, 7, 30, tzinfo=UTC)  # 08:30 CET: alice's, carol's
    rotations = schedules([ScheduleConfig.model_validate(r) for r in ROTATIONS])
    handler = Board(OnCallBoard(rotations, clock=clock))
    completions = IdCompletions(sqlite_store, schedules=rotations, clock=clock)
    async with asking(ws_config, fake, handler, completions=completions) as ask:
        call = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
        [oncall] = [o for g in call.body[0]["options"] for o in g["options"]
                    if o["name"] == "oncall"]
        assert oncall["options"] == [{"type": 3, "name": "schedule", "required": False,
                                      "description": "Schedule", "autocomplete": True},
                                     {"type": 3, "name": "do", "required": False,
                                      "description": "cover 2h for=bob"}]

        async def offered(typed: str, user: str = ALICE) -> list[tuple[str, str]]:
            before = len([c for c in fake.calls if "/callback" in c.path])
            await fake.dispatch("INTERACTION_CREATE", fake.interaction(
                4, slash("oncall", focused="schedule", schedule=typed), user_id=user))
            body = (await fake.wait_for("POST", "/callback", count=before + 1)).body
            assert body["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
            return [(c["value"], c["name"]) for c in body["data"]["choices"]]

        assert await offered("") == [
            ("primary", "primary: alice until Mon 2026-10-26 09:00 CET, then bob"),
            ("nights", "nights: carol until Mon 2026-10-26 20:00 CET, then bob")]
        assert [v for v, _ in await offered("NI")] == ["nights"]
        assert [v for v, _ in await offered("carol")] == ["nights"]  # who is on call, too
        assert await offered("secondary") == []
        assert await offered("", user=STRANGER) == []
        assert handler.seen == []  # completing runs no command
        clock.advance(hours=1)  # 09:30 CET: bob's week
        assert (await offered("pri"))[0][1] == \
            "primary: bob until Mon 2026-11-02 09:00 CET, then alice"
        i, _ = await ask("oncall", schedule="nights")  # the chosen value is the name
        assert (i.action, i.args) == ("oncall", ("nights",))


async def test_the_do_option_covers_lists_and_drops_an_override(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, clock: FakeClock,
        sqlite_store: Store) -> None:
    """`do` is the rest of the typed line after the schedule (one free-text option, a few of
    the command's 4,000 characters): `cover 2h for=bob` gives bob the next two hours (said to
    the asker; a schedule's announce channel says it to all); `overrides` lists it; `drop O-1`
    takes it away; dropping it again is one private line."""
    clock.now = datetime(2026, 10, 26, 7, 30, tzinfo=UTC)  # 08:30 CET: alice's week
    rotations = schedules([ScheduleConfig.model_validate(r) for r in ROTATIONS])
    desk = OverrideDesk(sqlite_store, Applier(sqlite_store), clock=clock,
                        directory=Directory([PersonConfig(id=p) for p in ("alice", "bob")]),
                        audit=Audit(clock=clock), channels={})
    handler = Board(OnCallBoard(rotations, clock=clock, desk=desk))

    def text(body: dict[str, Any]) -> str:
        return discord_view(body, allowed_mentions=body.get("allowed_mentions")).text

    async with asking(ws_config, fake, handler) as ask:
        i, body = await ask("oncall", schedule="primary", do="cover 2h for=bob")
        assert (i.args, i.options) == (("primary", "cover", "2h"), {"for": "bob"})
        assert body["flags"] & 64  # to the asker: the announce channel says it to all
        assert text(body) == (
            "O-1: bob on call in primary from Mon 2026-10-26 08:30 CET to Mon 2026-10-26 10:30 "
            "CET, given by alice (drop it: oncall primary drop O-1)")
        _, body = await ask("oncall", schedule="primary")
        assert text(body) == (
            "On call: primary: bob (override) until Mon 2026-11-02 09:00 CET, then alice")
        _, body = await ask("oncall", schedule="primary", do="overrides")
        assert text(body) == (
            "Overrides in primary:\n"
            "• O-1: bob, Mon 2026-10-26 08:30 CET to Mon 2026-10-26 10:30 CET (made by alice)")
        _, body = await ask("oncall", schedule="primary", do="drop O-1")
        assert text(body).startswith("O-1 dropped in primary")
        _, body = await ask("oncall", schedule="primary", do="drop O-1")
        assert body["flags"] & 64
        assert text(body) == (
            "no override 'O-1' made in chat in primary (see oncall primary overrides); one in "
            "socialops.yaml is edited there, and counts once every process has restarted")


async def test_a_long_list_of_overrides_counts_every_row_left_out(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, clock: FakeClock,
        sqlite_store: Store) -> None:
    """300 overrides (about 25,000 characters of rows) in a Discord answer of 2,000: the rows
    that fit, and a count of all the others. The count was of what was left after a cut at
    20,000 characters (bot.core.text.clean): 'and 227 more lines' where there were 279."""
    clock.now = datetime(2026, 10, 26, 7, 30, tzinfo=UTC)
    fx = Effects()
    for n in range(1, 301):
        start = clock.now + timedelta(days=1, hours=2 * n)
        fx.put("override", f"O-{n}", ShiftOverride(
            id=f"O-{n}", schedule="primary", person="bob", start=start,
            end=start + timedelta(hours=1), by="bob", at=clock.now).model_dump_json())
    await Applier(sqlite_store).apply(fx)
    desk = OverrideDesk(sqlite_store, Applier(sqlite_store), clock=clock,
                        directory=Directory([PersonConfig(id=p) for p in ("alice", "bob")]),
                        audit=Audit(clock=clock), channels={})
    rotations = schedules([ScheduleConfig.model_validate(r) for r in ROTATIONS])
    handler = Board(OnCallBoard(rotations, clock=clock, desk=desk))
    async with asking(ws_config, fake, handler) as ask:
        _, body = await ask("oncall", schedule="primary", do="overrides")
    lines = discord_view(body, allowed_mentions=body.get("allowed_mentions")).text.splitlines()
    shown = [line for line in lines if line.startswith("• ")]
    assert lines[0] == "Overrides in primary:" and 5 < len(shown) < 300, lines[-1]
    assert lines[-1].startswith(f"… and {300 - len(shown)} more lines"), (len(shown), lines[-1])


async def test_the_schedule_s_label_says_the_handoff_on_the_workspace_s_clock_too(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, clock: FakeClock,
        sqlite_store: Store) -> None:
    """`oncall` says a handoff on the asking workspace's clock too (b77171c); the schedule
    option's labels, asked through discord.py in a workspace on Kolkata's clock, said the
    schedule's alone. They are `oncall`'s line there, within Discord's 100 characters."""
    clock.now = datetime(2026, 10, 26, 7, 30, tzinfo=UTC)  # 08:30 CET
    rotations = schedules([ScheduleConfig.model_validate(r) for r in ROTATIONS])
    completions = IdCompletions(sqlite_store, schedules=rotations, clock=clock,
                                zones={ws_config.name: "Asia/Kolkata"})
    async with asking(ws_config, fake, Board(OnCallBoard(rotations, clock=clock)),
                      completions=completions):
        await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")

        async def offered(typed: str) -> list[tuple[str, str]]:
            before = len([c for c in fake.calls if "/callback" in c.path])
            await fake.dispatch("INTERACTION_CREATE", fake.interaction(
                4, slash("oncall", focused="schedule", schedule=typed), user_id=ALICE))
            body = (await fake.wait_for("POST", "/callback", count=before + 1)).body
            return [(c["value"], c["name"]) for c in body["data"]["choices"]]

        assert await offered("") == [
            ("primary", "primary: alice until Mon 2026-10-26 09:00 CET (13:30 Asia/Kolkata), "
                        "then bob"),
            ("nights", "nights: carol until Mon 2026-10-26 20:00 CET (Tue 00:30 Asia/Kolkata), "
                       "then bob")]
        # what is typed is matched against a schedule's name and its people, as documented,
        # not the label's clock text: a zone ('kolkata', 'CET'), a time or 'until' matched
        # every schedule, whatever it was called
        for typed in ("kolkata", "Asia/Kolkata", "CET", "13:30", "until", "2026"):
            assert await offered(typed) == [], typed
        assert [v for v, _ in await offered("nig")] == ["nights"]
        assert [v for v, _ in await offered("carol")] == ["nights"]
        assert [v for v, _ in await offered("bob")] == ["primary", "nights"]
