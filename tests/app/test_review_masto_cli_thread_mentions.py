"""``socialops draft --reply-to`` of a Mastodon post starts the reply as a reply drafted on the
ticket does: its author's address, then those of the accounts the post mentions (up to ten,
not the replying account's own), as Mastodon's composer starts a reply to a thread
(statusToTextMentions). Before, the command line named the author alone, so everyone else in
the conversation went unnotified when the same reply drafted on the ticket reached them. The
command run in this process against a local Mastodon server (tests/support/fake_mastodon.py)
answering ``verify_credentials``, on a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from bot.core.config import StoreConfig
from bot.core.models import Author, Mention, Signal
from bot.engine.effects import Effects
from bot.engine.pipeline import trace
from bot.store import open_store
from tests.app.cli_support import Cli
from tests.app.test_user_errors import CONFIG, home  # noqa: F401 (fixture)
from tests.support.fake_mastodon import FakeMastodon
from tests.support.netserver import NetServer

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def stored(home: Path, handles: tuple[str, ...]) -> None:  # noqa: F811
    """The post, as source fedi read it and routed it (its signal kept, with its mentions)."""
    store = await open_store(StoreConfig(backend="sqlite",
                                         path=str(home / "data" / "socialops.db")),
                             redis_url=None, clock=lambda: AT)
    mention = Mention(id="mastodon:42", network="mastodon", source="fedi",
                      text="@acme my parcel never came", handles=handles,
                      author=Author(id="9", handle="kasia@other.example"), created_at=AT)
    fx = Effects()
    fx.traces.append((trace(mention, AT, "routed"), 86400 * 365))
    fx.signals.append((Signal(mention=mention), 86400 * 365, 86400))
    assert await store.apply(fx)
    await store.close()


async def test_the_command_line_names_the_posts_other_accounts_as_the_ticket_reply_does(
        home: Path, cli: Cli) -> None:  # noqa: F811
    async with NetServer() as net:
        FakeMastodon(net)  # verify_credentials: acme, of this server
        own = f"acme@{net.base.split('://', 1)[1].split(':')[0]}"
        (home / "socialops.yaml").write_text(
            CONFIG + f"sources: [{{id: fedi, type: mastodon, base_url: '{net.base}', "
            "token: t}]\npeople: [{id: ana, role: agent}]\napprovals: {channel: support}\n",
            encoding="utf-8")
        (home / "data").mkdir(exist_ok=True)
        others = (own, "lena@third.example", *(f"p{n}@crowd.example" for n in range(12)))
        await stored(home, others)
        made = await asyncio.to_thread(
            cli, "draft", "--network", "mastodon", "--account", "fedi", "--as", "ana",
            "--reply-to", "mastodon:42", "Sorry, on it", cwd=home)
    assert made.returncode == 0, made.stderr
    named = ("@kasia@other.example @lena@third.example "
             + " ".join(f"@p{n}@crowd.example" for n in range(9)))
    assert f"A-1 drafted (it starts with {named}: Mastodon notifies" in made.stdout, made.stdout
    store = await open_store(StoreConfig(backend="sqlite",
                                         path=str(home / "data" / "socialops.db")),
                             redis_url=None, clock=lambda: AT)
    try:
        draft = await store.get_approval("A-1")
    finally:
        await store.close()
    assert draft is not None and draft.text == f"{named} Sorry, on it"  # never ourselves,
    # and ten besides the author at most
