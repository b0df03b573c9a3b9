"""A channel follows one query with one set of options once, on both real stores: the same
subscribe decided by two processes at once (each read no twin before the other wrote) makes
one subscription, and unsubscribing it lets the same line subscribe again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from bot.core import keys as K
from bot.core.cards import Interaction
from bot.core.effects import Effects
from bot.core.errors import Refusal
from bot.core.models import Subscription
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.audit import Audit
from handlers.subscriptions import SubscriptionService
from rules import canonical_query, validate_query
from tests.conftest import FakeClock
from tests.support.stores import create, delete

T = TypeVar("T")


class WritesLate:
    """Transactions whose first decision is written only after ``meanwhile`` ran: another
    process that decided at the same moment and wrote first."""

    def __init__(self, inner: Applier) -> None:
        self.inner = inner
        self.meanwhile: Callable[[], Awaitable[object]] | None = None

    async def run(self, decide: Callable[[], Awaitable[tuple[Effects, T]]], *,
                  what: str = "decision") -> T:
        async def late() -> tuple[Effects, T]:
            decided = await decide()
            meanwhile, self.meanwhile = self.meanwhile, None
            if meanwhile is not None:
                await meanwhile()
            return decided

        return await self.inner.run(late, what=what)

    async def apply(self, effects: Effects) -> bool:
        return await self.inner.apply(effects)


def service(store: Store, clock: FakeClock, applier: Applier | WritesLate) -> SubscriptionService:
    return SubscriptionService(store, applier, clock=clock, audit=Audit(clock=clock),
                               validate_query=validate_query, canonical_query=canonical_query)


def line(user: str, action: str, *args: str, channel: str = "C1") -> Interaction:
    return Interaction(workspace="slack", channel=channel, user=user, via="command",
                       action=action, args=args)


async def test_the_same_subscribe_decided_at_once_makes_one(store: Store,
                                                            clock: FakeClock) -> None:
    late = WritesLate(Applier(store))
    first, other = service(store, clock, late), service(store, clock, Applier(store))
    answers: list[str] = []

    async def teammate() -> None:
        answers.append((await other.handle(line("U2", "subscribe", "ACME", "refund"),
                                           "bob")).text)

    late.meanwhile = teammate
    mine = await first.handle(line("U1", "subscribe", "acme", "refund"), "alice")
    [sub] = await store.list_subscriptions()
    # alice's decision drew S-1 and lost the race: the id stays unused
    assert (sub.id, sub.created_by) == ("S-2", "bob") and answers[0].startswith("S-2 created")
    assert mine.ok and mine.text == ("this channel already follows `ACME refund` as S-2; "
                                     "nothing added")


async def test_unsubscribing_frees_the_line_and_other_channels_are_apart(
        store: Store, clock: FakeClock) -> None:
    subs = service(store, clock, Applier(store))
    assert (await subs.handle(line("U1", "subscribe", "acme", "refund"), "alice")).ok
    elsewhere = await subs.handle(line("U1", "subscribe", "acme", "refund", channel="C2"),
                                  "alice")
    assert elsewhere.text.startswith("S-2 created")
    assert (await subs.handle(line("U1", "unsubscribe", "S-1"), "alice")).text == "S-1 removed"
    assert await store.list_raw(K.SUBSCRIPTION_HOLDER) != []  # C2's is still held
    again = await subs.handle(line("U2", "subscribe", "refund", "AND", "acme"), "bob")
    assert again.text.startswith("S-3 created")
    assert sorted(s.id for s in await store.list_subscriptions()) == ["S-2", "S-3"]


async def test_a_subscription_made_before_the_key_is_still_the_one_there(
        store: Store, clock: FakeClock) -> None:
    """Made before 2026-11-30, it holds no key: the channel's list still finds it."""
    old = Subscription(id="S-7", workspace="slack", channel="C1", query="Acme refund",
                       created_by="carol", created_at=clock())
    assert await create(store, old)
    subs = service(store, clock, Applier(store))
    again = await subs.handle(line("U1", "subscribe", "refund", "acme"), "alice")
    assert again.text == "this channel already follows `Acme refund` as S-7; nothing added"
    assert [s.id for s in await store.list_subscriptions()] == ["S-7"]


async def test_a_key_left_by_a_deleted_subscription_does_not_block(
        store: Store, clock: FakeClock) -> None:
    subs = service(store, clock, Applier(store))
    assert (await subs.handle(line("U1", "subscribe", "acme"), "alice")).ok
    assert await delete(store, K.SUBSCRIPTION, "S-1")  # not through unsubscribe
    again = await subs.handle(line("U1", "subscribe", "acme"), "alice")
    assert again.text.startswith("S-2 created"), again.text
    third = await subs.handle(line("U2", "subscribe", "ACME"), "bob")
    assert third.text == "this channel already follows `acme` as S-2; nothing added"


async def test_a_query_with_backticks_is_quoted_in_one_unbroken_code_span(
        store: Store, clock: FakeClock) -> None:
    """The twin reply quotes the query between backticks; one typed in the query ended that
    span early ("follows `acme `refund` as S-1"), and a run of three opened a code block. They
    show as the fullwidth lookalike, which folds back to a backtick: the quoted query is the
    same subscription."""
    subs = service(store, clock, Applier(store))
    query = ("acme `refund``` @here <!channel>\n`x`")
    assert (await subs.handle(line("U1", "subscribe", query), "alice")).ok
    again = await subs.handle(line("U2", "subscribe", query), "bob")
    assert again.text == ("this channel already follows `acme \uff40refund\uff40\uff40\uff40 "
                          "@here <!channel> \uff40x\uff40` as S-1; nothing added"), again.text
    assert again.text.count("`") == 2
    quoted = again.text.split("`")[1]
    same = await subs.handle(line("U2", "subscribe", quoted), "bob")
    assert same.text.endswith("as S-1; nothing added"), same.text


async def test_a_query_of_only_stars_is_refused_as_the_rules_file_refuses_it(
        store: Store, clock: FakeClock) -> None:
    """"subscribe *" (a wildcard, the person thought) was kept and fired for no post: a star
    only waives a keyword's word boundary. The rules file already refused it."""
    subs = service(store, clock, Applier(store))
    for query in ("*", "***", '"* *"', "acme OR *"):
        with pytest.raises(Refusal, match=r"^a keyword of only '\*' matches nothing: "):
            await subs.handle(line("U1", "subscribe", query), "alice")
    assert (await subs.handle(line("U1", "subscribe", "acme*"), "alice")).ok
    assert [s.query for s in await store.list_subscriptions()] == ["acme*"]


async def test_a_month_of_daily_route_mutes_keeps_no_ended_one(store: Store,
                                                                 clock: FakeClock) -> None:
    """A lead mutes a noisy route for an hour every day: each mute was a stored record kept
    after it ended, read again by every router rebuild; a mute now clears the ended ones."""
    subs = SubscriptionService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                               validate_query=validate_query, canonical_query=canonical_query,
                               route_names=lambda: {"praise"}, may_mute_routes=lambda _: True)
    for _ in range(30):
        reply = await subs.handle(line("carol", "mute", "praise", "1h"), "carol")
        assert reply.ok, reply.text
        clock.advance(days=1)
    assert len(await store.list_raw(K.SILENCE)) == 1  # the last one, ended too: the next goes


async def test_a_subscription_for_channel_none_is_unsubscribed_from_any_channel_of_its_workspace(
        store: Store, clock: FakeClock) -> None:
    """A release before 2026-11-30 saved subscriptions made over Discord's HTTP endpoint for
    the channel "None": they can never deliver, and unsubscribe refused them in every real
    channel ('no subscription S-7 in this channel'). ``socialops check`` names them with this
    fix; another channel's, or another workspace's, is still refused."""
    stranded = Subscription(id="S-7", workspace="slack", channel="None", query="acme",
                            created_by="carol", created_at=clock())
    assert await create(store, stranded)
    assert await create(store, stranded.model_copy(update={"id": "S-8", "workspace": "dc"}))
    subs = SubscriptionService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                               discord=lambda: frozenset({"slack", "dc"}))
    assert not (await subs.handle(line("U1", "unsubscribe", "S-8"), "alice")).ok
    assert not (await subs.handle(line("U1", "mute", "S-7"), "alice")).ok  # only removed
    assert (await subs.handle(line("U1", "unsubscribe", "S-7"), "alice")).text == "S-7 removed"
    assert [s.id for s in await store.list_subscriptions()] == ["S-8"]
    [event] = [e for e in await store.audit_since() if e.action == "subscription.delete"]
    assert event.object_id == "S-7"


async def test_a_channel_named_none_off_discord_is_a_real_one_kept_from_other_channels(
        store: Store, clock: FakeClock) -> None:
    """Only Discord's HTTP endpoint saved "None" for no channel. Elsewhere a channel so named
    is a real one whose subscriptions deliver (the console prints to any channel): anyone in
    any other channel of the workspace could unsubscribe them."""
    real = Subscription(id="S-7", workspace="slack", channel="None", query="acme",
                        created_by="carol", created_at=clock())
    assert await create(store, real)
    subs = service(store, clock, Applier(store))  # no Discord workspace
    reply = await subs.handle(line("U1", "unsubscribe", "S-7"), "alice")
    assert (reply.ok, reply.text) == (False, "no subscription S-7 in this channel")
    assert (await subs.handle(line("U1", "unsubscribe", "S-7", channel="None"),
                              "alice")).text == "S-7 removed"  # from its own channel
