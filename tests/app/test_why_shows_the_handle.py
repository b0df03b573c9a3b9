"""``socialops why`` (and the explain it prints) shows an author's handle as the network sent
it, after one "@": a handle that comes with its own ("@kasia@mastodon.social", an RSS author
"@bob") read "@@kasia@mastodon.social" on the answer's first line and on explain's. The post's
text keeps its "@"s, and a terminal escape sequence in it is not done to the terminal."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.app.cli_support import clean_env, socialops
from tests.app.test_dead_letters import write_config
from tests.conftest import FakeClock


async def test_why_shows_a_handle_with_its_own_at_once(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, "sqlite", "")
    at = datetime(2027, 3, 28, 0, 45, tzinfo=UTC)
    post = Mention(id="mastodon:1", network="mastodon", source="brand",
                   text="@kuvio hi @everyone, mail bob@acme.com \x1b[31mred\x1b[0m nothing here",
                   author=Author(id="a1", handle="@kasia@mastodon.social"), created_at=at)
    async with open_app(load_config(cfg), clock=FakeClock(at), out=io.StringIO()) as app:
        await app.pipeline.process(post)
    done = socialops("-c", str(cfg), "why", "mastodon:1", cwd=tmp_path, env=clean_env())
    assert done.returncode == 0, done.stderr
    assert "@@" not in done.stdout, done.stdout
    lines = done.stdout.splitlines()
    assert lines[0] == "mastodon:1 by @kasia@mastodon.social (no link)"
    [explained] = [x for x in lines if x.startswith("post mastodon:1 by ")]
    assert explained == ("post mastodon:1 by @kasia@mastodon.social on mastodon: "
                         "'@kuvio hi @everyone, mail bob@acme.com [31mred[0m nothing here'")
    assert "\x1b" not in done.stdout
