"""Every row of ``tests/data/hostile_render.tsv`` (a post's fields a network gives, written
before the escapers were read) made into a Mention, its cards built by the handlers that build
them (an alert, a group of alerts, a ticket, a digest, a reply's approval) and delivered
through the real workspaces, with a thread note quoting the post: Slack through slack_sdk to
the local Slack Web API, Discord through discord.py to the local Discord, the console to a
terminal buffer.
Each message is read back as the platform shows it (``slack_view``, ``discord_view``,
``console_view``) and must hold:

- no ping (the route names nobody), and Slack's ``parse: none`` / ``link_names: false``,
  Discord's ``allowed_mentions.parse: []`` on every request that carries a post;
- no link but the post's own URL and its author's profile, and no link whose visible label
  names another site than the one it opens;
- no formatting a benign post of the same shape does not have (a post cannot add styles);
- every platform limit kept (the fakes refuse what the platforms refuse), no crash;
- the console prints no terminal escape of the post's;
- no letter carries more than ``STACKED`` marks (a zalgo tower draws over the lines around).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from pydantic import ValidationError

from bot.core.cards import Card, Reply
from bot.core.config import DiscordWorkspaceConfig, SlackWorkspaceConfig
from bot.core.models import Approval, Author, Mention, RouteHit, Signal, Ticket
from bot.core.replies import address
from bot.core.text import one_line
from bot.enrich.summary import summarise
from handlers.approvals import in_reply_to
from handlers.cards import alert_card, approval_card, group_card, ticket_card
from handlers.routing import digest_card
from integrations.discord.inbound import reply_payload
from integrations.slack.workspace import SlackWorkspace
from tests.integrations.discord.reader import discord_view, unescape
from tests.integrations.workspaces.contract import Rendered, WorkspaceHarness
from tests.integrations.workspaces.test_console_contract import _OSC8, ConsoleHarness
from tests.integrations.workspaces.test_discord_contract import DiscordHarness
from tests.integrations.workspaces.test_slack_contract import SlackHarness, slack_view
from tests.support.fake_discord import FakeDiscord, _form_errors
from tests.support.fake_slack import FakeSlack

TSV = Path(__file__).parents[2] / "data" / "hostile_render.tsv"
LISTS = ("hashtags", "handles", "links", "media")
POST_URL = "https://social.example/@ana/1"
PROFILE_URL = "https://social.example/@ana"
WHEN = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _value(raw: Any) -> Any:
    if isinstance(raw, dict) and "repeat" in raw:
        return raw.get("prefix", "") + raw["repeat"] * raw["times"] + raw.get("then", "")
    if isinstance(raw, list):
        return [_value(v) for v in raw]
    if isinstance(raw, dict):
        return {k: _value(v) for k, v in raw.items()}
    return raw


@dataclass(frozen=True)
class Row:
    line: int
    field: str
    value: Any
    why: str

    @property
    def fields(self) -> dict[str, Any]:
        return self.value if self.field == "combo" else {self.field: self.value}

    def __str__(self) -> str:
        return f"{self.line}:{self.field}:{self.why[:40]}"


def load() -> list[Row]:
    rows = []
    lines = TSV.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("field\t"))
    for n, line in enumerate(lines[header + 1:], header + 2):
        if line and not line.startswith("#"):
            field, raw, why = line.split("\t")
            rows.append(Row(n, field, _value(json.loads(raw)), why))
    return rows


ROWS = load()


def mention(fields: dict[str, Any]) -> Mention:
    """A benign Mastodon post with ``fields`` put in (a title leads the text, as a Reddit or
    RSS post's does)."""
    f = dict(fields)
    # a card names the author by handle, else display name, else id: a hostile display name
    # or id is shown when what comes before it is empty, so it comes with an empty one
    default_handle = "" if "display_name" in f or "author_id" in f else "ana@social.example"
    default_name = "" if "author_id" in f and "display_name" not in f else "Ana"
    author = {"id": f.pop("author_id", "109"), "handle": f.pop("handle", default_handle),
              "display_name": f.pop("display_name", default_name),
              "profile_url": f.pop("profile_url", PROFILE_URL)}
    text = f.pop("text", "My order never arrived. Can you help?")
    if "title" in f:
        text = f"{f.pop('title')}\n\n{text}"
    native = f.pop("native_id", "1")
    data: dict[str, Any] = {
        "id": f"mastodon:{native}", "network": "mastodon", "source": f.pop("source", "support"),
        "url": f.pop("url", POST_URL), "author": Author.model_validate(author), "text": text,
        "language": f.pop("language", "en"), "created_at": WHEN,
        "thread_id": f.pop("thread_id", None)}
    data.update({k: tuple(v) if isinstance(v, list) else (v,) for k, v in f.items()})
    return Mention.model_validate(data)


def cards(m: Mention) -> Iterator[Card]:
    hit = RouteHit(route="support", action="ticket", workspace="w", channel="c")
    signal = Signal(mention=m, language=m.language, keywords=m.hashtags[:10])
    yield alert_card(signal, hit, key=f"alert:{m.id}")
    other = Signal(mention=mention({"native_id": "2"}))
    yield group_card([signal, other], hit, key=f"group:{m.id}")
    ticket = Ticket(id="T-1", signal_id=signal.id, route="support",
                    customer_key=m.customer_key, conversation_key=m.conversation_key,
                    created_at=WHEN)
    yield ticket_card(ticket, signal, history=[signal, other])
    yield digest_card(summarise([signal, other, signal]), hit, key=f"digest:{m.id}")
    # a reply drafted to it (the author addressed, the post quoted as its context, as
    # handlers.dispatch drafts one), and an approver's card for it; its address too, which a
    # reply from an account on another server answers (the card's Answers line)
    draft = f"{address(m.network, m.author.handle)} {m.text}"
    yield approval_card(Approval(
        id="A-1", text=draft, network=m.network, account="support", reply_to=m.id,
        reply_url=m.url,
        reply_context=in_reply_to(m.author.handle, m.text), author="bo",
        content_hash=hashlib.sha256(draft.encode("utf-8", "surrogatepass")).hexdigest(),
        created_at=WHEN))


_DOMAIN = re.compile(r"(?<![\w@.-])(?:[a-z0-9-]+\.)+[a-z]{2,}(?![\w-])", re.IGNORECASE)


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def label_problems(label: str, target: str) -> list[str]:
    """A link's visible label may name no site but the one it opens."""
    host = _host(unquote(target))
    return [f"label {label!r} names {d} but opens {host}" for d in _DOMAIN.findall(label)
            if d.lower() != host and not host.endswith("." + d.lower())]


_SLACK_LINK = re.compile(r"<([^<>|]*)\|([^<>]*)>")
_DISCORD_LINK = re.compile(r"\[([^\]\x00]*)\]\(<?([^)\s>\x00]+)>?\)")


def slack_raw_problems(message: dict[str, Any]) -> list[str]:
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            if v.get("type") == "mrkdwn":
                for m in _SLACK_LINK.finditer(v.get("text", "")):
                    out.extend(label_problems(m.group(2), m.group(1)))
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(message.get("blocks"))
    return out


def discord_raw_problems(message: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for e in message.get("embeds") or []:
        parts = [e.get("description"), *(f.get("value") for f in e.get("fields") or [])]
        for raw in filter(None, parts):
            _, syntax = unescape(raw)
            for m in _DISCORD_LINK.finditer(syntax):
                out.extend(label_problems(m.group(1), m.group(2)))
        if e.get("url") and e.get("title"):
            out.extend(label_problems(unescape(e["title"])[0], e["url"]))
        author = e.get("author") or {}
        if author.get("url") and author.get("name"):
            out.extend(label_problems(author["name"], author["url"]))
    for row in message.get("components") or []:
        for b in row.get("components") or []:
            if b.get("url"):
                out.extend(label_problems(b.get("label", ""), b["url"]))
    return out


# The most non-spacing or enclosing marks a real script stacks on one letter is about six
# (a Hebrew letter pointed and cantillated, a Tibetan stack); more draw over the lines above and
# below, the card's own header and fields ("zalgo").
STACKED = 8


def stacked(text: str) -> int:
    """The longest run of non-spacing or enclosing marks in ``text``."""
    run = most = 0
    for ch in text:
        run = run + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        most = max(most, run)
    return most


def judge(shown: Rendered, base: Rendered, allowed: set[str]) -> list[str]:
    problems = list(shown.problems)
    if stacked(shown.text) > STACKED:
        problems.append(f"{stacked(shown.text)} marks stacked on one letter")
    if shown.pings:
        problems.append(f"pings {sorted(shown.pings)}")
    stray = {u for u in shown.links if u not in allowed and unquote(u) not in allowed
             and u.replace("%7C", "|") not in allowed}
    if stray:
        problems.append(f"links {sorted(stray)[:3]}")
    extra = Counter(shown.styles) - Counter(base.styles)
    if extra:
        problems.append(f"styles {dict(extra)}")
    return problems


class Sweep:
    """Posts each row's cards and an update of the ticket card with a thread note quoting the
    post, and collects what is wrong."""

    def __init__(self, harness: WorkspaceHarness, raw: Any) -> None:
        self.harness, self.raw = harness, raw
        self.checked = 0
        self.refused_at_edge: list[str] = []

    async def row(self, row: Row, baseline: list[Rendered]) -> list[str]:
        try:
            m = mention(row.fields)
        except ValidationError:
            self.refused_at_edge.append(str(row))
            return []
        allowed = {u for u in (m.url, m.author.profile_url) if u}
        problems: list[str] = []
        for n, c in enumerate(cards(m)):
            try:
                ref = await self.harness.workspace.post(self.harness.channel, c)
                shown = await self.harness.view(ref)
            except Exception as exc:  # the sweep reports every crash
                problems.append(f"card {n}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            self.checked += 1
            problems += [f"card {n}: {p}" for p in judge(shown, baseline[n], allowed)]
            problems += [f"card {n}: {p}" for p in self.raw(ref)]
            if n == 2:  # a ticket's thread note quoting the post
                try:
                    await self.harness.workspace.update(ref, c.model_copy(update={
                        "thread_note": f"bo replied to {m.author.handle}: {m.text}"}))
                    notes = await self.harness.thread(ref)
                except Exception as exc:
                    problems.append(f"note: {type(exc).__name__}: {str(exc)[:200]}")
                    continue
                self.checked += 1
                for note in notes:
                    problems += [f"note: {p}" for p in judge(note, Rendered(text=""), set())]
        return problems

    async def _styles(self, c: Card) -> tuple[str, ...]:
        ref = await self.harness.workspace.post(self.harness.channel, c)
        return (await self.harness.view(ref)).styles

    async def run(self) -> tuple[list[str], int]:
        # what a benign post's cards show, short and long (a long draft's card says where it
        # is whole, in a code span of its own): a row may show no style beyond these
        benign: list[Rendered] = []
        for short, long in zip(cards(mention({"hashtags": ["refund"]})), cards(mention(
                {"hashtags": ["refund"], "text": "word " * 5_000})), strict=True):
            styles = Counter(await self._styles(short)) | Counter(await self._styles(long))
            benign.append(Rendered(text="", styles=tuple(styles.elements())))
        failures = []
        for row in ROWS:
            problems = await self.row(row, benign)
            if problems:
                failures.append(f"{row}: {'; '.join(dict.fromkeys(problems))[:600]}")
        return failures, self.checked


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


def _slack_sent(fake: FakeSlack) -> list[str]:
    bad = []
    for method in ("chat.postMessage", "chat.update"):
        for call in fake.calls_to(method):
            if call.args.get("parse") != "none" or call.args.get("link_names") not in (
                    False, "false", "0", 0):
                bad.append(f"{method} sent parse={call.args.get('parse')!r} "
                           f"link_names={call.args.get('link_names')!r}")
    return bad


async def test_every_row_renders_inert_on_slack(fake_slack: FakeSlack) -> None:
    config = SlackWorkspaceConfig(type="slack", name="acme", bot_token=fake_slack.token,
                                  signing_secret="s", api_url=fake_slack.api_url)
    harness = SlackHarness(fake_slack, config)

    def raw(ref: Any) -> list[str]:
        return slack_raw_problems(fake_slack.message(ref.channel, ref.message_id) or {})

    failures, checked = await Sweep(harness, raw).run()
    failures += sorted(set(_slack_sent(fake_slack)))
    assert not failures, f"{len(failures)} of {len(ROWS)} rows:\n" + "\n".join(failures)
    assert checked >= len(ROWS) * 5


async def test_every_row_renders_inert_on_discord(monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeDiscord() as fake:
        fake.install(monkeypatch)
        config = DiscordWorkspaceConfig(type="discord", name="acme", token="t",
                                        api_url=fake.api_url, guild_id=fake.guild_id)
        harness = DiscordHarness(fake, config)

        def raw(ref: Any) -> list[str]:
            message = fake.messages[ref.message_id]
            allowed = fake.allowed_mentions.get(ref.message_id) or {}
            out = discord_raw_problems(message)
            if allowed.get("parse") != [] or allowed.get("users") or allowed.get("roles"):
                out.append(f"allowed_mentions {allowed}")
            return out

        try:
            failures, checked = await Sweep(harness, raw).run()
        finally:
            for ws in harness.opened:
                await ws.close()
        refused = [c for c in fake.calls if c.status >= 400]
        for c in fake.calls:  # a thread's name: 1-100 characters, one line (resources/channel)
            name = (c.body or {}).get("name") if c.path.endswith("/threads") else None
            if name is not None and not (0 < len(name) <= 100 and "\n" not in name):
                failures.append(f"thread name {name[:120]!r}")
        failures += [f"{c.method} {c.path}: {c.status}" for c in refused]
    assert not failures, f"{len(failures)} of {len(ROWS)} rows:\n" + "\n".join(failures)
    assert checked >= len(ROWS) * 5


_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


async def test_every_row_renders_inert_on_the_console(tmp_path: Path) -> None:
    harness = ConsoleHarness(tmp_path)

    def raw(ref: Any) -> list[str]:
        printed = _OSC8.sub("", harness._ws.printed[ref.message_id])
        return [f"terminal control {c!r}" for c in sorted(set(_TERMINAL.findall(printed)))]

    failures, checked = await Sweep(harness, raw).run()
    assert not failures, f"{len(failures)} of {len(ROWS)} rows:\n" + "\n".join(failures)
    assert checked >= len(ROWS) * 5


def test_the_set_holds_what_it_says() -> None:
    assert len(ROWS) >= 150
    assert {r.field for r in ROWS} >= {"text", "title", "display_name", "handle", "url",
                                       "profile_url", "hashtags", "language", "combo"}


def replies(m: Mention) -> list[str]:
    """Answers that quote a post: ``why``'s line for it, and the post whole (a reply's
    context, a note)."""
    return [f"• on {m.network}: @{one_line(m.author.handle, 100)} at 09:00 UTC: "
            f"{one_line(m.text, 200)}", f"{m.author.display_name} wrote:\n{m.text}"]


async def test_every_row_answers_inert_on_slack(fake_slack: FakeSlack) -> None:
    """An ephemeral answer quoting the post, through chat.postEphemeral on the local Slack."""
    config = SlackWorkspaceConfig(type="slack", name="acme", bot_token=fake_slack.token,
                                  signing_secret="s", api_url=fake_slack.api_url)
    ws = SlackWorkspace(config)
    failures = []
    for row in ROWS:
        for text in replies(mention(row.fields)):
            try:
                await ws.post_ephemeral("C0ANSWERS", "U0ASKER", text)
            except Exception as exc:  # the sweep reports every crash
                failures.append(f"{row}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            sent = fake_slack.ephemerals[-1]
            problems = judge(slack_view(sent), Rendered(text=""), set())
            if sent.get("parse") != "none" or sent.get("link_names") not in (False, "false"):
                problems.append("parse/link_names")
            if problems:
                failures.append(f"{row}: {'; '.join(problems)[:300]}")
    assert not failures, "\n".join(failures)
    assert len(fake_slack.ephemerals) == 2 * len(ROWS)


def test_every_row_answers_inert_on_discord() -> None:
    """An ephemeral answer quoting the post, as the interaction endpoint sends it."""
    failures = []
    for row in ROWS:
        for text in replies(mention(row.fields)):
            body = reply_payload(Reply(text=text))
            problems = judge(discord_view(body, allowed_mentions=body.get("allowed_mentions")),
                             Rendered(text=""), set())
            if (body.get("allowed_mentions") or {}).get("parse") != []:
                problems.append(f"allowed_mentions {body.get('allowed_mentions')}")
            if refused := _form_errors(body):
                problems.append(f"refused: {refused}")
            if problems:
                failures.append(f"{row}: {'; '.join(problems)[:300]}")
    assert not failures, "\n".join(failures)
