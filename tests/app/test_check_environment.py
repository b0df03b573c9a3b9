"""`socialops check` reports what `run` would refuse about settings the environment
completes (a Redis store without a URL, REDIS_URL, PORT), so "OK" means run starts. The check
runs the same ``main`` in the test's process (``cli``), but for a PORT that is not ASCII and the
good settings, which go through the installed command as a user runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli_support import Cli, clean_env, socialops

CONFIG = """\
workspaces: [{name: console, type: console}]
store: {backend: redis}
"""


def check(run: Cli, tmp_path: Path, config: str, **env: str) -> tuple[int, list[str]]:
    (tmp_path / "socialops.yaml").write_text(config, encoding="utf-8")
    proc = run("check", cwd=tmp_path, env={**clean_env(), **env})
    assert "Traceback" not in proc.stderr
    return proc.returncode, proc.stderr.splitlines()[:-1]


def test_redis_without_a_url(tmp_path: Path, cli: Cli) -> None:
    assert check(cli, tmp_path, CONFIG) == (1, [
        "socialops.yaml:2: store.backend: backend: redis needs a URL: set store.redis_url "
        "(redis://host:6379/0) or REDIS_URL in the environment, or use backend: sqlite"])


def test_a_bad_redis_url_in_the_environment(tmp_path: Path, cli: Cli) -> None:
    assert check(cli, tmp_path, CONFIG, REDIS_URL="notaurl") == (1, [
        "socialops.yaml: REDIS_URL in the environment: 'notaurl' is not a full "
        "redis/rediss/unix URL; did you mean 'redis://notaurl'?"])


@pytest.mark.parametrize("port", ["abc", "99999", "0", "²"])
def test_a_bad_port_in_the_environment(tmp_path: Path, port: str, cli: Cli) -> None:
    config = CONFIG.replace("redis}", "sqlite}")
    # a value that is not ASCII is decoded from the environment's bytes as the interpreter
    # starts: the installed command's own
    run = cli if port.isascii() else socialops
    assert check(run, tmp_path, config, PORT=port) == (1, [
        f"socialops.yaml: PORT={port!r} in the environment is not a port (1-65535); fix it, "
        "or set http.port"])


def test_good_environment_settings_pass(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG.replace("redis}", "sqlite}"),
                                             encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env={**clean_env(), "PORT": "8080"})
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    proc = cli("check", cwd=tmp_path,
                     env={**clean_env(), "REDIS_URL": "redis://localhost:6379/0"})
    assert proc.returncode == 0, proc.stderr


def test_slack_client_id_and_secret_in_the_environment(tmp_path: Path, cli: Cli) -> None:
    """slack_bolt reads them itself and, both set, refuses every request of the workspace (its
    OAuth installation flow, bot_token unused): run refuses them (integrations.slack.app), and
    check says so at each Slack workspace; one alone, or a console-only config, is fine."""
    config = ("workspaces:\n"
              "  - {name: console, type: console}\n"
              "  - {name: acme, type: slack, mode: http, bot_token: xoxb-1, signing_secret: s}\n"
              "http: {port: 8080}\n")
    both = {"SLACK_CLIENT_ID": "1234.5678", "SLACK_CLIENT_SECRET": "abc"}
    assert check(cli, tmp_path, config, **both) == (1, [
        "socialops.yaml:3: workspaces[1]: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set in "
        "the environment, so slack_bolt would authorize workspace acme's requests by its OAuth "
        "installation flow instead of its bot_token, and refuse them all: unset them for "
        "socialops"])
    assert check(cli, tmp_path, config, SLACK_CLIENT_ID="1234.5678") == (0, [])
    assert check(cli, tmp_path, "workspaces: [{name: console, type: console}]\n", **both) == (
        0, [])
