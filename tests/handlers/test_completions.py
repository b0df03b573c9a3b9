"""Autocomplete ids on both real stores: open and claimed tickets and pending approvals only
(read through the status index), filtered by what is typed, ids starting with it first and
newest first, at most the limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.core import keys as K
from bot.core.commands import typed_id
from bot.core.config import ScheduleConfig
from bot.core.effects import Effects
from bot.core.models import Approval, ShiftOverride, Ticket
from bot.core.oncall import schedules
from bot.core.ports import Store
from handlers.approvals import content_hash
from handlers.completions import IdCompletions
from handlers.overrides import ChatOverrides
from tests.conftest import FakeClock
from tests.handlers.test_queue import ticket
from tests.support.stores import create


class Counting:
    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.listed: list[tuple[str, str | None]] = []

    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]:
        self.listed.append(("ticket", status))
        return await self.inner.list_tickets(status=status)

    async def list_approvals(self, *, status: str | None = None) -> list[Approval]:
        self.listed.append(("approval", status))
        return await self.inner.list_approvals(status=status)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def approval(n: int, clock: FakeClock, *, status: str = "pending") -> Approval:
    text = f"Draft number {n}: we are on it"
    return Approval(id=f"A-{n}", status=status, text=text, network="mastodon",  # type: ignore[arg-type]
                    account="masto", author="bob", content_hash=content_hash(text),
                    created_at=clock())


async def test_offers_only_live_ids_filtered_and_bounded(store: Store, clock: FakeClock) -> None:
    for n in range(1, 31):
        assert await create(store, ticket(n, clock))
    assert await create(store, ticket(31, clock, status="claimed", claimer="ana"))
    for n in range(32, 40):
        assert await create(store, ticket(n, clock, status="resolved"))
    for n, status in ((1, "pending"), (2, "published"), (3, "pending")):
        assert await create(store, approval(n, clock, status=status))
    counting = Counting(store)
    ids = IdCompletions(counting)

    everything = await ids.complete("ticket", "")
    assert len(everything) == 25 and everything[0] == ("T-31", "T-31 · claimed by ana · support")
    assert not {"T-32", "T-39"} & {v for v, _ in everything}
    assert {s for _, s in counting.listed} == {"open", "claimed"}  # never the resolved history
    assert [v for v, _ in await ids.complete("ticket", " t-3")] == ["T-31", "T-30", "T-3"]
    assert [v for v, _ in await ids.complete("ticket", "claimed by")] == ["T-31"]
    assert [v for v, _ in await ids.complete("approval", "")] == ["A-3", "A-1"]
    assert [v for v, _ in await ids.complete("approval", "number 1")] == ["A-1"]
    # `schedule` moves an approved draft's time too: those are offered for it, and only them
    assert await create(store, approval(4, clock, status="approved"))
    assert [v for v, _ in await ids.complete("approval", "")] == ["A-3", "A-1"]
    assert [v for v, _ in await ids.complete("scheduling", "")] == ["A-4", "A-3", "A-1"]
    both = [v for v, _ in await ids.complete("any", "3", limit=5)]
    assert both == ["T-31", "T-30", "T-23", "T-13", "T-3"]
    assert [v for v, _ in await ids.complete("any", "a-")] == ["A-3", "A-1"]
    assert await ids.complete("ticket", "nothing like this") == []


async def test_a_draft_is_offered_as_it_reads_without_hidden_characters(
        store: Store, clock: FakeClock) -> None:
    """A draft's text is the author's, as typed: a right-to-left override in it reordered the
    rest of the choice in Discord's picker ("\u202e1-A" shows as "A-1"), and zero-width and
    control characters went into the choice as they were. Cards and the Home tab show
    drafts cleaned; so does the picker now."""
    text = "we fixed it \u202e1-A\u202c\u200b \x00done"
    assert await create(store, Approval(
        id="A-7", status="pending", text=text, network="mastodon",  # type: ignore[arg-type]
        account="masto", author="bob", content_hash=content_hash(text), created_at=clock()))
    [(value, label)] = await IdCompletions(store).complete("approval", "")
    assert (value, label) == ("A-7", "A-7 · Mastodon as masto · we fixed it 1-A done")


async def test_a_schedule_is_labelled_with_an_override_made_in_chat(
        store: Store, clock: FakeClock) -> None:
    """The label is read as the name is typed: an override stored since (by any process)
    names its person, on either store."""
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 CET: alice's week
    rotations = schedules([ScheduleConfig.model_validate({
        "name": "primary", "people": ["alice", "bob"], "start": "2026-11-16T10:30",
        "shift": "1w", "timezone": "Europe/Berlin"})])
    offered = IdCompletions(store, schedules=rotations, clock=clock,
                            overrides=ChatOverrides(store))
    assert await offered.complete("schedule", "") == [
        ("primary", "primary: alice until Mon 2026-11-23 10:30 CET, then bob")]
    fx = Effects()
    fx.put(K.OVERRIDE, "O-1", ShiftOverride(
        id="O-1", schedule="primary", person="carol", start=clock(),
        end=clock() + timedelta(hours=1), by="carol", at=clock()).model_dump_json())
    await store.apply(fx)
    assert await offered.complete("schedule", "carol") == [
        ("primary", "primary: carol (override) until Mon 2026-11-23 11:00 CET, then bob")]


async def test_a_damaged_override_is_left_out_with_one_warning(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    """A record cut short (a full disk, an edit by hand) is no override: the rotation's person
    stays on call, and the log says it once, not at every question."""
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    rotations = schedules([ScheduleConfig.model_validate({
        "name": "primary", "people": ["alice", "bob"], "start": "2026-11-16T10:30",
        "shift": "1w", "timezone": "Europe/Berlin"})])
    fx = Effects()
    fx.put(K.OVERRIDE, "O-1", '{"id": "O-1", "schedule": "primary", "person": "car')
    await store.apply(fx)
    chat = ChatOverrides(store)
    for _ in range(3):
        assert (await chat.live(rotations))["primary"].person_at(clock()) == "alice"
    said = [r for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(said) == 1


async def test_a_hand_edited_id_no_verb_takes_is_not_offered(
        store: Store, clock: FakeClock) -> None:
    """Newest first, by the id's number; "T-²" (a record edited by hand: ``str.isdigit`` is
    true of "²", ``int()`` refuses it) raised a ValueError at every completion of a ticket id,
    and then was offered last: chosen, every verb answered "write T-2", another ticket's id.
    An id is offered only as a verb takes it (``typed_id``), so "Ｔ-３" (read as T-3) is not
    either; the damaged records still show in ``tickets``."""
    for n in (1, 2):
        assert await create(store, ticket(n, clock))
    for n, damaged in ((3, "T-\u00b2"), (4, "T-\uff13"), (5, "T-x")):
        assert await create(store, ticket(n, clock).model_copy(update={"id": damaged}))
    for typed in ("", "t", "2", "\u00b2"):
        offered = await IdCompletions(store).complete("ticket", typed)
        assert [v for v, _ in offered] == [v for v in ("T-2", "T-1") if typed in v.lower()]


async def test_an_id_a_verb_takes_in_another_form_is_still_offered(
        store: Store, clock: FakeClock) -> None:
    """Offered means a verb reaches it: leading zeros (``T-007``) and twelve digits are ids
    as typed, and each offered id, read as every verb reads one (``typed_id``), is the very
    record it names. A lowercase ``t-6`` is not offered: a verb reads it as T-6, which the
    store (exact ids, SQLite and Redis alike) does not hold."""
    for n, stored in ((1, "T-1"), (2, "T-007"), (3, "T-123456789012"), (4, "t-6")):
        assert await create(store, ticket(n, clock).model_copy(update={"id": stored}))
    offered = [v for v, _ in await IdCompletions(store).complete("ticket", "")]
    assert offered == ["T-123456789012", "T-007", "T-1"]
    for value in offered:
        found = await store.get_ticket(typed_id(value) or "")
        assert found is not None and found.id == value
    assert await store.get_ticket(typed_id("t-6") or "") is None


async def test_subscriptions_offered_are_this_channels_of_this_workspace_only(
        store: Store, clock: FakeClock) -> None:
    """What the review of 5c90e86 checked: unsubscribe's choices are the subscriptions of the
    channel asked in, in the workspace asked in (the same channel id in another workspace,
    another channel of this one, and nothing asked from no channel offer none of theirs), on
    both stores; a hostile query (5,000 characters, line breaks, bidi and zero-width marks,
    a mention) is offered as one clean line within Discord's 100 characters."""
    from bot.core.models import Subscription
    from integrations.discord.commands import choices_payload

    hostile = ("\u202eevil\u200b\n<@&1> @everyone " + "é" * 5_000)
    for n, (workspace, channel, query) in enumerate([
            ("discord", "111111111111111111", "support query"),
            ("other", "111111111111111111", "other workspace's"),
            ("discord", "222222222222222222", "marketing's"),
            ("discord", "111111111111111111", hostile)], start=1):
        assert await create(store, Subscription(
            id=f"S-{n}", workspace=workspace, channel=channel, query=query, created_by="alice",
            created_at=clock(), mode="digest", digest_interval="hourly"))
    ids = IdCompletions(store)
    found = await ids.complete("subscription", "", workspace="discord",
                               channel="111111111111111111")
    assert [value for value, _ in found] == ["S-4", "S-1"]
    assert await ids.complete("subscription", "other", workspace="discord",
                              channel="111111111111111111") == []
    assert await ids.complete("subscription", "", workspace="discord", channel="") == []
    assert await ids.complete("subscription", "", workspace=None,
                              channel="111111111111111111") == []
    [evil, _] = choices_payload(found)
    assert evil["value"] == "S-4" and 1 <= len(evil["name"]) <= 100
    assert not any(c in evil["name"] for c in "\u202e\u200b\n"), evil


async def test_what_is_typed_is_read_without_the_marks_a_paste_carries(
        store: Store, clock: FakeClock) -> None:
    """Chat reads '\\u200fT-3' and '\\u2068primary\\u2069' as T-3 and primary (51b230b), but
    Discord's autocomplete, given the same paste, matched nothing: the options offered nothing
    for a value the command would take. Both read alike now; a mark that reorders an id
    (T-\\u202e31, drawn T-13) is kept, and matches nothing, as the command refuses it."""
    for n in (3, 13, 31):
        assert await create(store, ticket(n, clock))
    ids = IdCompletions(store)
    assert [v for v, _ in await ids.complete("ticket", "\u200fT-3")] == ["T-31", "T-3"]
    assert [v for v, _ in await ids.complete("ticket", "T-\u202e31")] == []
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    rotations = schedules([ScheduleConfig.model_validate({
        "name": "primary", "people": ["alice", "bob"], "start": "2026-11-16T10:30",
        "shift": "1w", "timezone": "Europe/Berlin"})])
    offered = IdCompletions(store, schedules=rotations, clock=clock)
    assert [v for v, _ in await offered.complete("schedule", "\u2068prim\u2069")] == [
        "primary"]


async def test_a_schedule_s_label_says_the_handoff_on_the_workspace_s_clock_too(
        store: Store, clock: FakeClock) -> None:
    """The label is `oncall`'s line, which says the handoff on the asking workspace's clock
    too (b77171c); Discord's options, asked in that workspace, said the schedule's alone."""
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 CET: alice's week
    rotations = schedules([ScheduleConfig.model_validate({
        "name": "primary", "people": ["alice", "bob"], "start": "2026-11-16T10:30",
        "shift": "1w", "timezone": "Europe/Berlin"})])
    offered = IdCompletions(store, schedules=rotations, clock=clock,
                            zones={"dc": "Asia/Kolkata", "berlin": "Europe/Berlin"})
    assert await offered.complete("schedule", "", workspace="dc") == [
        ("primary", "primary: alice until Mon 2026-11-23 10:30 CET (15:00 Asia/Kolkata), "
                    "then bob")]
    for workspace in ("berlin", "elsewhere", None):  # the same clock, or none configured
        assert await offered.complete("schedule", "", workspace=workspace) == [
            ("primary", "primary: alice until Mon 2026-11-23 10:30 CET, then bob")]
