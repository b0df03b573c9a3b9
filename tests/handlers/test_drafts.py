"""The planner (``handlers.drafts``) over a real SQLite store, where the list's reads meet
another process's writes: a record read after its index entry may stand elsewhere by then
(Redis reads the status index, then the records)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.effects import Effects
from bot.core.models import Approval, MessageRef
from bot.core.ports import Store
from handlers.drafts import Planner, parse_filters
from tests.conftest import FakeClock


class ReadAfterIndex:
    """The store's reads, with the records of the pending index read as they stand after
    another process approved them: what Redis returns when the approval lands between its
    SMEMBERS and its MGET."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def list_approvals(self, *, status: str | None = None) -> list[Approval]:
        found = await self.store.list_approvals(status=status)
        if status == "pending":
            return [a.model_copy(update={"status": "approved"}) for a in found]
        return found

    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None:
        return await self.store.message_ref(card_key, workspace, channel)


async def test_drafts_pending_lists_no_draft_approved_since_its_index_entry_was_read(
        sqlite_store: Store, clock: FakeClock) -> None:
    fx = Effects()
    fx.create(Approval(id="A-1", text="Winter sale", network="mastodon", account="main",
                       author="alice", content_hash="0" * 64, created_at=clock(),
                       expires_at=clock() + timedelta(hours=24)))
    assert await sqlite_store.apply(fx)
    planner = Planner(ReadAfterIndex(sqlite_store), clock=clock)
    page = await planner.page(parse_filters(["pending"]), "carol")
    assert (page.total, page.rows) == (0, ())
    assert planner.render(page) == "no drafts (pending)"


class Counted(ReadAfterIndex):
    """The store's reads as they are, counting the approvals each status's read returns."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.read: dict[str, int] = {}

    async def list_approvals(self, *, status: str | None = None) -> list[Approval]:
        found = await self.store.list_approvals(status=status)
        self.read[str(status)] = self.read.get(str(status), 0) + len(found)
        return found


async def test_drafts_scheduled_reads_no_failed_draft(sqlite_store: Store,
                                                      clock: FakeClock) -> None:
    """The failed index grows for ever (approvals are kept); ``scheduled`` never lists a
    failed draft, so it does not read them (it read them all and dropped each)."""
    fx = Effects()
    for k in range(1, 51):
        fx.create(Approval(id=f"A-{k}", status="failed", text="x", network="mastodon",
                           account="main", author="alice", content_hash="0" * 64,
                           created_at=clock() - timedelta(days=30), error="401"))
    fx.create(Approval(id="A-51", text="Winter sale", network="mastodon", account="main",
                       author="alice", content_hash="0" * 64, created_at=clock(),
                       expires_at=clock() + timedelta(hours=24),
                       publish_at=clock() + timedelta(hours=2)))
    assert await sqlite_store.apply(fx)
    reads = Counted(sqlite_store)
    page = await Planner(reads, clock=clock).page(parse_filters(["scheduled"]), "carol")
    assert [r.approval.id for r in page.rows] == ["A-51"]
    assert reads.read.get("failed", 0) == 0, reads.read


async def test_a_hand_edited_draft_id_with_no_plain_number_is_listed(
        sqlite_store: Store, clock: FakeClock) -> None:
    """Drafts of one time and age are listed by their number; "A-²" (a record edited by hand:
    ``str.isdigit`` is true of "²", ``int()`` refuses it) raised a ValueError at every
    `drafts`, as "A-x" did not."""
    fx = Effects()
    for n in ("2", "\u00b2", "1"):
        fx.create(Approval(id=f"A-{n}", text="Winter sale", network="mastodon",
                           account="main", author="alice", content_hash="0" * 64,
                           created_at=clock(), expires_at=clock() + timedelta(hours=24)))
    assert await sqlite_store.apply(fx)
    page = await Planner(sqlite_store, clock=clock).page(parse_filters([]), "carol")
    assert [r.approval.id for r in page.rows] == ["A-\u00b2", "A-1", "A-2"]


async def test_a_long_list_of_drafts_is_counted_with_thousands_separators(
        sqlite_store: Store, clock: FakeClock) -> None:
    """As every other count in an answer ('… and 99,943 more lines'); it read '1234 drafts'
    and '… and 1224 more'."""
    from dataclasses import replace

    fx = Effects()
    for n in range(1, 12):
        fx.create(Approval(id=f"A-{n}", text="Winter sale", network="mastodon",
                           account="main", author="alice", content_hash="0" * 64,
                           created_at=clock(), expires_at=clock() + timedelta(hours=24)))
    assert await sqlite_store.apply(fx)
    planner = Planner(sqlite_store, clock=clock)
    page = replace(await planner.page(parse_filters([]), "carol"), total=1_234)
    lines = planner.render(page).splitlines()
    assert lines[0].startswith("1,234 drafts (")
    assert lines[-1].startswith(f"… and {1_234 - len(page.rows):,} more (narrow it down: ")
