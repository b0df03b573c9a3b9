"""``socialops replay`` of a file holding a post and then its edit (or its delete), as the
user runs it. docs/replay-format.md: one ``Mention`` per line; an edit is the post's line
again with ``revision`` and ``revised_at``, and acts as the stream's edit does.

Before, a post and its edit in one file (one batch of 500 lines) were one post: the summary
counted the edit an exact duplicate, the card showed the new words without its ``edited``
badge, and a post then its delete in one file showed nothing and kept nothing of it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.cli_support import Cli

POST = {"id": "mastodon:1001", "network": "mastodon",
        "url": "https://mastodon.social/@kasia/1001",
        "author": {"id": "9", "handle": "kasia@mastodon.social"},
        "text": "loving acmecloud so far", "created_at": "2026-12-06T09:00:00Z"}
EDIT = {**POST, "text": "loving acmecloud so far, but the sync is broken",
        "revision": "edit", "revised_at": "2026-12-06T09:05:00Z"}
DELETE = {**POST, "text": "", "revision": "delete", "revised_at": "2026-12-06T09:06:00Z"}


def lines(*posts: dict[str, object]) -> str:
    return "".join(json.dumps(p) + "\n" for p in posts)


def test_a_post_and_its_edit_in_one_file_are_a_post_and_its_edit(
        cli: Cli, tmp_path: Path) -> None:
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    (tmp_path / "edits.jsonl").write_text(lines(POST, EDIT), encoding="utf-8")
    proc = cli("replay", "edits.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "exact duplicates        │ 0" in out, out
    assert "edited" in out and "sync is broken" in out, out
    why = cli("why", "mastodon:1001", cwd=tmp_path).stdout
    assert "edited by its author" in why, why


def test_a_post_and_its_delete_in_one_file_never_show_its_words(
        cli: Cli, tmp_path: Path) -> None:
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    (tmp_path / "gone.jsonl").write_text(lines(POST, EDIT, DELETE), encoding="utf-8")
    proc = cli("replay", "gone.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "loving acmecloud" not in proc.stdout, proc.stdout
    why = cli("why", "mastodon:1001", cwd=tmp_path).stdout
    assert "deleted by its author" in why and "loving" not in why, why
