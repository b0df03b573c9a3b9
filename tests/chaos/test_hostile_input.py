"""Chaos 5: a hostile corpus built from every real recorded payload, mutated deterministically
(truncated, wrong types, huge strings, control characters, mass-mention strings, right-to-left
overrides, deep nesting), goes through each network's normaliser and on into cards rendered by
the Slack and Discord workspaces against their local servers. Nothing may crash (only our own
errors or a counted skip), and no card may ping anyone or carry a link the post did not own."""

from __future__ import annotations

import json
import random
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.config import DiscordWorkspaceConfig, SlackWorkspaceConfig
from bot.core.errors import SocialopsError
from bot.core.models import Mention, RouteHit, Signal
from handlers.cards import alert_card
from integrations.social.bluesky import parse as bluesky_parse
from integrations.social.hackernews import parse as hackernews_parse
from integrations.social.mastodon import parse as mastodon_parse
from integrations.social.reddit import parse as reddit_parse
from integrations.social.rss import parse as rss_parse
from integrations.social.x import parse as x_parse
from tests.chaos.procs import report
from tests.integrations.workspaces.contract import WorkspaceHarness
from tests.integrations.workspaces.test_discord_contract import DiscordHarness
from tests.integrations.workspaces.test_slack_contract import SlackHarness
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack

# in-process payloads and local servers; no kill, no clock
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

REAL = Path(__file__).parents[1] / "fixtures" / "real"
PINGS = ["@everyone", "@here", "<!channel>", "<!here>", "<@&123456789012345678>", "<@U999>",
         "<!subteam^S1>", "\u202e@everyone", "@\u200beveryone", "[x](https://evil.example)"]
PER_FILE = 12


def mutate(value: Any, rng: random.Random, depth: int = 0) -> Any:
    """One deterministic mutation somewhere in a JSON value."""
    if isinstance(value, dict) and value and depth < 12:
        key = rng.choice(sorted(value))
        out = dict(value)
        out[key] = mutate(value[key], rng, depth + 1)
        return out
    if isinstance(value, list) and value and depth < 12:
        out_list = list(value)
        i = rng.randrange(len(out_list))
        out_list[i] = mutate(out_list[i], rng, depth + 1)
        return out_list
    choice = rng.randrange(9)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([0, -1, 2 ** 63, 1.5, True, "", [], {}])
    if choice == 2:
        return "A" * 1_000_000
    if choice == 3:
        return "".join(chr(rng.randrange(0, 32)) for _ in range(50))
    if choice == 4:
        return " ".join(rng.sample(PINGS, 4)) + (value if isinstance(value, str) else "")
    if choice == 5:
        return "\u202e" + (value if isinstance(value, str) else "txt.exe")
    if choice == 6:
        nested: Any = "deep"
        for _ in range(200):
            nested = {"x": [nested]}
        return nested
    if choice == 7 and isinstance(value, str):
        return value[: len(value) // 2]
    return [value] if not isinstance(value, list) else {"v": value}


def parsers() -> dict[str, Callable[[Any], list[Mention | None]]]:
    def masto(p: Any) -> list[Mention | None]:
        items = p if isinstance(p, list) else [p]
        return [mastodon_parse.normalize_status(s, source="m") for s in items]

    def bsky(p: Any) -> list[Mention | None]:
        if isinstance(p, dict) and "thread" in p:
            return [bluesky_parse.normalize_post_view(p["thread"].get("post")
                                                      if isinstance(p["thread"], dict) else None,
                                                      source="b")]
        return [bluesky_parse.normalize_record(p, uri="at://did:plc:x/app.bsky.feed.post/1",
                                               did="did:plc:x", source="b")]

    def reddit(p: Any) -> list[Mention | None]:
        return [reddit_parse.normalize_thing(t, source="r")
                for t in reddit_parse.parse_listing(p).things]

    def x(p: Any) -> list[Mention | None]:
        page = x_parse.parse_page(p)
        return [x_parse.normalize_tweet(t, page.users, source="x") for t in page.tweets]

    def hn(p: Any) -> list[Mention | None]:
        # the recorded Firebase items, served the way the Algolia search wraps its hits
        page = hackernews_parse.parse_search({"hits": [p], "nbHits": 1, "nbPages": 1,
                                              "page": 0})
        return [hackernews_parse.normalize_hit(h, source="h") for h in page.hits]

    return {"mastodon": masto, "bluesky": bsky, "reddit": reddit, "x": x, "hackernews": hn}


def cases() -> Iterator[tuple[str, Any]]:
    rng = random.Random(5)
    for network in parsers():
        for path in sorted((REAL / network).glob("*.json")):
            if path.name.endswith(".meta.json"):
                continue
            payload = json.loads(path.read_text(encoding="utf-8"))
            for _ in range(PER_FILE):
                yield network, mutate(payload, rng)
    lines = (REAL / "bluesky" / "jetstream_v1_events_real_capture.jsonl").read_text(
        encoding="utf-8").splitlines()
    for line in rng.sample(lines, 40):
        yield "jetstream", mutate(json.loads(line), rng)


def test_mutated_payloads_never_crash_a_normaliser() -> None:
    table = parsers()
    parsed = skipped = crashed = 0
    failures: list[str] = []
    for network, payload in cases():
        try:
            if network == "jetstream":
                got = [bluesky_parse.normalize_jetstream(payload, source="b")]
            else:
                got = table[network](payload)
            parsed += sum(1 for m in got if m is not None)
        except SocialopsError:
            skipped += 1
        except RecursionError:
            skipped += 1  # 200-deep nesting: refused by the JSON layer in real life
        except Exception as exc:
            crashed += 1
            failures.append(f"{network}: {type(exc).__name__}: {exc}"[:200])
    rss_bad = 0
    rng = random.Random(9)
    for path in sorted((REAL / "rss").glob("*.xml")):
        body = path.read_bytes()
        for cut in (len(body) // 3, len(body) // 2):
            mutated = body[:cut] + bytes(rng.randrange(256) for _ in range(64))
            try:
                rss_parse.parse_feed(mutated, feed_url="http://feed.example/x", headers={},
                                     source="rss", first_seen=datetime(2026, 1, 1, tzinfo=UTC))
            except SocialopsError:
                rss_bad += 1
            except Exception as exc:
                crashed += 1
                failures.append(f"rss {path.name}: {type(exc).__name__}: {exc}"[:200])
    report("5a (mutated real payloads through the normalisers)",
           {"parsed": parsed, "skipped": skipped + rss_bad, "crashed": crashed})
    assert crashed == 0, failures[:10]
    assert parsed > 50 and skipped > 50  # the mutations both pass and fail validation


def hostile_mentions() -> list[Mention]:
    """Mentions whose every text field carries mutation-made hostile strings."""
    out = []
    rng = random.Random(11)
    for network, payload in cases():
        try:
            if network == "jetstream":
                got = [bluesky_parse.normalize_jetstream(payload, source="b")]
            else:
                got = parsers()[network](payload)
        except (SocialopsError, RecursionError):
            continue
        for m in got:
            if m is not None and len(out) < 120:
                ping = " ".join(rng.sample(PINGS, 3))
                out.append(m.model_copy(update={
                    "text": f"{ping} {m.text}",
                    "author": m.author.model_copy(update={
                        "handle": f"{m.author.handle}<!channel>@everyone",
                        "display_name": "\u202e<@&1> @here"})}))
    return out


async def render_all(harness: WorkspaceHarness, mentions: list[Mention]) -> dict[str, int]:
    pinged = linked = 0
    for m in mentions:
        hit = RouteHit(route="support", action="alert", workspace=harness.workspace.name,
                       channel=harness.channel)
        card = alert_card(Signal(mention=m, routes=(hit,)), hit, key=f"{m.id}|support")
        shown = await harness.view(await harness.workspace.post(harness.channel, card))
        pinged += bool(shown.pings)
        allowed = {u for u in (m.url, m.author.profile_url) if u} | set(m.links)
        linked += bool({link for link in shown.links if link not in allowed
                        and "evil.example" in link})
    return {"cards": len(mentions), "pinged": pinged, "unowned links": linked}


@pytest.fixture
async def slack() -> AsyncIterator[WorkspaceHarness]:
    async with FakeSlack() as fake:
        config = SlackWorkspaceConfig(type="slack", name="acme", bot_token=fake.token,
                                      api_url=fake.api_url)
        yield SlackHarness(fake, config)


@pytest.fixture
async def discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[WorkspaceHarness]:
    async with FakeDiscord() as fake:
        fake.install(monkeypatch)
        config = DiscordWorkspaceConfig(type="discord", name="acme", token="t",
                                        api_url=fake.api_url, guild_id=fake.guild_id)
        harness = DiscordHarness(fake, config)
        yield harness
        for ws in harness.opened:
            await ws.close()


async def test_hostile_mentions_never_ping_through_slack_or_discord(
        slack: WorkspaceHarness, discord: WorkspaceHarness) -> None:
    mentions = hostile_mentions()
    assert len(mentions) >= 60
    for name, harness in (("Slack", slack), ("Discord", discord)):
        counts = await render_all(harness, mentions)
        report(f"5b (hostile mentions rendered in {name})", counts)
        assert counts["pinged"] == 0 and counts["unowned links"] == 0
