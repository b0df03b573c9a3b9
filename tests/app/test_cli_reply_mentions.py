"""``socialops draft --reply-to`` to a Mastodon post starts the reply with its author's address,
as a reply drafted on the ticket does (docs/networks.md, "The customer is told"): Mastodon
notifies only the accounts a reply mentions."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.cli_support import Cli
from tests.app.test_user_errors import CONFIG, home  # noqa: F401 (fixture)


def test_a_reply_drafted_from_the_command_line_mentions_the_author(
        home: Path, cli: Cli) -> None:  # noqa: F811
    (home / "m.jsonl").write_text("".join(json.dumps({
        "id": f"mastodon:{n}", "network": "mastodon",
        "author": {"id": "9", "handle": "kasia@other.example"},
        "text": "my parcel never came", "created_at": "2026-11-20T09:00:00+00:00"}) + "\n"
        for n in (1, 2)), encoding="utf-8")
    (home / "socialops.yaml").write_text(
        CONFIG + "sources: [{id: sample, type: replay, path: m.jsonl}]\n"
        "people: [{id: ana, role: agent}]\napprovals: {channel: support}\n", encoding="utf-8")
    assert cli("replay", "m.jsonl", cwd=home).returncode == 0
    draft = ["draft", "--network", "mastodon", "--account", "sample", "--as", "ana"]
    made = cli(*draft, "--reply-to", "mastodon:1", "Sorry, on it", cwd=home)
    assert made.returncode == 0, made.stderr
    assert ("A-1 drafted (it starts with @kasia@other.example: Mastodon notifies only the "
            "accounts a reply mentions); waiting for approval") in made.stdout, made.stdout
    assert "@kasia@other.example Sorry, on it" in made.stdout
    kept = cli(*draft, "--reply-to", "mastodon:2", "Hi @kasia@other.example!", cwd=home)
    assert "A-2 drafted; waiting for approval" in kept.stdout, kept.stdout
    assert "@kasia@other.example @kasia" not in kept.stdout
