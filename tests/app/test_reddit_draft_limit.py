"""Reddit drafts refused when they are written rather than after their approval, through the
installed command. A reply over Reddit's 10,000 characters (``socialops draft --reply-to``: a
chat command carries at most 4,000 characters, so a text this long is drafted from the
command line): Reddit counts code points, ``POST_comment`` validating ``text`` with
``max_length=10000`` and ``VLength`` refusing ``len(text) > max_length`` (reddit-archive/reddit
r2/r2/controllers/api.py, r2/r2/controllers/validator/validator.py), so a reply of ZWJ
families, CJK, RTL and combining marks at exactly 10,000 is taken, one more is not. And a new
post, which Reddit's publisher cannot make (it needs a subreddit and a title)."""

from __future__ import annotations

import json
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
  - {id: sample, type: replay, path: m.jsonl}
  - {id: reddit-acme, type: reddit, base_url: "http://127.0.0.1:9",
     auth_url: "http://127.0.0.1:9", client_id: cid, client_secret: sec, username: acme,
     password: pw}
"""
FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # 7 code points
PIECE = f"{FAMILY}返金済みです。 مرحبا e\u0301\u0302 "  # 25 code points, 14 graphemes


def home(tmp_path: Path, cli: Cli) -> Path:
    """A config with a Reddit account, and a Reddit comment fetched (replayed) to reply to."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                         encoding="utf-8")
    (tmp_path / "m.jsonl").write_text(json.dumps({
        "id": "reddit:t1_abc", "network": "reddit", "author": {"id": "t2_9", "handle": "kasia"},
        "text": "refund still missing", "created_at": "2026-11-20T09:00:00+00:00"}) + "\n",
        encoding="utf-8")
    assert cli("replay", "m.jsonl", cwd=tmp_path).returncode == 0
    return tmp_path


def test_a_reddit_draft_is_held_to_reddits_10000_characters(tmp_path: Path, cli: Cli) -> None:
    home(tmp_path, cli)
    draft = ["draft", "--network", "reddit", "--account", "reddit-acme", "--as", "ana",
             "--reply-to", "reddit:t1_abc"]
    assert len(PIECE) == 25
    line = assert_one_line_error(cli(*draft, PIECE * 400 + "!", cwd=tmp_path))
    assert line == (
        "error: TEXT: Reddit comments are at most 10,000 characters (each code point counts: "
        "an emoji sequence may be several); this one has 10,001 (1 over); shorten it (nothing "
        "was drafted)")
    made = cli(*draft, PIECE * 400, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "A-1 drafted" in made.stdout, made.stdout


def test_a_new_reddit_post_is_refused_when_written(tmp_path: Path, cli: Cli) -> None:
    """Reddit's publisher posts replies only (a new post needs a subreddit and a title, which a
    draft does not carry): `draft --network reddit` was drafted, approved, and then refused
    at publish ('reddit: only replies are published'), the approval spent. A plan's row is a
    new post too."""
    home(tmp_path, cli)
    said = ("Reddit takes replies only (a new post needs a subreddit and a title): draft a reply "
            "to a Reddit post instead; nothing was drafted")
    draft = ["draft", "--network", "reddit", "--account", "reddit-acme", "--as", "ana"]
    assert assert_one_line_error(cli(*draft, "Our winter sale", cwd=tmp_path)) == (
        f"error: --reply-to: {said}")
    (tmp_path / "plan.csv").write_text(
        "network,account,text\nreddit,reddit-acme,Our winter sale\n", encoding="utf-8")
    planned = cli("draft", "--from", "plan.csv", "--as", "ana", cwd=tmp_path)
    assert planned.returncode != 0 and "Traceback" not in planned.stderr
    assert f"plan.csv:2: account: {said}" in planned.stderr, planned.stderr


def test_a_reddit_account_typed_for_another_network_is_told_as_the_wrong_account(
        tmp_path: Path, cli: Cli) -> None:
    """`draft --network mastodon --account reddit-acme` (and a plan's row the same) names the
    account, which is what to fix; it was told 'Reddit takes replies only ... draft a reply to
    a Reddit post instead', a fix for a post nobody meant for Reddit (review of fec3e64: the
    replies-only check came before the account's network)."""
    home(tmp_path, cli)
    said = "account 'reddit-acme' publishes on reddit, not mastodon"
    assert assert_one_line_error(cli(
        "draft", "--network", "mastodon", "--account", "reddit-acme", "--as", "ana",
        "Our winter sale", cwd=tmp_path)) == f"error: --account: {said}"
    (tmp_path / "plan.csv").write_text(
        "network,account,text\nmastodon,reddit-acme,Our winter sale\n", encoding="utf-8")
    planned = cli("draft", "--from", "plan.csv", "--as", "ana", cwd=tmp_path)
    assert planned.returncode != 0 and "Traceback" not in planned.stderr
    assert f"plan.csv:2: account: {said}" in planned.stderr, planned.stderr
    assert "replies only" not in planned.stderr
