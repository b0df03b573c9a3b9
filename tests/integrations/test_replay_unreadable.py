"""A replay source whose file stops being readable while the bot runs (deleted, moved, a folder
put in its place) fails its poll with our SourceError, one line naming the file and what to do:
it was Python's FileNotFoundError, which the supervisor logs as a bug with its traceback at
every start."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import SourceError
from bot.store.sqlite import SqliteStore
from integrations.replay.config import ReplaySourceConfig
from integrations.replay.source import ReplaySource
from tests.conftest import FakeClock


@pytest.mark.parametrize(("gone", "said"), [
    ("deleted", "m.jsonl: file not found (moved or deleted since it was checked?); put it "
                "back, or point path at where it is"),
    ("a folder", "m.jsonl: cannot read: Is a directory; make it readable by the user "
                 "socialops runs as, or point path at a copy that is"),
])
async def test_a_file_gone_since_the_start_fails_the_poll_in_one_line(
        tmp_path: Path, clock: FakeClock, gone: str, said: str) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text("", encoding="utf-8")
    config = ReplaySourceConfig(id="r", type="replay", path=str(path))
    assert list(config.problems(resolve=Path)) == []  # checked at start: a file, readable
    path.unlink()
    if gone == "a folder":
        path.mkdir()
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    try:
        with pytest.raises(SourceError) as failed:
            await ReplaySource(config=config, store=store, path=path).poll()
    finally:
        await store.close()
    assert str(failed.value) == f"{tmp_path}/{said}"
