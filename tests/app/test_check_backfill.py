"""`socialops check` says, before anything runs, that a source's backfill window is longer than
the store remembers a post as seen (``store.dedup_ttl_hours``): ``run`` reads only as far back
as that (583bfdc), so a team that set ``backfill_minutes: 7d`` learns from check, not from a
log line at start, that its first run reads 3 days. A warning: the config runs as it is."""

from __future__ import annotations

import io
from pathlib import Path

from bot.app.check import run_check

CONFIG = """\
sources:
  - {id: blog, type: rss, urls: ['https://example.com/feed.xml'], backfill_minutes: 7d}
  - {id: news, type: rss, urls: ['https://example.com/news.xml'], backfill_minutes: 2d}
  - {id: old, type: rss, urls: ['https://example.com/old.xml'], backfill_minutes: 30d,
     enabled: false}
workspaces: [{name: console, type: console}]
channels: {support: {workspace: console, id: support}}
rules: rules.yaml
"""


async def check(tmp_path: Path, text: str) -> tuple[int, str, str]:
    path = tmp_path / "socialops.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - name: brand\n    match: {any: [acme]}\n    channel: support\n",
        encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    return code, out.getvalue(), err.getvalue()


async def test_a_backfill_past_the_dedup_window_is_one_warning_at_its_line(
        tmp_path: Path) -> None:
    code, out, err = await check(tmp_path, CONFIG)
    path = tmp_path / "socialops.yaml"
    assert code == 0, err
    assert "OK: 3 source(s)" in out
    assert err.splitlines() == [
        f"{path}:2: sources[0].backfill_minutes: source blog reads 3d back, not 7d: "
        "store.dedup_ttl_hours (3d) is how long a post is remembered as seen, and a re-read "
        "of a longer window (a lost cursor, a renamed source, a Redis that lost its data) "
        "would alert the older posts again; raise store.dedup_ttl_hours to 7d to read 7d back "
        "(a warning: nothing stops on it)"]


async def test_a_longer_dedup_window_says_nothing(tmp_path: Path) -> None:
    code, _, err = await check(tmp_path, CONFIG + "store: {dedup_ttl_hours: 7d}\n")
    assert (code, err) == (0, "")
