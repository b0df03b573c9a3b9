"""Links seen by two processes of one store (each with its own directory, as two `socialops
run` on Redis have): what one linked, the other refuses to link again at once, and a full
reload of the links never leaves a moment with none."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.cards import Interaction, Reply
from bot.core.config import PersonConfig, StoreConfig
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.store import open_store
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.linking import LinkService
from tests.conftest import FakeClock

PEOPLE = [PersonConfig(id="mallory", role="agent", email="m@acme.test"),
          PersonConfig(id="erin", role="admin", identities={"slack": "UERIN"})]


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    s = await open_store(StoreConfig(path=str(tmp_path / "s.db")), redis_url=None, clock=clock)
    yield s
    await s.close()


def process(store: Store, clock: FakeClock, *, vouches_for: str | None = None) -> LinkService:
    """One process's link service; its workspace vouches that m@acme.test is ``vouches_for``."""
    async def owner_of(workspace: str, email: str) -> str | None:
        return vouches_for

    return LinkService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                       directory=Directory(PEOPLE), owner_of=owner_of,
                       admins=ChannelRef(workspace="slack", channel="COPS"))


def asks(user: str) -> Interaction:
    return Interaction(workspace="slack", channel="CSUP", user=user, via="command", action="link",
                       target="m@acme.test")


async def test_a_person_linked_in_one_process_is_not_offered_again_in_another(
        store: Store, clock: FakeClock) -> None:
    """The check read this process's directory, which had not heard of the other's link yet:
    a second account's `link` went to the admins as a request (CI, under load, once)."""
    first, second = process(store, clock, vouches_for="UWX1"), process(store, clock)
    await first.load()
    await second.load()
    assert (await first.link(asks("UWX1"), None)).text == (
        "linked: slack user UWX1 acts as mallory now")
    reply = await second.link(asks("UWX3"), None)
    assert (reply.ok, reply.text) == (False, "mallory is already linked to another slack "
                                             "account; an admin can `unlink` it first")
    assert await store.list_raw(K.LINK_REQUEST) == []


async def test_a_full_reload_of_the_links_never_empties_the_directory(
        store: Store, clock: FakeClock) -> None:
    """load() cleared the directory, then waited for the store: for that wait, every linked
    person was unknown to whatever ran meanwhile (an escalation pinged nobody for them)."""
    links = process(store, clock, vouches_for="UWX1")
    await links.link(asks("UWX1"), None)
    seen_during_read = []
    list_raw = store.list_raw

    async def read(kind: str) -> list[str]:
        seen_during_read.append(links.directory.user_of("slack", "mallory"))
        return await list_raw(kind)

    store.list_raw = read  # type: ignore[method-assign]
    await links.load()
    assert seen_during_read == ["UWX1"]
    assert links.directory.user_of("slack", "mallory") == "UWX1"


async def test_a_link_made_or_undone_while_the_links_reload_stays_made_or_undone(
        store: Store, clock: FakeClock) -> None:
    """The reload reads the store, then swaps what it read in: a link this process made (or
    an admin undid here) while that read was on its way was swapped out again (or back in)
    with the read's older copy, until something read that link again."""
    links = process(store, clock, vouches_for="UWX1")
    list_raw = store.list_raw

    async def read_then(meanwhile: Callable[[], Awaitable[Reply]]) -> None:
        async def read(kind: str) -> list[str]:
            before = await list_raw(kind)  # the store as the reload read it
            store.list_raw = list_raw  # type: ignore[method-assign]
            assert (await meanwhile()).ok  # answered while the reload's read was on its way
            return before

        store.list_raw = read  # type: ignore[method-assign]
        await links.load()

    await read_then(lambda: links.link(asks("UWX1"), None))
    assert links.directory.user_of("slack", "mallory") == "UWX1"
    await read_then(lambda: links.unlink("mallory", "erin"))
    assert links.directory.user_of("slack", "mallory") is None
