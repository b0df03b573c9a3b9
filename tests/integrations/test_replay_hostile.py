"""A mentions file written to hurt (``socialops replay``, ``type: replay``): a line holding an
integer of more digits than Python converts is skipped naming its field, as any value of the
wrong type is, and the lines around it are read. Before, the skip said Python's own words,
"Exceeds the limit (4300 digits) for integer string conversion ...; use
sys.set_int_max_str_digits() to increase the limit": advice for a programmer, and no field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.models import Mention
from bot.store.sqlite import SqliteStore
from integrations.replay.config import ReplaySourceConfig
from integrations.replay.source import ReplaySource
from tests.conftest import FakeClock

HUGE = "1" + "0" * 5_000
PLACE = 424242  # swapped for HUGE once written: json.dumps cannot write such an integer


def line(n: int, **fields: object) -> str:
    mention = {"id": f"x:{n}", "network": "x", "author": {"id": "1", "handle": "kasia"},
               "text": "acme", "created_at": "2026-11-20T14:03:11Z", **fields}
    return json.dumps(mention).replace(str(PLACE), HUGE)


async def replayed(path: Path, tmp_path: Path,
                   clock: FakeClock) -> tuple[list[Mention], ReplaySource]:
    """The mentions a replay source reads from ``path`` (on a SQLite store), and the source."""
    store = SqliteStore(tmp_path / "s.db", clock=clock)
    try:
        src = ReplaySource(config=ReplaySourceConfig(id="r", type="replay", path=str(path)),
                           store=store, path=path)
        return await src.poll(), src
    finally:
        await store.close()


@pytest.mark.parametrize(("fields", "field"), [
    ({"metrics": {"likes": PLACE}}, "metrics.likes"),
    ({"author": {"id": "1", "handle": "k", "followers": -PLACE}}, "author.followers"),
    ({"created_at": PLACE}, "created_at"),
])
async def test_an_integer_too_long_to_convert_is_a_skip_naming_its_field(
        tmp_path: Path, clock: FakeClock, fields: dict[str, object], field: str) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text("\n".join([line(1), line(2, **fields), line(3)]) + "\n", encoding="utf-8")
    mentions, src = await replayed(path, tmp_path, clock)
    assert [m.id for m in mentions] == ["x:1", "x:3"]
    [skip] = src.skipped
    assert skip.line == 2 and skip.reason.startswith(f"{field}: "), skip.reason
    assert "sys.set_int_max_str_digits" not in skip.reason and "\n" not in skip.reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
async def test_a_utf16_file_with_its_byte_order_mark_is_read(
        tmp_path: Path, clock: FakeClock, encoding: str) -> None:
    """Windows PowerShell's `>` (and Out-File) writes UTF-16 with a byte order mark: every
    line was skipped as "not JSON" and the replay ended "nothing could be read"."""
    path = tmp_path / "m.jsonl"
    text = "\r\n".join([line(1), line(2, text="zażółć acme 😤"), line(3)]) + "\r\n"
    mark = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    path.write_bytes(mark + text.encode(encoding))
    mentions, src = await replayed(path, tmp_path, clock)
    assert [m.id for m in mentions] == ["x:1", "x:2", "x:3"]
    assert mentions[1].text == "zażółć acme 😤"
    assert not src.skipped


async def test_an_id_not_naming_its_network_is_said_whole_however_it_is_written(
        tmp_path: Path, clock: FakeClock) -> None:
    """A platform engineer's review of the logs: an id holding a line break (a file of hostile
    posts) was cut at it, so the warning said `skipped: id: "m1x` and no more, neither what an
    id must be nor the rest of the line; its line break, terminal escapes and bidi controls are
    now written escaped, and the reason says what to fix."""
    path = tmp_path / "m.jsonl"
    hostile = "m1\n01:00:00 ERROR   forged\x1b[2J\u202e"
    path.write_text("\n".join([line(1), line(2, id=hostile), line(3)]) + "\n", encoding="utf-8")
    mentions, src = await replayed(path, tmp_path, clock)
    assert [m.id for m in mentions] == ["x:1", "x:3"]
    [skip] = src.skipped
    assert skip.reason == ('id: \'m1\\n01:00:00 ERROR   forged\\x1b[2J\\u202e\' must be '
                           '"<network>:<native id>", here "x:..." (every id is the dedup key)'), \
        skip.reason
