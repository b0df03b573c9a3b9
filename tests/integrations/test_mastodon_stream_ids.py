"""A streamed mention notification without its own id, over real HTTP: the local server's
user stream replays the recorded notification (tests/fixtures/real/mastodon) with its id taken
away, then with ids. The notifications cursor is a notification id, never a status's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon_stream import USER_STREAM, Sleeps, config, frame, take
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"


def recorded_notification() -> dict[str, Any]:
    text = (REAL / "streaming_user_sse_events.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = lines.index("event: notification")
    notification: dict[str, Any] = json.loads(lines[at + 1].removeprefix("data: "))
    return notification


@pytest.mark.parametrize("bad_id", [None, "", 68739216, ["68739216"]],
                         ids=["missing", "empty", "number", "list"])
async def test_a_notification_without_an_id_is_skipped_and_moves_no_cursor(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, bad_id: Any) -> None:
    """Its status's id became the notifications cursor: a snowflake (10**17) far above the
    serial ids of notifications, so no later notification was read again (the gap-filling
    poll's min_id passed them all)."""
    good = recorded_notification()
    bad = json.loads(json.dumps(good))
    if bad_id is None:
        del bad["id"]
    else:
        bad["id"] = bad_id
    bad["status"]["id"] = "108914343542683700"
    later = json.loads(json.dumps(good))
    later["id"], later["status"]["id"] = "68739217", "108914343542683799"
    net.sse(USER_STREAM, [[frame("notification", bad), frame("notification", later)]])
    cursors = Cursors()
    src = MastodonSource(config(net, hashtags=(), notifications=True, token="tok"),
                         store=cursors, client=client, clock=clock, sleep=Sleeps())
    got = await take(src.stream(), 1)
    assert [m.native_id for m in got] == ["108914343542683799"]
    assert json.loads(cursors.values["m1"])["notifications"] == "68739217"
    assert len(src.skipped) == 1
    assert src.skipped[0].startswith("stream notification: mastodon: notification id ")
