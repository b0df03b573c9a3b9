"""Subscriptions made from chat: ``subscribe``, ``unsubscribe``, ``list``, ``mute``.

A subscription is bound to the channel it was made in; ``list`` shows only that channel's
subscriptions, and ``unsubscribe``/``mute`` refuse ids from other channels, so a department sees
and changes only its own. After a change ``on_change`` runs, which recompiles the router.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.cards import Interaction
from bot.core.models import Subscription
from bot.core.ports import Clock, Store
from handlers.audit import Audit

OnChange = Callable[[], Awaitable[None]]
MAX_QUERY = 500


class RouteMuter(Protocol):
    def route_names(self) -> set[str]: ...
    async def mute_route(self, route: str, *, who: str, until: datetime, why: str) -> str: ...


class SubscriptionService:
    def __init__(
        self,
        store: Store,
        *,
        clock: Clock,
        audit: Audit,
        on_change: OnChange | None = None,
        validate_query: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.on_change = on_change
        self.validate_query = validate_query
        # `mute <route> 2h why` silences a rules-file route (leads only; see RouterHolder)
        self.routes: RouteMuter | None = None
        self.may_mute_routes: Callable[[str], bool] = lambda person: False

    async def handle(self, i: Interaction, person: str) -> tuple[bool, str]:
        if i.action == "subscribe":
            return await self.subscribe(i, person)
        if i.action == "list":
            subs = await self.store.list_subscriptions(workspace=i.workspace, channel=i.channel)
            if not subs:
                return True, "no subscriptions in this channel"
            return True, "\n".join(_describe(s, self.clock) for s in subs)
        target = i.target or (i.args[0] if i.args else None)
        if not target:
            return False, f"usage: {i.action} S-<number>"
        if (i.action == "mute" and self.routes is not None
                and target in self.routes.route_names()):
            return await self._mute_route(i, person, target)
        sub = await self.store.get_subscription(target)
        if sub is None or (sub.workspace, sub.channel) != (i.workspace, i.channel):
            return False, f"no subscription {target} in this channel"
        if i.action == "unsubscribe":
            await self.store.delete_subscription(sub.id)
            await self.audit.record(
                actor=person,
                action="subscription.delete",
                before=sub,
                object_type="subscription",
                object_id=sub.id,
            )
            await self._changed()
            return True, f"{sub.id} removed"
        from handlers.dispatch import parse_duration

        rest = i.args[1:] if i.target is None else i.args
        duration = parse_duration(rest[0]) if rest else timedelta(hours=1)
        until = self.clock() + duration
        new = sub.model_copy(update={"muted_until": until, "version": sub.version + 1})
        if not await self.store.update_subscription(new, expected_version=sub.version):
            return False, f"{sub.id} changed meanwhile; try again"
        await self.audit.record(
            actor=person,
            action="subscription.mute",
            obj=new,
            before=sub,
            object_type="subscription",
            object_id=sub.id,
            detail=" ".join(rest[1:]),
        )
        await self._changed()
        return True, f"{sub.id} muted until {until:%Y-%m-%d %H:%M UTC}"

    async def _mute_route(self, i: Interaction, person: str, route: str) -> tuple[bool, str]:
        from handlers.dispatch import parse_duration

        assert self.routes is not None
        if not self.may_mute_routes(person):
            return False, f"only a lead may mute the route {route}"
        rest = i.args[1:] if i.target is None else i.args
        duration = parse_duration(rest[0]) if rest else timedelta(hours=1)
        until = self.clock() + duration
        why = " ".join(rest[1:])
        silence_id = await self.routes.mute_route(route, who=person, until=until, why=why)
        when = f"{until:%Y-%m-%d %H:%M UTC}"
        await self.audit.record(actor=person, action="route.mute", object_type="route",
                                object_id=route, detail=f"{silence_id} until {when}: {why}")
        return True, f"route {route} muted until {when}"

    async def subscribe(self, i: Interaction, person: str) -> tuple[bool, str]:
        query = " ".join(i.args).strip()
        if not query:
            return (
                False,
                "usage: subscribe <query> [digest=hourly|daily] [lang=en,pl] [sentiment<-0.3]",
            )
        if len(query) > MAX_QUERY:
            return False, f"the query is longer than {MAX_QUERY} characters"
        if self.validate_query is not None:
            self.validate_query(query)  # raises ValueError with the reason
        opts = i.options
        digest = opts.get("digest")
        if digest not in (None, "hourly", "daily"):
            return False, "digest must be hourly or daily"
        langs = tuple(x.strip().lower() for x in opts.get("lang", "").split(",") if x.strip())
        number = await self.store.next_number("subscription")
        sub = Subscription(
            id=f"S-{number}",
            workspace=i.workspace,
            channel=i.channel,
            query=query,
            created_by=person,
            created_at=self.clock(),
            mode="digest" if digest else "realtime",
            digest_interval=digest,
            languages=langs,
            sentiment_max=float(opts["sentiment<"]) if "sentiment<" in opts else None,
            sentiment_min=float(opts["sentiment>"]) if "sentiment>" in opts else None,
        )
        await self.store.create_subscription(sub)
        await self.audit.record(
            actor=person,
            action="subscription.create",
            obj=sub,
            object_type="subscription",
            object_id=sub.id,
        )
        await self._changed()
        return True, f"{sub.id} created: {_describe(sub, self.clock)}"

    async def _changed(self) -> None:
        if self.on_change is not None:
            await self.on_change()


def _describe(s: Subscription, clock: Clock) -> str:
    bits = [f"{s.id}: {s.query}", s.mode if s.mode == "realtime" else f"digest {s.digest_interval}"]
    if s.languages:
        bits.append("lang " + ",".join(s.languages))
    if s.sentiment_max is not None:
        bits.append(f"sentiment<{s.sentiment_max}")
    if s.sentiment_min is not None:
        bits.append(f"sentiment>{s.sentiment_min}")
    if s.muted_until and s.muted_until > clock():
        bits.append(f"muted until {s.muted_until:%Y-%m-%d %H:%M UTC}")
    return " · ".join(bits) + f" (by {s.created_by})"
