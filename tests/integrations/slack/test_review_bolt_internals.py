"""The Slack app reaches into two of slack_bolt's private names: the app's middleware list
(``_async_middleware_list``, where the shared ``auth.test`` authorization replaces bolt's) and
``_is_no_auth_required`` (which requests need no authorization). A bolt release that drops
either must stop the start with one line naming what changed and the release socialops is
tested with, not an ImportError or AttributeError traceback from deep inside bolt; and
pyproject keeps slack-bolt to the minor release these guards run on."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import slack_bolt.middleware.authorization.async_internals as bolt_internals
from slack_bolt.async_app import AsyncApp
from slack_bolt.version import __version__ as bolt_version

import integrations.slack.app as slack_app
from bot.core.config import SlackWorkspaceConfig
from bot.core.errors import SocialopsError
from integrations.slack.app import build_slack_app
from tests.integrations.slack.served import RecordingHandler

PYPROJECT = Path(__file__).parents[3] / "pyproject.toml"


def one_clear_line(exc: BaseException, *, names: str) -> None:
    assert isinstance(exc, SocialopsError)  # the command line's one `error:` line
    text = str(exc)
    assert "\n" not in text
    assert names in text and "slack-bolt" in text and bolt_version in text


def test_a_bolt_without_is_no_auth_required_stops_with_one_line(
        slack_config: SlackWorkspaceConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(bolt_internals, "_is_no_auth_required")
    with pytest.raises(RuntimeError) as raised:
        build_slack_app(slack_config, handler=RecordingHandler())
    one_clear_line(raised.value, names="_is_no_auth_required")


def test_a_bolt_without_its_middleware_list_stops_with_one_line(
        slack_config: SlackWorkspaceConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    class NoList(AsyncApp):  # a future bolt keeping its middleware elsewhere
        def __init__(self, **kw: object) -> None:
            super().__init__(**kw)  # type: ignore[arg-type]
            del self._async_middleware_list

    monkeypatch.setattr(slack_app, "AsyncApp", NoList)
    with pytest.raises(RuntimeError) as raised:
        build_slack_app(slack_config, handler=RecordingHandler())
    one_clear_line(raised.value, names="_async_middleware_list")


def test_pyproject_keeps_slack_bolt_to_the_minor_release_the_guards_run_on() -> None:
    deps = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    (bolt,) = [d for d in deps if d.startswith("slack-bolt")]
    found = re.fullmatch(r"slack-bolt>=(\d+)\.(\d+)(?:\.\d+)?,<(\d+)\.(\d+)", bolt)
    assert found, bolt
    low, high = (int(found[1]), int(found[2])), (int(found[3]), int(found[4]))
    assert high == (low[0], low[1] + 1), bolt  # one minor release: the one tested
    assert tuple(int(p) for p in bolt_version.split(".")[:2]) == low
