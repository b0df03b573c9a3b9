"""One running socialops, end to end, for workflow scenarios: the real app (``open_app``) on a
real SQLite file with an injected clock, its Slack workspace talking to the local wire-level
Slack (``FakeSlack``), the bolt app served on a loopback port and fed correctly signed
requests, and a Mastodon account publishing to a local server that records every status (its
instance takes posts of up to 5,000 characters).

``restart()`` closes the app and builds a new one on the same SQLite file, as a process restart
would. Timers fire when the test says so (``timers()``), at the clock's time.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from bot.app.compose import App, open_app
from bot.core.config import SlackWorkspaceConfig, load_config
from bot.core.models import Author, Mention, Network
from integrations.slack.app import SlackBot, build_slack_app
from integrations.slack.workspace import SlackWorkspace
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

SECRET = "e2e-signing-secret"
REAL = Path(__file__).parents[1] / "fixtures" / "real" / "slack"
# Slack channel ids
SUPPORT, ESCALATIONS, APPROVALS, MARKETING, SALES = "CSUP", "CESC", "CAPP", "CMKT", "CSAL"
OPS = "COPS"
# Slack user ids: two agents, a lead, an approver, an admin, and somebody whose Slack account
# the config does not name (mallory is a person with an email, linked from chat if at all)
ALICE, BOB, CAROL, DAVE, MALLORY = "WALICE", "WBOB", "WCAROL", "WDAVE", "WMALLORY"
ERIN = "WERIN"

RULES = """
brands:
  acme: [acme]
routes:
  - name: support
    match: {brand: [acme], intent: [complaint, question]}
    action: ticket
    channel: support
    sla: 60m
    escalation: support-default
"""

CONFIG = """
workspaces:
  - {{name: slack, type: slack, bot_token: "{token}", signing_secret: {secret},
     api_url: "{api}"}}
sources:
  - {{id: masto, type: mastodon, base_url: "{masto}", token: tok, hashtags: [acme]}}
{sources}channels:
  support: {{workspace: slack, id: {support}}}
  support-escalations: {{workspace: slack, id: {esc}}}
  approvals: {{workspace: slack, id: {app}}}
  marketing: {{workspace: slack, id: {mkt}}}
  sales: {{workspace: slack, id: {sal}}}
  ops: {{workspace: slack, id: {ops}}}
people:
  - {{id: alice, role: agent, groups: [support], identities: {{slack: {alice}}}}}
  - {{id: bob, role: agent, groups: [support], identities: {{slack: {bob}}}}}
  - {{id: carol, role: lead, groups: [support], identities: {{slack: {carol}}}}}
  - {{id: dave, role: approver, groups: [marketing], identities: {{slack: {dave}}}}}
  - {{id: erin, role: admin, identities: {{slack: {erin}}}}}
  - {{id: mallory, role: agent, groups: [support], email: mallory@acme.test}}
approvals:
  channel: approvals
  expire_hours: 24
  steps:
    - {{approvers: ["role:approver", "role:lead"], mode: any}}
escalations:
  - name: support-default
    steps:
      - {{after_minutes: 15, notify_groups: [support]}}
      - {{after_minutes: 30, channel: support-escalations, notify_users: [carol]}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: sqlite, path: "{db}"}}
"""


INSTANCE = {"domain": "mastodon.example", "version": "4.3.0", "configuration": {"statuses": {
    "max_characters": 5000, "max_media_attachments": 4, "characters_reserved_per_url": 23}}}

# Slack's pace of one message a second a channel (the outbox's default) held a test of a card
# and its thread lines a second a line on the real clock; the pace has its own tests
# (tests/engine/test_outbox.py, tests/chaos/test_pace_waits.py), so a world may lift it
UNPACED = "outbox: {per_channel_per_second: 100}\n"


class World:
    def __init__(self, tmp: Path, clock: FakeClock, slack: FakeSlack, masto: NetServer, *,
                 rules: str = RULES, extra: str = "", sources: str = "",
                 zone: str | None = None) -> None:
        """``rules``: the rules file; ``extra``: more top-level config (YAML); ``sources``:
        more sources (YAML list items) after the Mastodon account; ``zone``: the Slack
        workspace's ``timezone`` (none: UTC)."""
        self.tmp, self.clock, self.slack, self.masto = tmp, clock, slack, masto
        # the people's accounts, members of the workspace as users.info answers them (an
        # unknown id is user_not_found, which a notice says is pinged in vain); no address
        # unless a scenario gives one, so a link still asks an admin
        for member in (ALICE, BOB, CAROL, DAVE, ERIN):
            slack.users.setdefault(member, "")
        self.zone = zone or "UTC"  # the Slack workspace's clock, as its config sets it
        self.statuses: list[dict[str, Any]] = []
        masto.handler("POST", "/api/v1/statuses", self._create_status)
        # an instance that raised its post limit, as many do, stating it as Mastodon does
        # (methods/instance.md): the drafts of these scenarios run to a few thousand characters
        masto.json("GET", "/api/v2/instance", INSTANCE)
        (tmp / "rules.yaml").write_text(rules)
        config = CONFIG if zone is None else CONFIG.replace(
            'api_url: "{api}"}}', 'api_url: "{api}", timezone: ' + zone + '}}')
        assert zone is None or config != CONFIG, "no Slack workspace to put on the clock"
        (tmp / "socialops.yaml").write_text(extra + config.format(
            secret=SECRET, token=slack.token, api=slack.api_url, masto=masto.base, support=SUPPORT,
            esc=ESCALATIONS, app=APPROVALS, mkt=MARKETING, sal=SALES, ops=OPS, alice=ALICE, bob=BOB,
            carol=CAROL, dave=DAVE, erin=ERIN, db=tmp / "state.db", sources=sources))
        self.app: App | None = None
        self._closing = AsyncExitStack()  # the app, closed by stop()
        self.bot: SlackBot | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.session: aiohttp.ClientSession | None = None
        self.generation = 0
        self._triggers = 0
        self.last_rid = ""  # the response_url id of the last slash command

    async def _create_status(self, request: web.Request) -> web.Response:
        form = dict(await request.post()) if request.content_type != "application/json" \
            else await request.json()
        n = len(self.statuses) + 1
        self.statuses.append({"form": form, "key": request.headers.get("Idempotency-Key")})
        return web.json_response({"id": str(9000 + n), "uri": f"{self.masto.base}/s/{n}",
                                  "url": f"{self.masto.base}/@acme/{9000 + n}",
                                  "content": str(form.get("status", ""))})

    # -- life cycle -------------------------------------------------------------------------

    async def start(self) -> World:
        loaded = load_config(self.tmp / "socialops.yaml")
        self.generation += 1
        self.app = app = await self._closing.enter_async_context(open_app(
            loaded, clock=self.clock, env={}, owner=f"e2e-{self.generation}"))
        wc = loaded.config.workspace("slack")
        assert isinstance(wc, SlackWorkspaceConfig)

        def identity(workspace: str, user: str) -> str | None:
            person = app.directory.person_for(workspace, user)
            return person.id if person else None

        self.bot = bot = build_slack_app(
            wc, handler=app.dispatcher, identity=identity,
            client=getattr(app.workspaces["slack"], "client", None),
            mark_seen=app.store.mark_seen, forget_seen=app.store.forget_seen,
            is_seen=app.store.is_seen, home=app.home)
        # as ``socialops run`` asks it at start (Chat.warm): a first request sent before the
        # local Slack answered it, late on a loaded machine, was answered 503
        await bot.warm()
        outbound = app.workspaces["slack"]
        if bot.homes is not None and isinstance(outbound, SlackWorkspace):
            outbound.on_change = bot.homes.changed  # as bot.app.chat wires it
        web_app = web.Application()
        web_app.router.add_post("/slack/events", bot.handle_http)
        web_app.router.add_post("/slack/commands", bot.handle_http)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        self.session = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        if self.session is not None:
            await self.session.close()
        if self._runner is not None:
            await self._runner.cleanup()
        await self._closing.aclose()
        self.app, self._runner, self.session = None, None, None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @property
    def a(self) -> App:
        assert self.app is not None
        return self.app

    # -- the outside world acts -------------------------------------------------------------

    async def mention(self, text: str, *, n: int, handle: str = "kasia",
                      thread: str | None = None, network: str = "mastodon") -> Mention:
        url = (f"https://mastodon.example/@{handle}/{n}" if network == "mastodon" else
               f"https://bsky.app/profile/{handle}.bsky.social/post/3k{n}")
        m = Mention(id=f"{network}:{n}", network=cast(Network, network), source="masto",
                    text=text,
                    author=Author(id=f"acct{handle}", handle=handle, followers=120),
                    created_at=self.clock(), thread_id=thread, url=url)
        await self.a.pipeline.process(m)
        await self.a.outbox.drain()
        return m

    async def timers(self) -> int:
        fired = await self.a.runtime().fire_due_timers()
        await self.a.outbox.drain()
        return fired

    async def _post(self, path: str, body: str, content_type: str) -> int:
        return (await self._exchange(path, body, content_type))[0]

    async def _exchange(self, path: str, body: str, content_type: str) -> tuple[int, str]:
        """A signed request and the app's HTTP answer (status, body)."""
        assert self.session is not None
        ts = str(int(time.time()))
        headers = {"X-Slack-Request-Timestamp": ts, "Content-Type": content_type,
                   "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
                       timestamp=ts, body=body) or ""}
        async with self.session.post(self.url + path, data=body.encode(),
                                     headers=headers) as resp:
            return resp.status, await resp.text()

    @staticmethod
    def state_of(view: dict[str, Any], values: dict[str, str | None]) -> dict[str, Any]:
        """``view.state.values`` as Slack sends it for a modal filled in with ``values``."""
        state: dict[str, Any] = {}
        for block in view.get("blocks") or []:
            if block.get("type") != "input":
                continue
            element, bid = block["element"], block["block_id"]
            value = values.get(bid)
            if element["type"] == "static_select":
                chosen = {"text": {"type": "plain_text", "text": value}, "value": value} \
                    if value else None
                entry = {"type": "static_select", "selected_option": chosen}
            else:
                entry = {"type": "plain_text_input", "value": value}
            state[bid] = {element["action_id"]: entry}
        return {"values": state}

    async def submit(self, user: str, view: dict[str, Any],
                     values: dict[str, str | None]) -> tuple[int, dict[str, Any] | None]:
        """Submit an opened modal (a view_submission, on the real payload) filled in with
        ``values``; returns the HTTP status and the JSON answer, if any."""
        body = json.loads((REAL / "interaction_view_submission.json").read_text())
        body["user"]["id"] = user
        self._triggers += 1
        body["trigger_id"] = f"8.8.{self._triggers}"
        body["view"] = {**body["view"], **view, "state": self.state_of(view, values)}
        status, text = await self._exchange(
            "/slack/events", urlencode({"payload": json.dumps(body)}),
            "application/x-www-form-urlencoded")
        return status, (json.loads(text) if text.strip() else None)

    async def press_in_modal(self, user: str, view: dict[str, Any], action_id: str,
                             values: dict[str, str | None]) -> int:
        """A button inside an open modal (block_actions with ``view`` and its state)."""
        body = json.loads((REAL / "interaction_block_actions.json").read_text())
        body["user"]["id"] = user
        for key in ("channel", "message", "response_url"):
            body.pop(key, None)
        body["container"] = {"type": "view", "view_id": view["id"]}
        self._triggers += 1
        body["trigger_id"] = f"7.7.{self._triggers}"
        body["view"] = {**view, "state": self.state_of(view, values)}
        body["actions"][0].update(action_id=action_id, block_id="preview_actions",
                                  action_ts=f"{time.time():.6f}")
        body["actions"][0].pop("value", None)
        return await self._post("/slack/events", urlencode({"payload": json.dumps(body)}),
                                "application/x-www-form-urlencoded")

    def button_value(self, channel: str, message_ts: str, action: str) -> str | None:
        """The value of the card's ``action`` button as the message shows it now."""
        message = self.slack.message(channel, message_ts) or {}
        for block in message.get("blocks") or []:
            for element in block.get("elements") or [] if block.get("type") == "actions" else []:
                if str(element.get("action_id", "")).startswith(f"socialops:{action}"):
                    return str(element.get("value"))
        return None

    async def click(self, user: str, action: str, target: str, *, channel: str,
                    message_ts: str, value: str | None = None) -> int:
        """A button press on a card, as Slack sends it (block_actions). The button carries
        the value the card shows (``value`` overrides it: a stale client, a forged click)."""
        body = json.loads((REAL / "interaction_block_actions.json").read_text())
        body["user"]["id"] = user
        body["channel"]["id"] = channel
        body["container"].update(channel_id=channel, message_ts=message_ts, is_ephemeral=False)
        body["message"] = {"ts": message_ts}
        self._triggers += 1  # every real click has its own trigger_id and action_ts
        body["trigger_id"] = f"9.9.{self._triggers}"
        body["actions"][0]["action_ts"] = f"{time.time():.6f}"
        # and its own response_url (Slack's takes 5 answers: a person pressing one button
        # more often than that is answered each time)
        body["response_url"] = self.slack.response_url(
            f"{user}-{action}-{target}-{self._triggers}")
        shown = self.button_value(channel, message_ts, action)
        value = value or (shown if shown and shown.split("#")[0] == target else target)
        body["actions"][0].update(action_id=f"socialops:{action}", value=value)
        return await self._post("/slack/events", urlencode({"payload": json.dumps(body)}),
                                "application/x-www-form-urlencoded")

    async def react(self, user: str, reaction: str, *, channel: str, message_ts: str,
                    event_id: str) -> int:
        """A reaction_added event on a message, as the Events API sends it."""
        body = json.loads((REAL / "event_reaction_added.json").read_text())
        body["event_id"] = event_id
        body["event"].update(user=user, reaction=reaction)
        body["event"]["item"].update(channel=channel, ts=message_ts)
        # item_user is the message's author, as Slack names it (the bot's user on a card)
        posted = self.slack.message(channel, message_ts)
        if posted is not None and posted.get("user"):
            body["event"]["item_user"] = posted["user"]
        return await self._post("/slack/events", json.dumps(body), "application/json")

    async def open_home(self, user: str, *, tab: str = "home") -> int:
        """The person opens the app's Home tab (an ``app_home_opened`` event, as the Events API
        sends it: docs.slack.dev/reference/events/app_home_opened)."""
        body = json.loads((REAL / "event_reaction_added.json").read_text())
        self._triggers += 1
        body["event_id"] = f"EvHome{self._triggers}"
        body["event"] = {"type": "app_home_opened", "user": user, "channel": f"D{user}",
                         "tab": tab, "event_ts": f"{time.time():.6f}"}
        return await self._post("/slack/events", json.dumps(body), "application/json")

    def home_text(self, user: str) -> str:
        """The Home tab last published for ``user``, as text (one line per block)."""
        view = self.slack.homes.get(user) or {}
        lines = []
        for block in view.get("blocks") or []:
            text = block.get("text") or {}
            if block.get("type") == "context":
                text = (block.get("elements") or [{}])[0]
            lines.append(str(text.get("text", "")) if isinstance(text, dict) else "")
        return "\n".join(lines)

    async def slash(self, user: str, channel: str, text: str) -> int:
        self._triggers += 1  # Slack's trigger_id differs on every request
        # and so does its response_url: the answer to this command is told from a late
        # answer to an earlier one by it (``last_rid``)
        self.last_rid = f"cmd-{user}-{self._triggers}"
        form = {"command": "/socialops", "text": text, "user_id": user, "channel_id": channel,
                "team_id": self.slack.team_id, "trigger_id": f"1.2.{self._triggers}",
                "api_app_id": "A1",
                "response_url": self.slack.response_url(self.last_rid)}
        return await self._post("/slack/commands", urlencode(form),
                                "application/x-www-form-urlencoded")

    # -- what came out ----------------------------------------------------------------------

    def posts(self, channel: str) -> list[dict[str, Any]]:
        return self.slack.top_level(channel)

    def said_to(self, user: str) -> list[str]:
        """Everything told to ``user`` privately (ephemeral messages and response_url replies,
        whose ids this harness starts with the user id)."""
        out = [str(e.get("text", "")) for e in self.slack.ephemerals if e.get("user") == user]
        out += [str(r.get("text", "")) for r in self.slack.responses
                if str(r.get("rid", "")).startswith(user) or f"-{user}-" in str(r.get("rid"))]
        return out

    async def told(self, user: str, needle: str) -> str:
        """The first private answer to ``user`` holding ``needle``, waited for: a slash
        command's answer comes after Slack's ack, through response_url, on a loaded machine
        after work the test waited for since (CI, 2026-12-07: a reply published, its "drafted"
        answer not there yet)."""
        await self.until(lambda: any(needle in t for t in self.said_to(user)),
                         f"an answer to {user} saying {needle!r}")
        return next(t for t in self.said_to(user) if needle in t)

    async def until(self, cond: Callable[[], object], what: str) -> None:
        """Wait (bounded) for work that runs after Slack's HTTP ack."""
        for _ in range(500):
            if cond():
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out waiting for {what}")


@asynccontextmanager
async def running_world(tmp_path: Path, clock: FakeClock, *, rules: str = RULES,
                        extra: str = "", sources: str = "", zone: str | None = None,
                        store: str = "sqlite", redis_url: str | None = None,
                        armed: bool = False) -> AsyncIterator[World]:
    """A started ``World`` with its own fake Slack and Mastodon, stopped on the way out;
    ``rules``: its rules file; ``extra``: more top-level config (YAML); ``sources``: more
    sources; ``zone``: the Slack workspace's timezone; ``store``, ``redis_url``: as
    ``on_store`` takes them; ``armed``: its app started too, arming its timers (the next
    handoff, the spike check) as `socialops run` does."""
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, rules=rules, extra=extra, sources=sources,
                  zone=zone)
        on_store(tmp_path / "socialops.yaml", store, redis_url)
        await w.start()
        if armed:
            await w.a.start()
        try:
            yield w
        finally:
            await w.stop()


def on_store(path: Path, backend: str, redis_url: str | None = None) -> None:
    """The world's config file (``path``) on ``backend``: ``sqlite`` leaves it as written, on a
    SQLite file; ``redis`` points it at a real redis-server (``redis_url``)."""
    if backend == "sqlite":
        return
    assert backend == "redis" and redis_url, (backend, redis_url)
    text = re.sub(r"store: \{backend: sqlite, path: \"[^\"]*\"\}",
                  f'store: {{backend: redis, redis_url: "{redis_url}"}}', path.read_text())
    assert "backend: redis" in text
    path.write_text(text)


def redis_url_if(request: Any) -> str | None:
    """The ``redis_url`` fixture's value when a store-parametrised fixture asks for Redis."""
    return request.getfixturevalue("redis_url") if request.param == "redis" else None
