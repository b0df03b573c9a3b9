"""`socialops run` with Slack and Discord at start-up, as a real process against the local fakes:
a token the platform refuses ends the run with one line and exit 1 (no traceback, no dead
deliveries); a connection that cannot be established (Slack or Discord unreachable, Socket Mode
refused) lets everything else start, retries quietly, and SIGTERM or SIGINT still stop it."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from tests.app.cli_support import REPO, SOCIALOPS, clean_env
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack
from tests.support.redis_server import free_port

EXIT_WITHIN = 60.0  # seconds the test waits for the process; never asserted as a duration
Start = Callable[..., Awaitable[asyncio.subprocess.Process]]


@pytest.fixture(autouse=True)
def started() -> Iterator[list[asyncio.subprocess.Process]]:
    """The processes a test started; one still running after it (a failed test) is killed."""
    procs: list[asyncio.subprocess.Process] = []
    yield procs
    for proc in procs:
        if proc.returncode is None:
            proc.kill()


# sockets bound and never listening, held for the worker's life: connecting to one is refused at
# once, and no other test's server can take its port meanwhile (a port freed at once was taken by
# a parallel test's local Slack, which answered invalid_auth: failed once in CI)
_HELD: list[socket.socket] = []


def closed_port_url() -> str:
    """A loopback URL nothing listens on (nor can while this worker runs): refused at once."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    _HELD.append(s)
    return f"http://127.0.0.1:{s.getsockname()[1]}/api/"


def write(tmp_path: Path, workspace: str, channel: str) -> Path:
    (tmp_path / "socialops.yaml").write_text(f"""\
workspaces:
  - {workspace}
channels:
  support: {{workspace: chat, id: "{channel}"}}
store: {{backend: sqlite, path: s.db}}
""", encoding="utf-8")
    return tmp_path


def slack_socket(api_url: str) -> str:
    return ('{name: chat, type: slack, mode: socket, bot_token: "${SLACK_BOT_TOKEN}", '
            f'app_token: "${{SLACK_APP_TOKEN}}", api_url: "{api_url}"}}')


def slack_http(api_url: str) -> str:
    return ('{name: chat, type: slack, mode: http, bot_token: "${SLACK_BOT_TOKEN}", '
            f'signing_secret: s, api_url: "{api_url}"}}')


def discord_ws(server: FakeDiscord, *, api_url: str | None = None) -> str:
    return (f'{{name: chat, type: discord, token: "${{DISCORD_BOT_TOKEN}}", '
            f'application_id: "{server.application_id}", guild_id: "{server.guild_id}", '
            f'api_url: "{api_url or server.api_url}", gateway_url: "{server.gateway_url}"}}')


@pytest.fixture
def start(started: list[asyncio.subprocess.Process]) -> Start:
    async def run(cwd: Path, **env: str) -> asyncio.subprocess.Process:
        """`socialops run` from this checkout (PYTHONPATH), as a user starts it."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.app.cli", "run", "--no-stdin", cwd=cwd,
            env=clean_env(PYTHONPATH=str(REPO), **env), stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        started.append(proc)
        return proc

    return run


async def finished(proc: asyncio.subprocess.Process) -> tuple[int, str]:
    _, err = await asyncio.wait_for(proc.communicate(), EXIT_WITHIN)
    assert proc.returncode is not None
    return proc.returncode, err.decode()


async def read_until(proc: asyncio.subprocess.Process, *needles: str) -> str:
    """stderr up to the line holding the last of ``needles`` (each seen in turn)."""
    assert proc.stderr is not None
    seen: list[str] = []
    wanted = list(needles)

    async def read() -> None:
        while wanted:
            line = (await proc.stderr.readline()).decode()  # type: ignore[union-attr]
            if not line:
                raise AssertionError("exited early:\n" + "".join(seen))
            seen.append(line)
            if wanted[0] in line:
                wanted.pop(0)

    await asyncio.wait_for(read(), EXIT_WITHIN)
    return "".join(seen)


def one_line(code: int, err: str, *needles: str) -> str:
    assert code == 1, err
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# -- a refused token ends the run at once ---------------------------------------------------------

async def test_socket_mode_with_a_refused_app_token_exits_with_one_line(
        tmp_path: Path, start: Start, slack: FakeSlack) -> None:
    cwd = write(tmp_path, slack_socket(slack.api_url), "C0123ABCD")
    proc = await start(cwd, SLACK_BOT_TOKEN=slack.token, SLACK_APP_TOKEN="xapp-bogus")
    line = one_line(*await finished(proc),
                    "workspaces[0].app_token: Slack refused the app token (invalid_auth)",
                    "connections:write")
    assert "socialops.yaml:2:" in line
    assert [c.method for c in slack.calls] == ["auth.test", "apps.connections.open"]
    assert slack.links == 0


async def test_socket_mode_with_both_tokens_bogus_names_both(tmp_path: Path, start: Start,
                                                              slack: FakeSlack) -> None:
    cwd = write(tmp_path, slack_socket(slack.api_url), "C0123ABCD")
    code, err = await finished(await start(cwd, SLACK_BOT_TOKEN="xoxb-bogus",
                                           SLACK_APP_TOKEN="xapp-bogus"))
    assert code == 1 and "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert "bot_token: Slack refused the token (invalid_auth)" in lines[0]
    assert "app_token: Slack refused the app token (invalid_auth)" in lines[1]


async def test_http_mode_with_a_refused_bot_token_exits_before_delivering(
        tmp_path: Path, start: Start, slack: FakeSlack) -> None:
    cwd = write(tmp_path, slack_http(slack.api_url), "C0123ABCD")
    # http mode needs an HTTP server; the refused token ends it before anything is bound
    proc = await start(cwd, SLACK_BOT_TOKEN="xoxb-bogus", PORT=str(free_port()))
    one_line(*await finished(proc),
             "workspaces[0].bot_token: Slack refused the token (invalid_auth); copy the Bot User "
             "OAuth Token")
    assert [c.method for c in slack.calls] == ["auth.test"], "nothing posted, nothing given up"


async def test_discord_with_a_refused_token_exits_with_one_line(
        tmp_path: Path, start: Start, discord: FakeDiscord) -> None:
    cwd = write(tmp_path, discord_ws(discord), discord.channel_id)
    code, err = await finished(await start(cwd, DISCORD_BOT_TOKEN="wrong"))
    one_line(code, err, "workspaces[0].token: Discord refused the bot token (401)")
    assert "Unclosed client session" not in err and "davey" not in err


async def test_a_mistake_in_the_rules_is_said_before_slack_is_asked(
        tmp_path: Path, start: Start, slack: FakeSlack) -> None:
    """The rules file is this machine's to fix: it is read before the tokens are checked, so
    its one line comes even with a token Slack would refuse, and Slack is never called."""
    cwd = write(tmp_path, slack_socket(slack.api_url), "C0123ABCD")
    with (cwd / "socialops.yaml").open("a", encoding="utf-8") as fh:
        fh.write("rules: rules.yaml\n")
    (cwd / "rules.yaml").write_text(
        "routes:\n  - name: support\n    match: {any: [broken]}\n    chanel: support\n")
    code, err = await finished(await start(cwd, SLACK_BOT_TOKEN="xoxb-bogus",
                                           SLACK_APP_TOKEN="xapp-bogus"))
    line = one_line(code, err, "rules.yaml:4:", "chanel")
    assert "refused" not in line
    assert slack.calls == []


async def test_sigterm_while_starting_is_a_clean_stop(tmp_path: Path, start: Start) -> None:
    """SIGTERM while `run` still starts (here: waiting on a Slack that took the connection and
    never answers auth.test), before its event loop takes signals over: it was killed by the
    signal (exit 143, what a supervisor reads as a crash); now the start is unwound, one line
    says so, and it exits 0."""
    asked = asyncio.Event()
    held: list[asyncio.StreamWriter] = []

    async def never_answers(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        asked.set()

    server = await asyncio.start_server(never_answers, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        cwd = write(tmp_path, slack_socket(f"http://127.0.0.1:{port}/api/"), "C0123ABCD")
        proc = await start(cwd, SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1")
        await asyncio.wait_for(asked.wait(), EXIT_WITHIN)  # in start-up: asking auth.test
        proc.send_signal(signal.SIGTERM)
        code, err = await finished(proc)
    finally:
        for writer in held:
            writer.close()
        server.close()
    assert code == 0, err
    assert "Traceback" not in err, err
    assert err.strip().endswith("stopped while starting (SIGTERM)"), err



async def test_sigterm_while_python_imports_the_modules_is_a_clean_stop(tmp_path: Path) -> None:
    """SIGTERM in the first instants of `socialops run` (as a supervisor starts it), while Python
    still imports the command's modules, before ``bot.app.cli`` could set a handler: it was
    killed by the signal (exit 143). The console script's entry sets the handler first. The
    signal is sent once pydantic's compiled core is loaded, which is midway through the imports."""
    cwd = write(tmp_path, slack_socket(closed_port_url()), "C0123ABCD")
    proc = await asyncio.create_subprocess_exec(
        SOCIALOPS, "run", "--no-stdin", cwd=cwd,
        env=clean_env(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1"),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    maps = Path(f"/proc/{proc.pid}/maps")
    try:
        while "pydantic_core" not in maps.read_text():
            await asyncio.sleep(0.001)
        proc.send_signal(signal.SIGTERM)
        code, err = await finished(proc)
    finally:
        if proc.returncode is None:
            proc.kill()
    assert code == 0, err
    assert err.strip() == "stopped while starting (SIGTERM)", err


def as_a_shell_starts_it() -> None:
    """In the child: Ctrl-C's signal as a shell gives a command it starts in the foreground
    (its default action, not blocked). A command inherits an ignored SIGINT, and Python then
    keeps ignoring it: a non-interactive shell starts a background job with SIGINT ignored
    (POSIX), so `.ci/run &` ran this test with the command deaf to it (run ran on, check ended
    0), where the same test passed in the foreground."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@pytest.mark.parametrize("command", ["run", "check"])
async def test_ctrl_c_while_python_imports_the_modules_is_a_quiet_stop(
        tmp_path: Path, command: str) -> None:
    """Ctrl-C in the first instants of a command, while Python still imports its modules (before
    ``bot.app.cli.main`` could take SIGINT over): a KeyboardInterrupt traceback of the import
    machinery, and death by the signal. Now it ends as a Ctrl-C once started does: exit 130,
    nothing said. Sent once pydantic's compiled core is loaded, midway through the imports."""
    cwd = write(tmp_path, slack_socket(closed_port_url()), "C0123ABCD")
    proc = await asyncio.create_subprocess_exec(
        SOCIALOPS, command, *(["--no-stdin"] if command == "run" else []), cwd=cwd,
        env=clean_env(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1"),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, preexec_fn=as_a_shell_starts_it)
    maps = Path(f"/proc/{proc.pid}/maps")
    try:
        while "pydantic_core" not in maps.read_text():
            await asyncio.sleep(0.001)
        proc.send_signal(signal.SIGINT)
        code, err = await finished(proc)
    finally:
        if proc.returncode is None:
            proc.kill()
    assert (code, err) == (130, ""), err


# The signal's exception as code we did not write treats it, raised where the importing stands:
# pydantic-core turns an interrupt raised while it builds a model's validator into a SchemaError
# (seen sending Ctrl-C 0.3 s into `socialops run`: a traceback and exit 1), and an exception raised
# in a finaliser is printed and dropped (`run` then ran on, deaf to the Ctrl-C: the timeout this
# file's Ctrl-C test once met in CI; later, with the stop noted, the SIGTERM test above failed CI on
# the "Exception ignored in: <function _get_module_lock.<locals>.cb ...>: StopWhileStarting" that
# Python printed before the one line). Sent, in the child, as a chosen module is found: one the
# command line imports with it, one its parser imports, one `run` imports once parsed.
AS_OTHERS_TREAT_IT = """
import importlib.abc, os, signal, sys
SIG, MODE, TARGET = signal.Signals[sys.argv[1]], sys.argv[2], sys.argv[3]
class Interrupting(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != TARGET:
            return None
        sys.meta_path.remove(self)
        if MODE == "finalise":
            Finalised()  # dropped at once: the handler runs in its finaliser
            return None
        try:
            signalled()
        except BaseException as exc:
            if MODE == "wrap":
                raise RuntimeError("Error building validator") from exc
        return None
def signalled():
    os.kill(os.getpid(), SIG)
    for _ in range(100_000):  # the handler runs here, between two byte codes
        pass
class Finalised:
    def __del__(self):
        signalled()
sys.meta_path.insert(0, Interrupting())
from bot.app.entry import main
sys.exit(main(sys.argv[4:]))
"""


@pytest.mark.parametrize(("sig", "mode", "module"), [
    ("SIGINT", "wrap", "bot.core.config"), ("SIGINT", "drop", "bot.core.config"),
    ("SIGINT", "wrap", "bot.app.init"), ("SIGINT", "drop", "bot.app.init"),
    ("SIGTERM", "wrap", "bot.core.config"), ("SIGTERM", "drop", "bot.core.config"),
    ("SIGTERM", "wrap", "bot.app.init"), ("SIGTERM", "drop", "bot.app.serve"),
    ("SIGINT", "finalise", "bot.core.config"), ("SIGTERM", "finalise", "bot.core.config"),
    ("SIGTERM", "finalise", "bot.app.serve"),
])
async def test_a_stop_signal_while_starting_stops_whatever_became_of_its_exception(
        tmp_path: Path, started: list[asyncio.subprocess.Process], sig: str, mode: str,
        module: str) -> None:
    cwd = write(tmp_path, slack_socket(closed_port_url()), "C0123ABCD")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", AS_OTHERS_TREAT_IT, sig, mode, module, "run", "--no-stdin",
        cwd=cwd, env=clean_env(PYTHONPATH=str(REPO), SLACK_BOT_TOKEN="xoxb-1",
                               SLACK_APP_TOKEN="xapp-1"),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, preexec_fn=as_a_shell_starts_it)
    started.append(proc)
    code, err = await finished(proc)
    if sig == "SIGINT":
        assert (code, err) == (130, ""), err
    else:
        assert code == 0 and "Traceback" not in err, err
        assert err.strip().endswith("stopped while starting (SIGTERM)"), err
        assert "Exception ignored" not in err and len(err.strip().splitlines()) == 1, err

# -- a connection that cannot be made: the bot runs, retries quietly, and stops on a signal -------

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_socket_mode_refusing_the_websocket_retries_and_stops_on_a_signal(
        tmp_path: Path, start: Start, slack: FakeSlack, sig: signal.Signals) -> None:
    slack.socket_open = False
    cwd = write(tmp_path, slack_socket(slack.api_url), "C0123ABCD")
    proc = await start(cwd, SLACK_BOT_TOKEN=slack.token, SLACK_APP_TOKEN=slack.app_token)
    seen = await read_until(proc, "socialops running", "Socket Mode not connected",
                            "Socket Mode not connected")
    proc.send_signal(sig)
    code, err = await finished(proc)
    assert code == 0, seen + err
    out = seen + err
    assert "Traceback" not in out and "stopped" in out
    retries = [line for line in out.splitlines() if "Socket Mode not connected" in line]
    assert retries and all(" WARNING " in line for line in retries), out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_slack_unreachable_at_start_runs_everything_else_and_stops_on_a_signal(
        tmp_path: Path, start: Start, sig: signal.Signals) -> None:
    cwd = write(tmp_path, slack_socket(closed_port_url()), "C0123ABCD")
    proc = await start(cwd, SLACK_BOT_TOKEN="xoxb-bogus", SLACK_APP_TOKEN="xapp-bogus")
    seen = await read_until(proc, "starting anyway", "socialops running",
                            "Socket Mode not connected")
    assert "cannot reach" in seen
    proc.send_signal(sig)
    code, err = await finished(proc)
    assert code == 0 and "Traceback" not in seen + err, seen + err


async def test_a_worker_with_slack_unreachable_says_what_it_does_not_a_connection(
        tmp_path: Path, started: list[asyncio.subprocess.Process]) -> None:
    """``--role worker`` opens no chat connection (the web process answers chat): its start
    line said "the connection is retried in the background", of a connection it never
    holds. It says what the worker does: the outbox keeps the cards and retries them."""
    cwd = write(tmp_path, slack_http(closed_port_url()), "C0123ABCD")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.app.cli", "run", "--no-stdin", "--role", "worker", cwd=cwd,
        env=clean_env(PYTHONPATH=str(REPO), SLACK_BOT_TOKEN="xoxb-bogus"),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    started.append(proc)
    seen = await read_until(proc, "starting anyway", "socialops running")
    proc.send_signal(signal.SIGTERM)
    code, err = await finished(proc)
    assert code == 0 and "Traceback" not in seen + err, seen + err
    [line] = [x for x in seen.splitlines() if "starting anyway" in x]
    assert "cannot reach" in line and "is retried in the background" not in line, line
    assert line.endswith("starting anyway: the outbox keeps each card and retries it with "
                         "backoff (given up after outbox.give_up_after_minutes); this process "
                         "(--role worker) opens no chat connection, the web process answers "
                         "chat"), line


async def test_discord_unreachable_at_start_retries_login_and_stops_on_sigterm(
        tmp_path: Path, start: Start, discord: FakeDiscord) -> None:
    cwd = write(tmp_path, discord_ws(discord, api_url=closed_port_url() + "v10"),
                discord.channel_id)
    proc = await start(cwd, DISCORD_BOT_TOKEN="discord-bot-token")
    seen = await read_until(proc, "socialops running", "cannot log in", "cannot log in")
    proc.send_signal(signal.SIGTERM)
    code, err = await finished(proc)
    out = seen + err
    assert code == 0, out
    for noise in ("Traceback", "Unclosed client session", "davey is not installed"):
        assert noise not in out, out


# -- and when it works -----------------------------------------------------------------------------

async def test_socket_mode_connects_and_stops_on_sigterm(tmp_path: Path, start: Start,
                                                         slack: FakeSlack) -> None:
    cwd = write(tmp_path, slack_socket(slack.api_url), "C0123ABCD")
    proc = await start(cwd, SLACK_BOT_TOKEN=slack.token, SLACK_APP_TOKEN=slack.app_token)
    seen = await read_until(proc, "connected over Socket Mode")
    assert slack.links == 1
    proc.send_signal(signal.SIGTERM)
    code, err = await finished(proc)
    assert code == 0 and "Traceback" not in seen + err, seen + err
