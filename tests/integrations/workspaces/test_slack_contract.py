"""The Workspace contract over SlackWorkspace and the local Slack Web API.

``slack_view`` reads a stored message the way a Slack client would: entities decoded, ``<…>``
tokens in ``mrkdwn`` resolved to pings and links, bare ``@channel`` words and URLs counted too
when a text object is not ``verbatim`` (Slack would parse them there), formatting that mrkdwn
applies (bold, italics, strikes, code, quotes, emoji shortcodes) listed as styles, and every
Block Kit limit checked. ``plain_text`` is shown as written: Slack parses nothing there.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.core.config import SlackWorkspaceConfig
from bot.core.models import MessageRef
from bot.core.ports import Workspace
from integrations.slack.workspace import SlackWorkspace
from tests.integrations.workspaces.contract import Rendered, WorkspaceContract, WorkspaceHarness
from tests.support.fake_slack import FakeSlack

_TOKEN = re.compile(r"<([^<>]*)>")
_BARE_BROADCAST = re.compile(r"(?<![\w@])@(channel|here|everyone)\b", re.IGNORECASE)
_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>|]+", re.IGNORECASE)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
# mrkdwn's formatting, roughly as Slack's parser applies it (code first: nothing inside formats)
_CODE = (("pre", re.compile(r"```.+?```", re.S)), ("code", re.compile(r"`[^`\n]+`")))
_FORMATS = (
    ("bold", re.compile(r"(?<![\w*])\*(?=\S)[^*\n]*?(?<=\S)\*(?![\w*])")),
    ("italic", re.compile(r"(?<![\w_])_(?=\S)[^_\n]*?(?<=\S)_(?![\w_])")),
    ("strike", re.compile(r"(?<![\w~])~(?=\S)[^~\n]*?(?<=\S)~(?![\w~])")),
    ("quote", re.compile(r"^(?:&gt;|>)", re.M)),
    ("emoji", re.compile(r":[a-z0-9_+-]+:")),
)


def mrkdwn_spans(text: str) -> list[tuple[str, str]]:
    """(style, the text it applies to) for each span Slack would format."""
    out: list[tuple[str, str]] = []
    for name, pattern in _CODE:
        out += [(name, m.group(0)) for m in pattern.finditer(text)]
        text = pattern.sub(" ", text)
    for name, pattern in _FORMATS:
        out += [(name, m.group(0)) for m in pattern.finditer(text)]
    return out


def mrkdwn_styles(text: str) -> list[str]:
    return [name for name, _ in mrkdwn_spans(text)]

LIMITS = {"blocks": 50, "header": 150, "section": 3_000, "fields": 10, "field": 2_000,
          "context_elements": 10, "context": 3_000, "actions": 25, "button": 75,
          "value": 2_000, "action_id": 255, "text": 40_000, "url": 3_000}


def _decode(text: str) -> str:
    for entity, ch in _ENTITIES:
        text = text.replace(entity, ch)
    return text


class _Reader:
    def __init__(self) -> None:
        self.text: list[str] = []
        self.pings: set[str] = set()
        self.links: set[str] = set()
        self.problems: list[str] = []
        self.styles: list[str] = []

    def limit(self, what: str, value: str | list[Any], key: str) -> None:
        if len(value) > LIMITS[key]:
            self.problems.append(f"{what}: {len(value)} > {LIMITS[key]}")

    def plain(self, obj: dict[str, Any]) -> None:
        if not str(obj.get("text", "")).strip():
            self.problems.append("empty text object")  # Slack: invalid_blocks
        self.text.append(obj.get("text", ""))  # plain_text: Slack parses nothing

    def mrkdwn(self, obj: dict[str, Any], *, verbatim: bool | None = None) -> None:
        raw = obj.get("text", "")
        if obj.get("type") == "plain_text":
            return self.plain(obj)
        verbatim = obj.get("verbatim", False) if verbatim is None else verbatim
        if not raw.strip():
            self.problems.append("empty text object")  # Slack: invalid_blocks

        def token(m: re.Match[str]) -> str:
            inner = m.group(1)
            target, _, label = inner.partition("|")
            if target.startswith("!subteam^"):
                self.pings.add(target[len("!subteam^"):])
            elif target in ("!channel", "!here", "!everyone") or target.startswith("@"):
                self.pings.add(target[1:])
            elif target.startswith(("#", "!")):
                pass  # channel links and dates render as text
            else:
                self.links.add(_decode(target))
            return _decode(label or target)

        shown = _TOKEN.sub(token, raw)
        self.styles += mrkdwn_styles(shown)
        if not verbatim:
            self.pings.update(m.group(1).lower() for m in _BARE_BROADCAST.finditer(shown))
            self.links.update(m.group(0) for m in _BARE_URL.finditer(_TOKEN.sub("", raw)))
        self.text.append(_decode(shown))
        return None


def slack_view(message: dict[str, Any]) -> Rendered:
    r = _Reader()
    blocks: list[dict[str, Any]] = message.get("blocks") or []
    r.limit("blocks", blocks, "blocks")
    r.limit("text", message.get("text", ""), "text")
    if not blocks:  # a plain message (thread notes): top-level text is mrkdwn
        r.mrkdwn({"type": "mrkdwn", "text": message.get("text", "")})
    else:
        # With blocks, ``text`` is only the notification; Slack still parses tokens in it.
        fallback = _Reader()
        fallback.mrkdwn({"type": "mrkdwn", "text": message.get("text", "")}, verbatim=True)
        r.pings |= fallback.pings
        r.links |= fallback.links
    actions: list[tuple[str, str]] = []
    action_ids: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            r.limit("header", block["text"]["text"], "header")
            r.plain(block["text"])
        elif kind == "section":
            if "text" in block:
                r.limit("section", block["text"]["text"], "section")
                r.mrkdwn(block["text"])
            fields = block.get("fields") or []
            r.limit("section fields", fields, "fields")
            for f in fields:
                r.limit("field", f["text"], "field")
                r.mrkdwn(f)
        elif kind == "context":
            r.limit("context elements", block["elements"], "context_elements")
            for el in block["elements"]:
                r.limit("context", el.get("text", ""), "context")
                r.mrkdwn(el)
        elif kind == "actions":
            r.limit("actions", block["elements"], "actions")
            for el in block["elements"]:
                r.limit("button", el["text"]["text"], "button")
                r.limit("action_id", el["action_id"], "action_id")
                r.plain(el["text"])
                action_ids.append(el["action_id"])
                if "url" in el:
                    r.limit("url", el["url"], "url")
                    r.links.add(el["url"])
                if "value" in el:
                    r.limit("value", el["value"], "value")
                    actions.append((el["action_id"].split(":")[1],
                                    str(el["value"]).split("#", 1)[0]))
        else:
            r.problems.append(f"unexpected block {kind}")
    if len(set(action_ids)) != len(action_ids):
        r.problems.append("duplicate action_id")
    return Rendered(text="\n".join(r.text), pings=frozenset(r.pings), links=frozenset(r.links),
                    actions=tuple(actions), problems=tuple(r.problems), styles=tuple(r.styles))


class SlackHarness(WorkspaceHarness):
    channel = "C0CONTRACT"
    user_ids = ("U0AGENT1", "W0AGENT2")
    group_ids = ("S0SUPPORT",)

    def __init__(self, fake: FakeSlack, config: SlackWorkspaceConfig) -> None:
        self.fake = fake
        self.config = config
        self._ws = SlackWorkspace(config)

    @property
    def workspace(self) -> Workspace:
        return self._ws

    async def fresh(self) -> Workspace:
        return SlackWorkspace(self.config)

    async def view(self, ref: MessageRef) -> Rendered:
        message = self.fake.message(ref.channel, ref.message_id)
        assert message is not None, "no such message"
        return slack_view(message)

    async def thread(self, ref: MessageRef) -> list[Rendered]:
        return [slack_view(m) for m in self.fake.thread(ref.channel, ref.message_id)]

    async def count(self, channel: str) -> int:
        return len(self.fake.top_level(channel))


class TestSlackContract(WorkspaceContract):
    @pytest.fixture
    async def harness(self) -> AsyncIterator[WorkspaceHarness]:
        async with FakeSlack() as fake:
            config = SlackWorkspaceConfig(type="slack", name="acme", bot_token=fake.token,
                                          signing_secret="s", api_url=fake.api_url)
            yield SlackHarness(fake, config)


def test_the_reader_itself_sees_pings_and_links() -> None:
    """The interpretation must be able to fail: raw tokens and unverbatim text are caught."""
    shown = slack_view({"text": "x", "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "<!here> <@U1> <http://e.x|y>"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "@channel http://bare.x"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "@everyone", "verbatim": True}},
    ]})
    assert shown.pings == {"here", "U1", "channel"}
    assert shown.links == {"http://e.x", "http://bare.x"}
    assert "y" in shown.text
