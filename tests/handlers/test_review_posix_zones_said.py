"""A digest's clock written ``Etc/GMT+12`` is twelve hours WEST of UTC (UTC-12:00): tzdata's
Etc/ names count POSIX's way, the reverse of ``GMT+12`` on a calendar, so a team reading "09:00
Etc/GMT+12" took it for New Zealand's side of the world. ``socialops check`` warns of it in the
config; the times said in chat named it as written (a community manager's review, 2026-12-07;
each failed before: the zone alone). Now its offset is said beside it wherever a digest's clock
is named: a preview's next card, ``why``'s window and a late card's, a time on the team's
clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from bot.core.config import DigestsConfig
from bot.core.models import RouteHit, Subscription
from bot.core.when import on_clock
from handlers.digest_wait import DigestWait
from handlers.preview import PreviewResult, render
from handlers.routing import RouteActions
from tests.conftest import FakeClock

NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # 00:00 on the 7th at UTC-12:00
WEST = "Etc/GMT+12"


def actions(zone: str) -> RouteActions:
    """The router's digests on ``zone``'s clock; nothing here reads the store."""
    return RouteActions(cast(Any, None), cast(Any, None), cast(Any, None),
                        clock=FakeClock(NOON), digests=DigestsConfig(timezone=zone))


def hit() -> RouteHit:
    return RouteHit(route="product", action="digest", workspace="console", channel="product",
                    digest_interval=3600.0)


def test_a_time_on_the_teams_clock_says_its_offset() -> None:
    assert on_clock(NOON, WEST) == f" (00:00 {WEST}, UTC-12:00)"
    assert on_clock(NOON, "Etc/GMT-5") == " (17:00 Etc/GMT-5, UTC+05:00)"
    assert on_clock(NOON, "Europe/Berlin") == " (13:00 Europe/Berlin)"  # a place: as it was


def test_a_previews_next_card_says_its_offset() -> None:
    sub = Subscription(id="S-preview", workspace="console", channel="product", query="checkout",
                       created_by="alice", created_at=NOON, mode="digest",
                       digest_interval="daily")
    result = PreviewResult(per_day=(), samples=(), matched=0, scanned=0, seconds=0.0, cards=0,
                           next_card=NOON.astimezone(ZoneInfo(WEST)))
    assert f"its next card would come on Monday Dec 07 at 00:00 {WEST} (UTC-12:00)" in render(
        sub, result)


def test_whys_window_and_the_late_card_say_its_offset() -> None:
    routed = actions(WEST)
    wait = DigestWait(cast(Any, None), actions=routed, clock=FakeClock(NOON))
    window = routed.digest_window(hit(), NOON)
    assert wait._named(hit(), window) == f"00:00-01:00 {WEST} (UTC-12:00)"
    earlier = routed.digest_window(hit(), NOON - timedelta(hours=2))  # 22:00-23:00 the 6th
    late = routed._late({"due": earlier[1].isoformat()}, hit())
    assert late is not None and late.startswith(
        f"2026-12-06 22:00 to 2026-12-06 23:00 {WEST} (UTC-12:00), posted late"), late
