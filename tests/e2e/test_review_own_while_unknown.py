"""The team's own Mastodon replies while the server will not say whose the token is (a social
media manager's review, as Hootsuite or Sprout Social users expect an inbox to behave: the
team's own replies never come back as customers' posts). The source learns its accounts from
``verify_credentials``; while that failed (a 503, a 429, a revoked token's 401) but the
hashtag timeline still answered, the poll went on without them: the team's own reply on
#acme was routed as a customer's complaint and opened a ticket about itself. Now the poll
holds off (fails, saying why in one line; nothing is read, so the cursor stays) until the
accounts are known, and reads then what came meanwhile, the team's posts skipped.

The app as it runs (``open_app``, a SQLite file or a real redis-server), its Slack the local
wire-level one, the Mastodon server ``tests/support``'s, polled by the runtime."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import RateLimited, SourceAuthError, SourceError
from tests.conftest import FakeClock
from tests.e2e.world import CAROL, SUPPORT, UNPACED, World, running_world
from tests.support.fake_atproto import iso
from tests.support.netserver import Fault

MASTODON = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"


def near_now() -> FakeClock:
    return FakeClock(datetime.now(UTC).replace(second=0, microsecond=0))


def statuses(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    """A customer's complaint on #acme and the team's reply to it, both on the timeline."""
    base = json.loads((MASTODON / "status_edited_cw_mention_customemoji_gifv.json")
                      .read_text(encoding="utf-8"))
    theirs = copy.deepcopy(base)
    theirs["account"].update(id="555", acct="kasia", username="kasia",
                             url=f"{w.masto.base}/@kasia")
    theirs.update(id="100000000000000001", created_at=iso(w.clock() - timedelta(minutes=6)),
                  spoiler_text="", content="<p>acme login is down for me, please help</p>",
                  url=f"{w.masto.base}/@kasia/100000000000000001")
    ours = copy.deepcopy(base)
    ours["account"].update(id="777", acct="acme", username="acme", url=f"{w.masto.base}/@acme")
    ours.update(id="100000000000000002", created_at=iso(w.clock() - timedelta(minutes=5)),
                spoiler_text="", in_reply_to_id="99",
                content="<p>@kasia acme login is down for everyone, sorry, please bear with "
                        "us</p>", url=f"{w.masto.base}/@acme/100000000000000002")
    w.masto.json("GET", "/api/v1/timelines/tag/acme", [ours, theirs])
    w.masto.json("GET", "/api/v1/notifications", [])
    w.masto.json("GET", "/api/v1/accounts/verify_credentials", ours["account"])
    return theirs, ours


async def ask(w: World, text: str) -> str:
    before = len(w.said_to(CAROL))
    assert await w.slash(CAROL, SUPPORT, f"why {text}") == 200
    await w.until(lambda: len(w.said_to(CAROL)) > before, "the answer to why")
    return w.said_to(CAROL)[-1]


def ticketed(w: World) -> str:
    """Everything said in #support: cards and their threads."""
    return "\n".join(json.dumps(p) for p in w.slack.messages[SUPPORT])


async def polled(w: World, raised: type[Exception], source: str = "masto") -> str | None:
    """One poll of the source (the Mastodon one), its work done: the error it raised, None
    for none."""
    try:
        await w.a.runtime().poll_once(w.a.sources[source], here=True)
    except raised as exc:
        return str(exc)
    finally:
        await w.a.outbox.drain()
    return None


@pytest.mark.parametrize("store", ["sqlite", "redis"])
@pytest.mark.parametrize(("fault", "raised", "said"), [
    (Fault.server_error(503), SourceError, "503"),
    (Fault.rate_limited({"Retry-After": "120"}), RateLimited, "rate limited"),
])
async def test_the_teams_own_reply_opens_no_ticket_while_its_account_is_not_known(
        tmp_path: Path, store: str, fault: Fault, raised: type[Exception], said: str,
        request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("redis_url") if store == "redis" else None
    async with running_world(tmp_path, near_now(), extra=UNPACED, store=store,
                             redis_url=url) as w:
        theirs, ours = statuses(w)
        w.masto.fault("GET", "/api/v1/accounts/verify_credentials", fault)
        runtime, source = w.a.runtime(), w.a.sources["masto"]
        failed = await polled(w, raised)
        assert "bear with us" not in ticketed(w)  # the team's post: it opened a ticket
        # one line, saying which account and why, and that nothing was read
        assert failed and "\n" not in failed, failed
        assert said in failed and "masto" in failed, failed
        assert "nothing is read until" in failed, failed
        assert "acme login" not in ticketed(w)
        assert len(w.masto.requests_to("/api/v1/timelines/tag/acme")) == 0
        w.clock.advance(minutes=3)
        assert await runtime.poll_once(source, here=True) == 1  # the server answers again
        await w.a.outbox.drain()
        assert theirs["id"] in ticketed(w)
        assert ours["id"] not in ticketed(w) and "bear with us" not in ticketed(w)
        assert [s for s in source.skipped if s.startswith("own post")] == [  # type: ignore[attr-defined]
            f"own post: mastodon:{ours['id']}"]


async def test_a_revoked_token_stops_the_poll_saying_so_until_it_is_renewed(
        tmp_path: Path) -> None:
    """The token refused (401): its account's posts cannot be told from others', and it will
    not fix itself. The poll stops saying so in one line with what to change (the source's
    token), as any refused token does, and the team's reply opens no ticket."""
    async with running_world(tmp_path, near_now(), extra=UNPACED) as w:
        theirs, ours = statuses(w)
        w.masto.fault("GET", "/api/v1/accounts/verify_credentials", Fault.unauthorized(),
                      Fault.unauthorized())
        runtime, source = w.a.runtime(), w.a.sources["masto"]
        for _ in range(2):
            failed = await polled(w, SourceAuthError)
            assert "bear with us" not in ticketed(w)
            w.clock.advance(minutes=1)
        assert failed and "\n" not in failed and "401" in failed, failed
        assert "check the source's token" in failed, failed
        assert "acme login" not in ticketed(w)
        w.masto.json("GET", f"/api/v1/statuses/{theirs['id']}", theirs)
        said = await ask(w, theirs["url"])  # the customer's post, never fetched: why
        assert said.count("cannot tell its account's posts from others'") == 1, said
        assert "its last poll failed" in said and "nothing is read until" in said, said
        assert await runtime.poll_once(source, here=True) == 1  # a new token: it answers
        await w.a.outbox.drain()
        assert theirs["id"] in ticketed(w)
        assert ours["id"] not in ticketed(w)
