"""``socialops why <address>`` of a post on X, by each address X has served it at: x.com,
twitter.com, the mobile sites (m.twitter.com, mobile.twitter.com, mobile.x.com) and the
address without its author (``/i/web/status/<id>``). Each names the same post, x:<id>, as
the store holds it (bot.app.post_ids, integrations/social/x/parse.py), and ``why`` finds it
without asking X. A real SQLite file, written by ``socialops replay``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.cli_support import Cli

TWEET = "1858555260376832791"
CONFIG = """\
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
store: {backend: sqlite, path: ./data/socialops.db}
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("x-addresses")


@pytest.mark.parametrize("address", [
    f"https://x.com/kasia/status/{TWEET}",
    f"https://twitter.com/kasia/status/{TWEET}",
    f"https://m.twitter.com/kasia/status/{TWEET}",
    f"https://mobile.twitter.com/kasia/status/{TWEET}?s=20",
    f"https://mobile.x.com/kasia/status/{TWEET}",
    f"https://x.com/i/web/status/{TWEET}",
    f"https://mobile.x.com/i/web/status/{TWEET}",
    f"https://m.twitter.com/i/web/status/{TWEET}/",
])
def test_why_finds_the_stored_post_by_each_of_its_addresses(home: Path, cli: Cli,
                                                             address: str) -> None:
    if not (home / "data" / "socialops.db").exists():
        (home / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
        (home / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                         encoding="utf-8")
        (home / "m.jsonl").write_text(json.dumps({
            "id": f"x:{TWEET}", "network": "x", "url": f"https://x.com/kasia/status/{TWEET}",
            "author": {"id": "1", "handle": "kasia"}, "text": "acme outage",
            "created_at": "2026-11-20T14:03:11Z"}) + "\n", encoding="utf-8")
        assert cli("replay", "m.jsonl", cwd=home).returncode == 0
    done = cli("why", address, cwd=home)
    assert done.returncode == 0, done.stderr
    assert f"x:{TWEET}" in done.stdout and "acme outage" in done.stdout, done.stdout
