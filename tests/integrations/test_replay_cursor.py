"""A replay source's cursor is the number of lines read, kept in the store (a real SQLite
file here): a line appended to the file later is read by the next poll, whether the file ends
in a newline or not, and a cursor saved one past the end (as before the file's last newline
stopped counting as a line) loses no appended line once the source has polled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.store.sqlite import SqliteStore
from integrations.replay.config import ReplaySourceConfig
from integrations.replay.source import ReplaySource, Skip
from tests.conftest import FakeClock
from tests.support.fakes import Cursors

LINE = ('{"id": "x:%d", "network": "x", "author": {"id": "1", "handle": "kasia"}, '
        '"text": "post %d", "created_at": "2026-11-20T14:03:11Z"}')


def source(path: Path, store: SqliteStore) -> ReplaySource:
    return ReplaySource(config=ReplaySourceConfig(id="r", type="replay", path=str(path)),
                        store=store, path=path)


async def ids(src: ReplaySource) -> list[str]:
    return [m.id for m in await src.poll()]


async def test_a_line_appended_later_is_read(tmp_path: Path, clock: FakeClock) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    path = tmp_path / "m.jsonl"
    try:
        path.write_text(LINE % (1, 1) + "\n")
        assert await ids(source(path, store)) == ["x:1"]
        with path.open("a") as fh:
            fh.write(LINE % (2, 2) + "\n")
        assert await ids(source(path, store)) == ["x:2"]  # a restarted process, say
        assert await ids(source(path, store)) == []
        with path.open("a") as fh:  # a last line without its newline, then the rest of it
            fh.write(LINE % (3, 3))
        assert await ids(source(path, store)) == ["x:3"]
    finally:
        await store.close()


async def test_a_cursor_one_past_the_end_loses_no_appended_line(tmp_path: Path,
                                                                clock: FakeClock) -> None:
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    path = tmp_path / "m.jsonl"
    try:
        path.write_text(LINE % (1, 1) + "\n")
        await store.set_cursor("r", "2")  # the old count: the empty "line" after the newline
        assert await ids(source(path, store)) == []
        assert await store.get_cursor("r") == "1"
        with path.open("a") as fh:
            fh.write(LINE % (2, 2) + "\n")
        assert await ids(source(path, store)) == ["x:2"]
    finally:
        await store.close()


class Visited(list[Skip]):
    """The replay's ``skipped``, counting the entries anything walks through."""

    visits = 0

    def __iter__(self) -> Iterator[Skip]:
        self.visits += len(self)
        return super().__iter__()


async def test_a_file_of_bad_lines_is_read_in_linear_time(tmp_path: Path) -> None:
    """Each skip looked its line up among every skip so far: a file of 40,000 bad lines (a
    binary file, the wrong format) took 26 s on the event loop, a million lines hours."""
    path = tmp_path / "m.jsonl"
    path.write_text("not json\n" * 3_000)
    skipped = Visited()
    src = ReplaySource(config=ReplaySourceConfig(id="r", type="replay", path=str(path),
                                                 batch=1_000),
                       store=Cursors(), path=path, skipped=skipped)
    while not src.exhausted:
        assert await src.poll() == []
    assert len(skipped) == 3_000 and skipped.visits <= 3_000


async def test_a_last_line_cut_short_is_read_once_it_is_whole(tmp_path: Path,
                                                               clock: FakeClock) -> None:
    """A file copied in part, or still being written, ends inside its last line: it is
    skipped saying so, but not counted as read, so the next start reads it once the rest of it
    is there. It was counted, and the whole line never read."""
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    path = tmp_path / "m.jsonl"
    whole = LINE % (2, 2)
    try:
        path.write_text(LINE % (1, 1) + "\n" + whole[:40])
        src = source(path, store)
        assert await ids(src) == ["x:1"] and src.exhausted
        assert [s.line for s in src.skipped] == [2]
        assert await store.get_cursor("r") == "1"
        assert await ids(src) == [] and src.skipped == [Skip(2, src.skipped[0].reason)]
        with path.open("a") as fh:
            fh.write(whole[40:] + "\n")
        assert await ids(source(path, store)) == ["x:2"]  # the next start
        assert await store.get_cursor("r") == "2"
    finally:
        await store.close()


async def test_a_file_empty_when_first_read_loses_no_line_written_later(
        tmp_path: Path, clock: FakeClock) -> None:
    """An empty file was read as one blank line, and the cursor kept 1: the first line
    written to it later was taken as read, after a restart (a newcomer's review of `replay`
    on an empty export, 2026-12-06)."""
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    path = tmp_path / "m.jsonl"
    try:
        path.write_text("")
        assert await ids(source(path, store)) == []
        path.write_text(LINE % (1, 1) + "\n")
        assert await ids(source(path, store)) == ["x:1"]  # a restarted process
    finally:
        await store.close()
