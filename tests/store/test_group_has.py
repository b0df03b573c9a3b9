"""``Store.group_has``: one post looked up in a buffer (``why`` of a post waiting in a digest)
without reading the buffer, on a real SQLite file and a real redis-server."""

from __future__ import annotations

from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.effects import Applier


async def test_an_item_is_found_in_its_buffer_only_while_it_waits(store: Store) -> None:
    fx = Effects()
    fx.group_add += [("digest:g", "a"), ("digest:g", "b"), ("digest:other", "c")]
    await Applier(store).apply(fx)
    assert await store.group_has("digest:g", "a") and await store.group_has("digest:g", "b")
    assert not await store.group_has("digest:g", "c")  # another buffer's
    assert not await store.group_has("digest:none", "a")
    taken = Effects()
    taken.group_take.append(("digest:g", ("a",)))
    await Applier(store).apply(taken)
    assert not await store.group_has("digest:g", "a")
    assert await store.group_has("digest:g", "b")
    assert await store.group_items("digest:g") == ["b"]
