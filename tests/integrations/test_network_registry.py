"""A network is one package plus one registry entry (bot.core.networks), nothing else.

The test writes a new network, "toot", as a package in its own temporary folder (a config
class, a source whose ``poll`` returns a mention, a publisher, and its ``NETWORK`` spec), puts
the folder on ``sys.path`` and makes the one registry entry: ``register("toot",
"tootnet:NETWORK")``. No file of socialops is edited, yet ``check`` validates ``type: toot``
sources (and reports their mistakes at their lines), the rules file may match ``network:
toot``, the pipeline routes its mention to a console card under its display name, ``replay``
shows a recorded toot the same way, and ``draft toot`` is accepted because it has a publisher.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent

import pytest

from bot.app.check import run_check
from bot.app.cli import main
from bot.app.compose import open_app
from bot.core import networks
from bot.core.commands import parse_command
from bot.core.config import load_config
from tests.conftest import FakeClock

CONFIG_CLASS = '''
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from bot.core.config import Problem, SourceBase, url_problems


class TootSourceConfig(SourceBase):
    type: Literal["toot"]
    base_url: str = "https://toot.example"
    tags: tuple[str, ...] = ()

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        yield from url_problems(("base_url",), self.base_url)
'''

SOURCE = '''
from bot.core.models import Author, Mention
from bot.core.ports import PublishResult


class TootSource:
    network = "toot"

    def __init__(self, config, *, store, client, clock):
        self.config, self.store, self.clock = config, store, clock

    @property
    def id(self):
        return self.config.id

    async def poll(self):
        if await self.store.get_cursor(self.id):
            return []
        await self.store.set_cursor(self.id, "1")
        return [Mention(id="toot:1", network="toot", source=self.id,
                        url="https://toot.example/@tooter/1", text="acme is down again",
                        author=Author(id="u1", handle="tooter"), created_at=self.clock())]


def too_long(text):
    return f"toots are at most 40 characters; this one has {len(text)}" if len(text) > 40 \
        else None


class TootPublisher:
    network = "toot"

    def __init__(self, config, *, client, clock):
        self.config = config

    async def publish(self, text, *, reply_to, idempotency_key, maybe_published=False,
                      attempted_since=None):
        return PublishResult(id="t-1", url="https://toot.example/@acme/t-1")
'''

SPEC = '''
from bot.core.networks import NetworkSpec
from tootnet.config import TootSourceConfig

NETWORK = NetworkSpec(
    name="toot",
    display="Toot Network",
    config=TootSourceConfig,
    source="tootnet.source:TootSource",
    publisher="tootnet.source:TootPublisher",
    capabilities=frozenset({"poll", "publish"}),
    limit="tootnet.source:too_long",
)
'''

RULES = """\
routes:
  - name: toots
    match: {network: [toot], any: [acme]}
    channel: support
"""


@pytest.fixture
def toot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The new network: one package (outside the repository) and one registry entry."""
    package = tmp_path / "plugins" / "tootnet"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(SPEC, encoding="utf-8")
    (package / "config.py").write_text(CONFIG_CLASS, encoding="utf-8")
    (package / "source.py").write_text(SOURCE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "plugins"))
    assert "toot" not in networks.known()  # socialops itself does not know it
    networks.register("toot", "tootnet:NETWORK")
    yield
    networks.unregister("toot")
    for name in [m for m in sys.modules if m == "tootnet" or m.startswith("tootnet.")]:
        del sys.modules[name]


def write_config(folder: Path, source: str) -> Path:
    (folder / "rules.yaml").write_text(RULES, encoding="utf-8")
    path = folder / "socialops.yaml"
    path.write_text(dedent("""\
        sources:
        {source}
        workspaces: [{{name: console, type: console}}]
        channels:
          support: {{workspace: console, id: support}}
          approvals: {{workspace: console, id: approvals}}
        people: [{{id: me, role: admin, identities: {{console: me}}}}]
        approvals: {{channel: approvals}}
        rules: rules.yaml
        store: {{backend: sqlite, path: {db}}}
        """).format(source=source, db=folder / "s.db"), encoding="utf-8")
    return path


TOOT_SOURCE = """\
  - id: toot-acme
    type: toot
    base_url: https://toot.example
    tags: [acme]"""


async def check(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    return code, out.getvalue(), err.getvalue()


async def test_check_accepts_the_new_type_and_its_rules(toot: None, tmp_path: Path) -> None:
    code, out, err = await check(write_config(tmp_path, TOOT_SOURCE))
    assert (code, err) == (0, "")
    assert "OK: 1 source(s)" in out and "rules OK" in out


async def test_check_reports_the_new_types_mistakes_at_their_lines(
        toot: None, tmp_path: Path) -> None:
    path = write_config(tmp_path, TOOT_SOURCE.replace("https://toot.example", "toot.example")
                        .replace("tags:", "tagz:"))
    code, _, err = await check(path)
    assert code == 1
    # its own class refuses a key it does not have; its own check finds the bad URL
    assert f"{path}:5: sources[0].tagz: unknown field" in err
    assert f"{path}:4: sources[0].base_url: 'toot.example' is not a full http/https URL" in err


async def test_an_unknown_type_is_one_line_naming_the_known_ones(
        toot: None, tmp_path: Path) -> None:
    path = write_config(tmp_path, "  - {id: t, type: tooot}")
    code, _, err = await check(path)
    assert code == 1
    assert err.splitlines() == [
        f"{path}:2: sources[0].type: unknown source type 'tooot' (known: bluesky, hackernews, "
        "mastodon, reddit, replay, rss, toot, x); did you mean toot?",
        "1 problem(s) found; fix them and run socialops check again"]


async def test_a_registered_network_whose_package_is_missing_says_so(
        toot: None, tmp_path: Path) -> None:
    networks.register("ghost", "ghostnet:NETWORK")
    try:
        code, _, err = await check(write_config(tmp_path, "  - {id: g, type: ghost}"))
    finally:
        networks.unregister("ghost")
    assert code == 1
    assert ("sources[0].type: 'ghost' is registered at ghostnet:NETWORK, but module 'ghostnet' "
            "cannot be imported: is the package installed?") in err


async def test_its_mention_reaches_a_console_card_under_its_display_name(
        toot: None, tmp_path: Path, clock: FakeClock) -> None:
    out = io.StringIO()
    async with open_app(load_config(write_config(tmp_path, TOOT_SOURCE), env={}),
                        clock=clock, env={}, out=out) as app:
        await app.start()
        assert await app.runtime().poll_once(app.sources["toot-acme"], here=True) == 1
        await app.outbox.drain()
    card = out.getvalue()
    assert "Toot Network mention by @tooter" in card
    assert "Toot Network | @tooter" in card and "route: toots" in card


def test_replay_shows_a_recorded_toot_under_its_display_name(
        toot: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, "  []")
    recorded = tmp_path / "toots.jsonl"
    recorded.write_text('{"id": "toot:9", "network": "toot", "author": {"id": "u9", "handle": '
                        '"ana"}, "text": "acme lost my order", "created_at": '
                        '"2026-11-23T09:00:00+00:00"}\n', encoding="utf-8")
    assert main(["replay", str(recorded), "--config", str(config)]) == 0
    assert "Toot Network mention by @ana" in capsys.readouterr().out


def test_rules_explain_takes_the_new_network(
        toot: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, TOOT_SOURCE)
    assert main(["rules", "explain", "--config", str(config), "--text", "acme is down",
                 "--network", "toot"]) == 0
    assert "toots" in capsys.readouterr().out


async def test_draft_toot_is_accepted_because_it_has_a_publisher(
        toot: None, tmp_path: Path, clock: FakeClock) -> None:
    out = io.StringIO()
    async with open_app(load_config(write_config(tmp_path, TOOT_SOURCE), env={}),
                        clock=clock, env={}, out=out) as app:
        assert app.publishers["toot-acme"].network == "toot"
        typed = parse_command("draft toot toot-acme We are on it")
        reply = await app.dispatcher.handle(
            typed.interaction(workspace="console", channel="support", user="me"))
        assert (reply.ok, reply.text) == (True, "A-1 drafted and waiting for approval")
        await app.outbox.drain()
        wrong = await app.dispatcher.handle(parse_command("draft tooot toot-acme hi").interaction(
            workspace="console", channel="support", user="me"))
    assert "Network: Toot Network as toot-acme" in out.getvalue()
    assert not wrong.ok
    assert wrong.text == ("unknown network 'tooot' (known: bluesky, hackernews, mastodon, "
                          "reddit, rss, toot, x); did you mean toot?")


async def test_a_draft_over_the_networks_declared_limit_is_refused_when_written(
        toot: None, tmp_path: Path, clock: FakeClock) -> None:
    """The spec's ``limit`` is asked when a draft is written (Bluesky's 300 graphemes is one),
    so the draft is refused in one line, not after its approval when it would publish."""
    async with open_app(load_config(write_config(tmp_path, TOOT_SOURCE), env={}),
                        clock=clock, env={}, out=io.StringIO()) as app:
        reply = await app.dispatcher.handle(parse_command(
            "draft toot toot-acme " + "We are on it, and we will write again soon").interaction(
                workspace="console", channel="support", user="me"))
        assert (reply.ok, reply.text) == (False, "toots are at most 40 characters; this one "
                                          "has 42; shorten it (nothing was drafted)")
        assert await app.store.list_approvals() == []
    assert networks.post_problem("toot", "short") is None
    assert networks.post_problem("mastodon", "x" * 10_000) is None  # declares none
    assert networks.post_problem("bluesky", "x" * 301) == (
        "Bluesky posts are at most 300 graphemes (characters as people see them); this one has "
        "301 (1 over)")


def test_the_registry_refuses_to_replace_a_network_silently(toot: None) -> None:
    networks.register("toot", "tootnet:NETWORK")  # the same entry again: nothing changes
    with pytest.raises(ValueError, match="already registered"):
        networks.register("toot", "elsewhere:NETWORK")
    with pytest.raises(ValueError, match="already registered"):
        networks.register("mastodon", "tootnet:NETWORK")
    assert networks.spec("toot").display == "Toot Network"
    assert networks.spec("toot").capabilities == {"poll", "publish"}
