"""The hostile-text corpus (tests/data/hostile_text.tsv) through the whole pipeline: every row
as a post and as an author's name, in a JSON-lines file pushed by ``socialops replay`` (the CLI,
its own process's event loop) through normalising, enrichment (language, sentiment, intent,
fingerprints), routing, the store and the outbox, to a Slack workspace (the local Slack Web API)
and the console. Nothing may crash or be skipped, and what Slack holds afterwards, read the way
a Slack client would, pings no one, links nowhere the post does not own, and formats nothing
beyond the bot's own layout. (The three renderers alone: the Workspace contract suite.)"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.app.cli import main
from tests.chaos.procs import report
from tests.integrations.workspaces.hostile import CORPUS
from tests.integrations.workspaces.test_slack_contract import mrkdwn_spans, slack_view
from tests.support.fake_slack import FakeSlack

# in-process replay and rendering; no kill, no clock
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

CHANNEL = "CHOSTILE"
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069"
                        "\ufeff\u2028\u2029\ud800-\udfff\u061c\u180e\ufff9-\ufffb"
                        "\U000e0000-\U000e007f]")

CONFIG = """
workspaces:
  - {{name: slack, type: slack, bot_token: "{token}", signing_secret: s, api_url: "{api}"}}
  - {{name: console, type: console}}
channels:
  hostile: {{workspace: slack, id: {channel}}}
  terminal: {{workspace: console, id: terminal}}
spikes: {{enabled: false}}
outbox: {{per_channel_per_second: 1000}}
rules: rules.yaml
store: {{backend: sqlite, path: "{db}"}}
"""
RULES = """
routes:
  - name: everything
    match: {network: [mastodon]}
    action: alert
    channel: hostile
    continue: true
  - name: terminal
    match: {network: [mastodon]}
    action: alert
    channel: terminal
"""


# What the bot's own layout formats on an alert card: the network name and field labels in
# bold, enrichment badges as code. Anything else formatted came from a post.
LAYOUT = re.compile(r"^(\*(Mastodon|Followers|Matched)\*|`((positive|negative|neutral) [+-]"
                    r"\d\.\d\d|complaint|question|praise|lead|spam|[a-z]{2,3}|sentiment unknown"
                    r"|influential|likely bot)`)$")


def spans(message: dict[str, Any]) -> list[str]:
    """Every formatted span of a message's mrkdwn (plain_text formats nothing)."""
    out: list[str] = []
    for block in message.get("blocks") or []:
        if block.get("type") == "actions":
            continue
        for obj in [block.get("text"), *(block.get("fields") or []),
                    *(block.get("elements") or [])]:
            if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
                out += [text for _, text in mrkdwn_spans(obj["text"])]
    return out


def mention_line(n: int, *, text: str, handle: str) -> str:
    data = {"id": f"mastodon:{n}", "network": "mastodon", "text": text,
            "author": {"id": f"acct{n}", "handle": handle, "display_name": handle},
            "created_at": "2026-11-23T09:00:00+00:00",
            "url": f"https://mastodon.example/@u{n}/{n}"}
    line = json.dumps(data, ensure_ascii=False)
    try:
        line.encode("utf-8")  # raw U+2028/U+2029 in a string: a line reader must not split
    except UnicodeEncodeError:
        return json.dumps(data)  # lone surrogates can only travel as \\udXXX escapes
    return line


@pytest.mark.slow
async def test_the_corpus_goes_through_replay_without_a_crash_or_a_ping(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [mention_line(1, text="plain words", handle="plain")]  # the layout to compare with
    for i, row in enumerate(CORPUS):
        lines.append(mention_line(2 * i + 2, text=row.text, handle=f"u{i}"))
        lines.append(mention_line(2 * i + 3, text="a post", handle=row.text[:300] or "x"))
    feed = tmp_path / "hostile.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    async with FakeSlack() as slack:
        (tmp_path / "rules.yaml").write_text(RULES)
        (tmp_path / "socialops.yaml").write_text(CONFIG.format(
            token=slack.token, api=slack.api_url, channel=CHANNEL, db=tmp_path / "state.db"))
        code = await asyncio.to_thread(main, ["replay", str(feed), "--config",
                                              str(tmp_path / "socialops.yaml"),
                                              "--record", str(tmp_path / "console.jsonl")])
        out = capsys.readouterr().out
        assert code == 0, out[-2_000:]
        posts = slack.top_level(CHANNEL)
    assert len(posts) == len(lines), f"{len(posts)} of {len(lines)} mentions reached Slack"
    shown = [slack_view(p) for p in posts]
    pinged = [s.text[:80] for s in shown if s.pings]
    linked = [sorted(s.links) for s in shown
              if {link for link in s.links if "mastodon.example" not in link}]
    styled = [span for p in posts for span in spans(p) if not LAYOUT.match(span)]
    broken = [s.problems for s in shown if s.problems]
    hidden = [s.text[:80] for s in shown if _INVISIBLE.search(s.text)]
    console = [json.loads(line) for line in
               (tmp_path / "console.jsonl").read_text(encoding="utf-8").split("\n") if line]
    report("hostile corpus through replay", {
        "rows": len(CORPUS), "mentions": len(lines), "slack cards": len(posts),
        "console cards": len(console), "pinged": len(pinged), "foreign links": len(linked),
        "formatted": len(styled), "limits broken": len(broken), "invisible shown": len(hidden)})
    assert len(console) == len(lines)
    assert not pinged and not linked and not styled and not broken and not hidden, (
        pinged[:3], linked[:3], styled[:3], broken[:3], hidden[:3])
