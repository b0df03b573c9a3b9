"""The Mastodon source and publisher over real HTTP against the shared local server
(tests/support/netserver.py), fed with the real recorded statuses in fixtures/real/mastodon."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.config import StoreConfig
from bot.core.errors import (
    MalformedPayload,
    PublishError,
    RateLimited,
    SourceAuthError,
    SourceError,
)
from bot.store import open_store
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import LOOKBACK, MastodonPublisher, MastodonSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors, recording_where
from tests.support.netserver import Fault, NetServer

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"
TAG = "/api/v1/timelines/tag/socialops"
T0 = datetime(2026, 8, 1, 13, 52, 34, tzinfo=UTC)  # the recorded page's newest status


def load(name: str) -> Any:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def real_status(n: int, *, at: datetime) -> dict[str, Any]:
    """A copy of a real recorded status, renumbered: id 1000+n, created ``at``."""
    base = load("account_statuses_page_limit5.json")[n % 5]
    status: dict[str, Any] = copy.deepcopy(base)
    status["id"] = str(117020580000000000 + n)
    status["created_at"] = at.isoformat().replace("+00:00", "Z")
    status["content"] = f"<p>Toot number {n} about <a href=\"https://socialops.example/{n}\">" \
                        f"it</a></p>"
    return status


class FakeTimeline:
    """A hashtag timeline that pages like Mastodon: newest first, ``min_id`` gives the oldest
    page newer than it, ``max_id`` and ``since_id`` bound a newest-first page ("All results
    returned will be lesser than this ID", "greater than": docs.joinmastodon.org, methods/
    timelines), ``Link`` carries ``prev`` (min_id) and ``next`` (max_id). ``order``: an id's
    place, as the server stores it (Mastodon's Snowflakes by their number)."""

    def __init__(self, order: Callable[[str], int] = int) -> None:
        self.order = order
        self.statuses: list[dict[str, Any]] = []
        self.rate_headers: dict[str, str] = {"X-RateLimit-Limit": "300",
                                             "X-RateLimit-Remaining": "299"}

    def add(self, *statuses: dict[str, Any]) -> None:
        self.statuses.extend(statuses)
        self.statuses.sort(key=lambda s: self.order(s["id"]), reverse=True)

    async def __call__(self, request: web.Request) -> web.Response:
        limit = min(40, int(request.query.get("limit", "20")))
        items, at = self.statuses, self.order
        if "max_id" in request.query:
            items = [s for s in items if at(s["id"]) < at(request.query["max_id"])]
        if "since_id" in request.query:
            items = [s for s in items if at(s["id"]) > at(request.query["since_id"])]
        if "min_id" in request.query:
            newer = [s for s in items if at(s["id"]) > at(request.query["min_id"])]
            page = newer[-limit:]
        else:
            page = items[:limit]
        headers = dict(self.rate_headers)
        if page:
            # a foreign host on purpose: the source must take only the query from a link
            headers["Link"] = (f'<https://elsewhere.example{request.path}?limit={limit}&max_id='
                               f'{page[-1]["id"]}>; rel="next", <https://elsewhere.example'
                               f'{request.path}?limit={limit}&min_id={page[0]["id"]}>; '
                               'rel="prev"')
        return web.json_response(page, headers=headers)


@pytest.fixture
def timeline(net: NetServer) -> FakeTimeline:
    tl = FakeTimeline()
    net.handler("GET", TAG, tl)
    return tl


def config(net: NetServer, **kw: Any) -> MastodonSourceConfig:
    values: dict[str, Any] = {"id": "m1", "type": "mastodon", "base_url": net.base,
                              "hashtags": ("#socialops",), "timeout": 1.0}
    values.update(kw)
    return MastodonSourceConfig(**values)


async def test_first_run_is_quiet_then_pages_forward_to_the_cursor(
        net: NetServer, timeline: FakeTimeline, client: httpx.AsyncClient, clock: FakeClock,
        tmp_path: Path) -> None:
    clock.now = T0 + timedelta(minutes=10)
    timeline.add(*(real_status(n, at=T0 - timedelta(hours=3)) for n in range(3)),
                 *(real_status(n, at=T0 - timedelta(minutes=n)) for n in range(3, 8)))
    store = await open_store(StoreConfig(path=str(tmp_path / "s.db")), redis_url=None,
                             clock=clock)
    try:
        first = await MastodonSource(config(net), store=store, client=client,
                                     clock=clock).poll()
        assert [m.native_id for m in first] == [str(117020580000000000 + n)
                                                for n in (7, 6, 5, 4, 3)]
        req = net.requests_to(TAG)[0]
        assert req.q("limit") == "40" and req.q("min_id") is None
        assert first[0].links == ("https://socialops.example/7",)
        # 85 new statuses: three pages of 40, 40, 5, read oldest first from the cursor
        timeline.add(*(real_status(n, at=T0 + timedelta(seconds=n)) for n in range(8, 93)))
        net.requests.clear()
        again = MastodonSource(config(net), store=store, client=client, clock=clock)
        second = await again.poll()
        assert [int(m.native_id) - 117020580000000000 for m in second] == list(range(8, 93))
        forward = [r for r in net.requests_to(TAG) if r.q("max_id") is None]
        assert [r.q("min_id") for r in forward] == [
            str(117020580000000007), str(117020580000000047), str(117020580000000087)]
        # and one look below the cursor it started from, for statuses delivered late
        [below] = [r for r in net.requests_to(TAG) if r.q("max_id") is not None]
        assert below.q("max_id") == str(117020580000000007)
        assert int(below.q("since_id") or 0) >> 16 == (
            (117020580000000007 >> 16) - LOOKBACK.total_seconds() * 1000)
        assert await again.poll() == []
    finally:
        await store.close()


async def test_spent_budget_pauses_until_reset_without_sending(
        net: NetServer, timeline: FakeTimeline, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    clock.now = T0
    timeline.add(real_status(1, at=T0))
    timeline.rate_headers = {"X-RateLimit-Remaining": "0",
                             "X-RateLimit-Reset": (T0 + timedelta(minutes=2)).isoformat()}
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
    assert len(await src.poll()) == 1
    with pytest.raises(RateLimited) as info:
        await src.poll()
    assert info.value.retry_after == pytest.approx(120)
    assert len(net.requests_to(TAG)) == 1  # nothing was sent
    clock.advance(minutes=2, seconds=1)
    timeline.rate_headers = {"X-RateLimit-Remaining": "250"}
    assert await src.poll() == []
    # the read from the cursor, and the look below it (for statuses delivered late)
    assert len(net.requests_to(TAG)) == 3


async def test_429_uses_retry_after_then_the_reset_header(
        net: NetServer, timeline: FakeTimeline, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    clock.now = T0
    reset = (T0 + timedelta(seconds=90)).isoformat()
    net.fault("GET", TAG, Fault.rate_limited({"Retry-After": "7"}),
              Fault.http(429, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
                         load("error_429_rate_limited.json")))
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
    with pytest.raises(RateLimited) as first:
        await src.poll()
    assert first.value.retry_after == 7
    with pytest.raises(RateLimited) as second:
        await src.poll()
    assert second.value.retry_after == pytest.approx(90)


@pytest.mark.parametrize(("fault", "error"), [
    (Fault.unauthorized(), SourceAuthError),
    (Fault.http(403, None, {"error": "This action is not allowed"}), SourceAuthError),
    (Fault.server_error(), SourceError),
    (Fault.server_error(503), SourceError),
    (Fault.delay(2.0), SourceError),
    (Fault.truncated(), SourceError),
    (Fault.malformed_json(), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, load("error_404_not_found.json")),
     MalformedPayload),
])
async def test_faults_become_our_errors(net: NetServer, timeline: FakeTimeline,
                                        client: httpx.AsyncClient, clock: FakeClock,
                                        fault: Fault, error: type[Exception]) -> None:
    timeline.add(*(real_status(n, at=clock.now) for n in range(60)))
    net.fault("GET", TAG, fault)
    cursors = Cursors()
    with pytest.raises(error):
        await MastodonSource(config(net), store=cursors, client=client, clock=clock).poll()
    assert cursors.values == {}  # nothing moved
    assert len(await MastodonSource(config(net), store=cursors, client=client,
                                    clock=clock).poll()) == 40


async def test_hostile_items_are_counted_skips(net: NetServer, client: httpx.AsyncClient,
                                              clock: FakeClock) -> None:
    good = real_status(1, at=clock.now)
    net.json("GET", TAG, [good, {"id": "117020580000000005"}, "junk", {"id": 3},
                          {**good, "id": "117020580000000004", "account": None}])
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
    assert [m.native_id for m in await src.poll()] == [good["id"]]
    assert len(src.skipped) == 4


def snowflake(at: datetime) -> str:
    """A Mastodon status id for ``at`` (lib/mastodon/snowflake.rb: milliseconds << 16)."""
    return str(int(at.timestamp() * 1000) << 16)


async def test_an_id_past_the_clock_never_becomes_the_cursor(
        net: NetServer, timeline: FakeTimeline, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    # a broken or hostile server's status with a huge id: as the min_id cursor it made every
    # later poll empty, since each later status has a smaller id
    clock.now = T0 + timedelta(minutes=10)
    huge = {**real_status(2, at=T0), "id": "99999999999999999999"}  # the year 48,000
    ahead = {**real_status(3, at=T0), "id": snowflake(clock.now + timedelta(hours=2))}
    timeline.add(real_status(1, at=T0), huge, ahead)
    cursors = Cursors()
    src = MastodonSource(config(net), store=cursors, client=client, clock=clock)
    assert [m.native_id for m in await src.poll()] == ["117020580000000001"]
    assert src.skipped == ["tag:socialops: id 99999999999999999999 is past our clock",
                           f"tag:socialops: id {ahead['id']} is past our clock"]
    assert json.loads(cursors.values["m1"])["tag:socialops"] == "117020580000000001"

    timeline.add(real_status(4, at=T0 + timedelta(minutes=5)))
    assert [m.native_id for m in await src.poll()] == ["117020580000000004"]
    # within the hour a server's clock may be ahead of ours: taken, and the cursor moves to it
    near = {**real_status(5, at=clock.now), "id": snowflake(clock.now + timedelta(minutes=50))}
    timeline.add(near)
    assert [m.native_id for m in await src.poll()] == [near["id"]]
    assert json.loads(cursors.values["m1"])["tag:socialops"] == near["id"]


async def test_a_stored_cursor_past_the_clock_is_ignored_with_a_warning(
        net: NetServer, timeline: FakeTimeline, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    # a cursor saved before such ids were skipped: read afresh, as a first run
    clock.now = T0 + timedelta(minutes=10)
    timeline.add(*(real_status(n, at=T0 - timedelta(minutes=n)) for n in range(3)))
    cursors = Cursors()
    cursors.values["m1"] = json.dumps({"tag:socialops": "99999999999999999999"})
    src = MastodonSource(config(net), store=cursors, client=client, clock=clock)
    got = await src.poll()
    assert [m.native_id for m in got] == [f"11702058000000000{n}" for n in (2, 1, 0)]
    assert net.requests_to(TAG)[0].q("min_id") is None
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        "mastodon source m1: ignoring cursor 99999999999999999999 of tag:socialops, past the "
        "clock"]
    assert json.loads(cursors.values["m1"])["tag:socialops"] == "117020580000000002"


async def test_statuses_are_parsed_off_the_event_loop(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A status is HTML from any server: reading it must not stall the other sources or a
    Slack acknowledgement (100 KB of unclosable markup costs 0.25 s even after the pre-pass)."""
    from integrations.social.mastodon import source as mastodon_source

    loops: list[bool] = []
    monkeypatch.setattr(mastodon_source, "normalize_status",
                        recording_where(mastodon_source.normalize_status, loops))
    good = real_status(1, at=clock.now)
    net.json("GET", TAG, [good, {**good, "id": "117020580000000004",
                                  "content": "<p>" + "<a " * 30_000 + "</p>"}])
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
    assert len(await src.poll()) == 2
    assert loops == [False, False]


async def test_mention_notifications_need_a_token_and_skip_null_statuses(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    path = "/api/v1/notifications"
    net.fixture("GET", path, REAL / "notifications_mentions_some_null_status.json")
    with pytest.raises(SourceAuthError):
        await MastodonSource(config(net, hashtags=(), notifications=True), store=Cursors(),
                             client=client, clock=clock).poll()
    assert net.requests_to(path) == []
    clock.now = datetime(2026, 3, 22, 23, 30, tzinfo=UTC)
    cursors = Cursors()
    src = MastodonSource(config(net, hashtags=(), notifications=True, token="tok"),
                         store=cursors, client=client, clock=clock)
    got = await src.poll()
    assert [m.native_id for m in got] == ["116275331587890092"]
    assert len(src.skipped) == 39
    req = net.requests_to(path)[0]
    assert req.query["types[]"] == ["mention", "quote"]
    assert req.headers["Authorization"] == "Bearer tok"
    newest = max(n["id"] for n in load("notifications_mentions_some_null_status.json"))
    assert json.loads(cursors.values["m1"]) == {"notifications": newest}


async def test_search_with_token(net: NetServer, client: httpx.AsyncClient,
                                 clock: FakeClock) -> None:
    status = load("status_edited_cw_mention_customemoji_gifv.json")
    net.json("GET", "/api/v2/search", {"accounts": [], "hashtags": [], "statuses": [status]})
    clock.now = datetime(2023, 5, 28, 12, 30, tzinfo=UTC)
    cursors = Cursors()
    src = MastodonSource(config(net, hashtags=(), queries=("doo-doo",), token="tok"),
                         store=cursors, client=client, clock=clock)
    assert [m.native_id for m in await src.poll()] == [status["id"]]
    req = net.requests_to("/api/v2/search")[0]
    assert (req.q("q"), req.q("type"), req.q("limit")) == ("doo-doo", "statuses", "40")
    assert await src.poll() == []  # the server ignoring min_id does not bring it back
    assert net.requests_to("/api/v2/search")[1].q("min_id") == status["id"]
    net.json("GET", "/api/v2/search", {"error": "Search is disabled"}, status=200)
    with pytest.raises(MalformedPayload):
        await src.poll()


async def test_publish_reply_with_idempotency_key_and_retry_after_500(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    created: dict[str, dict[str, Any]] = {}
    template = load("status_with_poll.json")

    async def statuses(request: web.Request) -> web.Response:
        key = request.headers["Idempotency-Key"]
        if key not in created:  # Mastodon answers a repeated key with the same status
            body = await request.json()
            created[key] = {**template, "id": str(200 + len(created)),
                            "url": f"{net.base}/@bot/{200 + len(created)}",
                            "content": body["status"]}
        return web.json_response(created[key])

    net.handler("POST", "/api/v1/statuses", statuses)
    net.fault("POST", "/api/v1/statuses", Fault.server_error())
    # after the ambiguous 500 the publisher looks at its own recent statuses before retrying
    net.json("GET", "/api/v1/accounts/verify_credentials", template["account"])
    net.json("GET", f"/api/v1/accounts/{template['account']['id']}/statuses", [])
    pub = MastodonPublisher(config(net, token="tok", visibility="unlisted"), client=client,
                            clock=clock)
    with pytest.raises(PublishError):
        await pub.publish("Thanks, we're on it", reply_to="mastodon:110446223051565765",
                          idempotency_key="A-7:1")
    first = await pub.publish("Thanks, we're on it", reply_to="mastodon:110446223051565765",
                              idempotency_key="A-7:1")
    again = await pub.publish("Thanks, we're on it", reply_to="mastodon:110446223051565765",
                              idempotency_key="A-7:1")
    assert first == again and first.id == "200" and first.url == f"{net.base}/@bot/200"
    assert len(created) == 1
    posts = net.requests_to("/api/v1/statuses", "POST")
    assert [p.headers["Idempotency-Key"] for p in posts] == ["A-7:1"] * 2  # then the memo
    assert posts[0].json() == {"status": "Thanks, we're on it", "visibility": "unlisted",
                               "in_reply_to_id": "110446223051565765"}
    assert posts[0].headers["Authorization"] == "Bearer tok"


async def test_publish_errors(net: NetServer, client: httpx.AsyncClient,
                              clock: FakeClock) -> None:
    path = "/api/v1/statuses"
    net.fixture("POST", path, REAL / "error_422_validation_ja.json")
    pub = MastodonPublisher(config(net, token="tok"), client=client, clock=clock)
    with pytest.raises(PublishError, match="422"):
        await pub.publish("x" * 600, reply_to=None, idempotency_key="k1")
    assert "in_reply_to_id" not in net.requests_to(path)[0].json()
    net.fault("POST", path, Fault.rate_limited({"Retry-After": "30"}), Fault.delay(2.0),
              Fault.unauthorized())
    with pytest.raises(RateLimited) as limited:
        await pub.publish("hi", reply_to=None, idempotency_key="k2")
    assert limited.value.retry_after == 30
    for _ in range(2):
        with pytest.raises(PublishError):
            await pub.publish("hi", reply_to=None, idempotency_key="k2")
    with pytest.raises(PublishError, match="no token"):
        await MastodonPublisher(config(net), client=client, clock=clock).publish(
            "hi", reply_to=None, idempotency_key="k3")


async def test_registry_builds_the_mastodon_source_and_publisher(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    from bot.app.compose import build_publisher, build_source

    cfg = config(net, token="tok")
    source = build_source(cfg, store=Cursors(), client=client, clock=clock)
    assert isinstance(source, MastodonSource) and source.id == "m1"
    assert isinstance(build_publisher(cfg, client=client, clock=clock), MastodonPublisher)


async def test_non_ascii_hashtag_and_foreign_notifications(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    status = real_status(1, at=clock.now)
    net.json("GET", "/api/v1/timelines/tag/日本語", [status])
    favourite = {"id": "9", "type": "favourite", "created_at": "2026-11-23T08:59:00Z",
                 "account": status["account"], "status": status}
    net.json("GET", "/api/v1/notifications", [favourite])
    src = MastodonSource(config(net, hashtags=("#日本語",), notifications=True, token="tok"),
                         store=Cursors(), client=client, clock=clock)
    assert [m.native_id for m in await src.poll()] == [status["id"]]
    assert src.skipped == []  # a like is not a malformed mention, just not one we want


async def test_publish_sends_the_configured_language(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """``language:`` on the source is the post's language (Mastodon's ``language``, ISO 639),
    as Mastodon's own composer sends its posting language; without it none is sent and the
    server takes the account's default."""
    template = load("status_with_poll.json")
    net.json("POST", "/api/v1/statuses", {**template, "id": "201"})
    for language, sent in (("de", {"language": "de"}), (None, {})):
        pub = MastodonPublisher(config(net, token="tok", language=language), client=client,
                                clock=clock)
        await pub.publish("Danke!", reply_to="mastodon:110446223051565765",
                          idempotency_key=f"A-8:{language}")
        assert net.requests_to("/api/v1/statuses", "POST")[-1].json() == {
            "status": "Danke!", "visibility": "public", "in_reply_to_id": "110446223051565765",
            **sent}


@pytest.mark.parametrize("typed, said", [
    ("german", "'german' is not an ISO 639-1 language code; use de"),
    ("deu", "'deu' is not an ISO 639-1 language code (two lowercase letters, e.g. en, de, pl)")])
def test_a_language_that_is_no_code_is_refused(typed: str, said: str) -> None:
    problems = list(MastodonSourceConfig(id="m", type="mastodon", token="t",
                                         language=typed).problems(resolve=Path))
    assert problems == [(("language",), said)]


async def test_a_status_dated_2199_is_dated_when_read_logged_and_counted(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """created_at 2199 (any server writes what it likes) was kept: first in its author's
    history for ever. Mastodon documents no time of its own for when a server got a status,
    so it is dated by the poll's clock, with one warning line and one count."""
    good = real_status(1, at=clock.now - timedelta(minutes=1))
    far = real_status(2, at=datetime(2199, 12, 31, tzinfo=UTC))
    net.json("GET", TAG, [far, good])
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
    got = {m.native_id: m.created_at for m in await src.poll()}
    assert got == {good["id"]: clock.now - timedelta(minutes=1), far["id"]: clock.now}
    assert src.skipped.total == 1 and f"mastodon:{far['id']}: created_at 2199" in src.skipped[0]
