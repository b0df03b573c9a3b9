"""``socialops draft --reply-to`` to a Mastodon post starts the reply with its author's address,
as a reply drafted on the ticket does (docs/networks.md, "The customer is told"): Mastodon
notifies only the accounts a reply mentions."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.cli_support import Cli
from tests.app.test_user_errors import CONFIG, home  # noqa: F401 (fixture)


def test_a_reply_drafted_from_the_command_line_mentions_the_author(
        home: Path, cli: Cli) -> None:  # noqa: F811
    (home / "m.jsonl").write_text("".join(json.dumps({
        "id": f"mastodon:{n}", "network": "mastodon",
        "author": {"id": "9", "handle": "kasia@other.example"},
        "text": "my parcel never came", "created_at": "2026-11-20T09:00:00+00:00"}) + "\n"
        for n in (1, 2)), encoding="utf-8")
    (home / "socialops.yaml").write_text(
        CONFIG + "sources: [{id: sample, type: replay, path: m.jsonl}]\n"
        "people: [{id: ana, role: agent}]\napprovals: {channel: support}\n", encoding="utf-8")
    assert cli("replay", "m.jsonl", cwd=home).returncode == 0
    draft = ["draft", "--network", "mastodon", "--account", "sample", "--as", "ana"]
    made = cli(*draft, "--reply-to", "mastodon:1", "Sorry, on it", cwd=home)
    assert made.returncode == 0, made.stderr
    assert ("A-1 drafted (it starts with @kasia@other.example: Mastodon notifies only the "
            "accounts a reply mentions); waiting for approval") in made.stdout, made.stdout
    assert "@kasia@other.example Sorry, on it" in made.stdout
    kept = cli(*draft, "--reply-to", "mastodon:2", "Hi @kasia@other.example!", cwd=home)
    assert "A-2 drafted; waiting for approval" in kept.stdout, kept.stdout
    assert "@kasia@other.example @kasia" not in kept.stdout


def test_a_reply_from_an_account_on_another_server_says_which_to_use(
        home: Path, cli: Cli) -> None:  # noqa: F811
    """A Mastodon status id is its server's own: a reply to a post read by masto-a, drafted
    from masto-b on another server, would answer another post of that id there. Refused
    naming --account, before the text is weighed (with the author's address added, a refusal
    read as a text too long)."""
    import asyncio
    from datetime import UTC, datetime

    from bot.core.config import StoreConfig
    from bot.core.models import Author, Mention
    from bot.engine.effects import Effects
    from bot.engine.pipeline import trace
    from bot.store import open_store

    (home / "socialops.yaml").write_text(
        CONFIG + "sources:\n"
        "  - {id: masto-a, type: mastodon, base_url: 'https://a.example', token: t}\n"
        "  - {id: masto-b, type: mastodon, base_url: 'https://b.example', token: t}\n"
        "people: [{id: ana, role: agent}]\napprovals: {channel: support}\n", encoding="utf-8")
    (home / "data").mkdir(exist_ok=True)
    at = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    async def read_by_a() -> None:
        store = await open_store(StoreConfig(backend="sqlite",
                                             path=str(home / "data" / "socialops.db")),
                                 redis_url=None, clock=lambda: at)
        fx = Effects()
        fx.traces.append((trace(Mention(
            id="mastodon:42", network="mastodon", source="masto-a", text="where is it",
            author=Author(id="9", handle="kasia@other.example"), created_at=at), at,
            "unrouted"), 86400 * 365 * 10))
        assert await store.apply(fx)
        await store.close()

    asyncio.run(read_by_a())
    draft = ["draft", "--network", "mastodon", "--account", "masto-b", "--as", "ana"]
    made = cli(*draft, "--reply-to", "mastodon:42", "Sorry, on it", cwd=home)
    assert made.returncode != 0
    assert made.stderr.strip().splitlines() == [
        "error: --account: mastodon:42 was read by masto-a on a.example, and masto-b posts "
        "on b.example: a Mastodon status id is its server's own, so the reply would answer "
        "another post there, or none; draft it from masto-a, or from another account on "
        "a.example (nothing was drafted)"], made.stderr
