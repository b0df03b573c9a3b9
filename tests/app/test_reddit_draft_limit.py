"""A Reddit reply over Reddit's 10,000 characters is refused when it is written, through the
installed command (``socialops draft``: a chat command carries at most 4,000 characters, so a
text this long is drafted from the command line or a plan), not approved and then refused by
Reddit (``TOO_LONG``). Reddit counts code points: ``POST_comment`` validates ``text`` with
``max_length=10000`` and ``VLength`` refuses ``len(text) > max_length`` (reddit-archive/reddit
r2/r2/controllers/api.py, r2/r2/controllers/validator/validator.py), so a draft of ZWJ
families, CJK, RTL and combining marks at exactly 10,000 is taken, one more is not."""

from __future__ import annotations

from pathlib import Path

from tests.app.cli_support import Cli, assert_one_line_error

CONFIG = """\
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
store: {backend: sqlite, path: ./data/socialops.db}
people: [{id: ana, role: agent}]
approvals: {channel: support}
sources:
  - {id: reddit-acme, type: reddit, base_url: "http://127.0.0.1:9",
     auth_url: "http://127.0.0.1:9", client_id: cid, client_secret: sec, username: acme,
     password: pw}
"""
FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # 7 code points
PIECE = f"{FAMILY}返金済みです。 مرحبا e\u0301\u0302 "  # 25 code points, 14 graphemes


def test_a_reddit_draft_is_held_to_reddits_10000_characters(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                         encoding="utf-8")
    draft = ["draft", "--network", "reddit", "--account", "reddit-acme", "--as", "ana"]
    assert len(PIECE) == 25
    line = assert_one_line_error(cli(*draft, PIECE * 400 + "!", cwd=tmp_path))
    assert line == (
        "error: TEXT: Reddit comments are at most 10,000 characters (each code point counts: "
        "an emoji sequence may be several); this one has 10,001 (1 over); shorten it (nothing "
        "was drafted)")
    made = cli(*draft, PIECE * 400, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "A-1 drafted" in made.stdout, made.stdout
