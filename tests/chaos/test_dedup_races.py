"""Two real processes on one store (a real redis-server, and one SQLite file) decide the same
post at the same moment, by each way socialops finds a post it has already handled: the same
``network:id`` (two sources whose queries overlap, a stream entry taken over from a stalled
consumer), a cross-post (the author's same words on two networks, each read by its own
source, each copy in its own process) and an edit of a post carded before (read by the stream
and by the next poll: edited once, its ticket's thread told once). The first process decides
its copy and stalls before its write; the second decides the other and writes; then the
first writes. One card, and for a ticket route one ticket, whichever route acts on it.

The same id is kept single by its done mark, written only if unset, and by the card's outbox
key; a cross-post by its fingerprint's claim alone (the copies' ids, cards and conversations
differ): claims that were not atomic carded both copies here. ``test_claim_races.py`` has
the same id on Redis with a ticket."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.procs import stalled_process
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
RULES = """
routes:
  - {name: support, match: {any: [broken]}, action: ticket, channel: support}
  - {name: praise, match: {any: [love]}, channel: marketing}
"""
CONFIG = """
sources:
  - {{id: masto, type: replay, path: {empty}, network_override: mastodon}}
workspaces: [{{name: console, type: console}}]
channels:
  support: {{workspace: console, id: support}}
  marketing: {{workspace: console, id: marketing}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
"""
WORDS = {"ticket": "the acme app is broken again since this morning",
         "alert": "I love the new acme release, sync is so much faster"}


def copies(path: str, route: str) -> tuple[Mention, Mention]:
    """The two copies each process gets: one post twice, or a post and its cross-post."""
    first = Mention(id="mastodon:1", network="mastodon", source="masto", text=WORDS[route],
                    author=Author(id="a1", handle="kasia@mastodon.social"), created_at=START)
    if path == "same id":
        return first, first.model_copy(update={"source": "masto-mentions"})
    if path == "edit":  # its edit, read by the stream and by the next poll
        edit = first.model_copy(update={"text": WORDS[route] + " (edited: since 9:00)",
                                        "revision": "edit",
                                        "revised_at": START + timedelta(minutes=5)})
        return edit, edit.model_copy(update={"source": "masto-mentions"})
    return first, Mention(
        id="bluesky:at://did:plc:k/app.bsky.feed.post/3l", network="bluesky", source="bsky",
        text=WORDS[route], author=Author(id="did:plc:k", handle="kasia.bsky.social"),
        created_at=START + timedelta(minutes=2))


def configured(tmp: Path, backend: str, redis: RedisServer) -> Path:
    redis.flushall()
    (tmp / "rules.yaml").write_text(RULES)
    (tmp / "empty.jsonl").write_text("")
    store = (f'{{backend: redis, redis_url: "{redis.url}"}}' if backend == "redis"
             else f'{{backend: sqlite, path: "{tmp / "s.db"}"}}')
    config = tmp / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp / "empty.jsonl", store=store))
    return config


async def decided_beside_a_stalled_process(config: Path, tmp: Path, stalled_post: Mention,
                                           other_post: Mention
                                           ) -> tuple[list[str], dict[str, object]]:
    """A real process decides ``stalled_post`` and stalls before its write; this one decides
    ``other_post`` and writes; then the first writes. The pending cards' keys, and each post's
    trace (for the assertion's message)."""
    async with (stalled_process(config, START, stalled_post.model_dump_json() + "\n",
                                tmp) as let_go,
                open_app(load_config(config), clock=FakeClock(START), out=io.StringIO()) as app):
        await app.pipeline.process_batch([other_post])
        await let_go()
        cards = [c.key for c in await app.store.list_outbox(status="pending")]
        traces = {m.id: await app.store.get_trace(m.id) for m in (stalled_post, other_post)}
    return cards, traces


@pytest.mark.untimed  # the other process held before its write by a file
@pytest.mark.parametrize("route", ["ticket", "alert"])
@pytest.mark.parametrize("path", ["same id", "cross-post", "edit"])
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_one_post_reaching_two_processes_at_once_is_carded_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, path: str, route: str) -> None:
    config = configured(tmp_path, backend, redis_server)
    stalled_copy, copy = copies(path, route)
    if path == "edit":  # the post itself carded before
        async with open_app(load_config(config), clock=FakeClock(START),
                            out=io.StringIO()) as app:
            await app.pipeline.process_batch([copies("same id", route)[0]])
    async with (stalled_process(config, START, stalled_copy.model_dump_json() + "\n",
                                tmp_path) as let_go,
                open_app(load_config(config), clock=FakeClock(START), out=io.StringIO()) as app):
        await app.pipeline.process_batch([copy])
        await let_go()
        cards = await app.store.list_outbox(status="pending")
        tickets = await app.store.list_tickets()
        opened = [e for e in await app.store.audit_since(None) if e.action == "ticket.open"]
        signal = await app.store.get_signal("mastodon:1")
    said = [c.key for c in cards]
    assert len([k for k in said if "#" not in k]) == 1, said  # one card
    # a ticket's thread told of the edit once (the card itself is edited in place)
    assert len([k for k in said if "#" in k]) == (path == "edit" and route == "ticket"), said
    assert signal is not None and signal.mention.edits == (path == "edit")
    if route == "ticket":
        assert len(tickets) == 1 and len(opened) == 1, [t.id for t in tickets]
    else:
        assert tickets == []
