"""A crash's traceback (a bug: README, "Anything else is a bug and prints its traceback") is
redacted as every log line is: the config's secrets, tokens and URL passwords. It went to
stderr through Python's own hook, past the log handler's redactor, so an exception whose
message held a secret (a URL with its token, a request's body) printed it, though the docs say
tokens are never logged (tried by a newcomer whose `socialops run` crashed with a Slack
workspace configured; the crash here is raised on purpose, in a real process, after the config
is loaded)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.app.cli_support import clean_env, socialops

SIGNING = "0123456789abcdef0123456789abcdef"
TOKEN = "xoxb-111-222-SeCrEtBotToken"
CRASH = f"""
import sys
import bot.app.cli as cli
from bot.app.entry import main

def crash(args):
    raise RuntimeError("boom: token {TOKEN} signing {SIGNING} "
                       "redis://:pw-in-url@127.0.0.1:6379/0")

def dispatch(args):
    cli._load(args)  # the config read, its secrets known to the log handler
    crash(args)
cli._dispatch = dispatch
sys.argv = ["socialops", "check"]
sys.exit(main())
"""


def run_with_slack_secrets(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    """``script`` run by Python in a project made by ``socialops init`` with a Slack workspace
    whose token and signing secret come from the environment: what it printed."""
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace(
        "  - {name: console, type: console}   # cards are printed in this terminal\n",
        "  - {name: console, type: console}   # cards are printed in this terminal\n"
        '  - {name: acme, type: slack, mode: socket, bot_token: "${SLACK_BOT_TOKEN}", '
        'app_token: "${SLACK_APP_TOKEN}", signing_secret: "${SLACK_SIGNING_SECRET}"}\n'))
    env = clean_env(SLACK_BOT_TOKEN=TOKEN, SLACK_APP_TOKEN="xapp-1-A1-2-AppLevelToken",
                    SLACK_SIGNING_SECRET=SIGNING)
    return subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_crash_prints_its_traceback_redacted(tmp_path: Path) -> None:
    proc = run_with_slack_secrets(tmp_path, CRASH)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback (most recent call last):" in proc.stderr, proc.stderr
    assert "RuntimeError: boom: token [REDACTED] signing [REDACTED]" in proc.stderr, proc.stderr
    for secret in (TOKEN, SIGNING, "pw-in-url"):
        assert secret not in proc.stderr, proc.stderr


THREAD_AND_WARNING = f"""
import sys, threading, warnings
import bot.app.cli as cli
from bot.app.entry import main

def dispatch(args):
    cli._load(args)  # the config read, its secrets known to the log handler
    # a library's thread (a language model's, an executor's) dying, and a library's warning,
    # each quoting a secret: Python prints both itself, past the log handler
    def dies():
        raise RuntimeError("thread boom: token {TOKEN} signing {SIGNING}")
    thread = threading.Thread(target=dies, name="lingua")
    thread.start()
    thread.join()
    warnings.warn("retrying https://discord.com/api/webhooks/1/HookSecretInWarning "
                  "redis://:pw-in-warning@127.0.0.1:6379/0 signing {SIGNING}")
    return 0
cli._dispatch = dispatch
sys.argv = ["socialops", "check"]
sys.exit(main())
"""


def test_a_thread_crash_and_a_warning_print_redacted(tmp_path: Path) -> None:
    """Python prints a thread's uncaught exception (``threading.excepthook``) and a warning
    (``warnings.showwarning``) to stderr itself, past the log handler's redactor: both said a
    secret in their message as it was."""
    proc = run_with_slack_secrets(tmp_path, THREAD_AND_WARNING)
    assert "thread boom: token [REDACTED] signing [REDACTED]" in proc.stderr, proc.stderr
    assert "lingua" in proc.stderr and "Traceback" in proc.stderr, proc.stderr
    assert "UserWarning: retrying https://discord.com/api/webhooks/1/[REDACTED]" in (
        proc.stderr), proc.stderr
    for secret in (TOKEN, SIGNING, "HookSecretInWarning", "pw-in-warning"):
        assert secret not in proc.stderr, proc.stderr


UNRAISABLE = f"""
import gc, sys
import bot.app.cli as cli
from bot.app.entry import main

class Client:
    # a library's object whose finaliser fails, quoting its secrets (Python says it as
    # "Exception ignored in: ..." and goes on)
    def __del__(self):
        raise RuntimeError("closing https://hooks.slack.com/services/T1/B2/HookSecretInDel "
                           "token {TOKEN}\\nsigning {SIGNING}")

async def stream():
    try:
        yield 1
    finally:
        raise RuntimeError("finaliser boom redis://:pw-in-agen@127.0.0.1:6379/0")

def dispatch(args):
    cli._load(args)  # the config read, its secrets known to the log handler
    Client()
    gen = stream()
    try:
        gen.asend(None).send(None)
    except StopIteration:
        pass
    del gen  # an async generator closed by the collector: its finally raises
    gc.collect()
    return 0
cli._dispatch = dispatch
sys.argv = ["socialops", "check"]
sys.exit(main())
"""


def test_an_exception_ignored_in_a_finaliser_is_one_redacted_line(tmp_path: Path) -> None:
    """Python prints an exception it cannot raise (a ``__del__``'s, an async generator's
    finaliser's) itself through ``sys.unraisablehook``, as "Exception ignored in: ..." and a
    traceback, past the log handler's redactor: a secret in its message was printed as it
    was. Now it is one line each, redacted as a crash's traceback is."""
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace(
        "  - {name: console, type: console}   # cards are printed in this terminal\n",
        "  - {name: console, type: console}   # cards are printed in this terminal\n"
        '  - {name: acme, type: slack, mode: socket, bot_token: "${SLACK_BOT_TOKEN}", '
        'app_token: "${SLACK_APP_TOKEN}", signing_secret: "${SLACK_SIGNING_SECRET}"}\n'))
    env = clean_env(SLACK_BOT_TOKEN=TOKEN, SLACK_APP_TOKEN="xapp-1-A1-2-AppLevelToken",
                    SLACK_SIGNING_SECRET=SIGNING)
    proc = subprocess.run([sys.executable, "-c", UNRAISABLE], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    for secret in (TOKEN, SIGNING, "HookSecretInDel", "pw-in-agen"):
        assert secret not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "Exception ignored" in line]
    assert len(lines) == 2, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert any("Client.__del__" in line and "RuntimeError: closing https://hooks.slack.com/"
               "services/[REDACTED] token [REDACTED]\\nsigning [REDACTED]" in line
               for line in lines), lines
    assert any("RuntimeError: finaliser boom redis://:[REDACTED]@127.0.0.1" in line
               for line in lines), lines


IMPORT_WARNING = """
import sys, warnings

class Warns:
    # a library warning as the command's modules are imported (a deprecation it shows, a
    # missing optional dependency), quoting a URL with its secrets: before the config is read
    def find_spec(self, name, path=None, target=None):
        if name == "bot.app.cli":
            warnings.warn("retrying https://discord.com/api/webhooks/1/HookSecretAtImport "
                          "redis://:pw-at-import@127.0.0.1:6379/0 xoxb-111-222-ImportToken")
        return None

sys.meta_path.insert(0, Warns())
from bot.app.entry import main
sys.argv = ["socialops", "--version"]
sys.exit(main())
"""


def test_a_warning_while_the_command_is_imported_is_redacted(tmp_path: Path) -> None:
    """The hooks were set once ``bot.app.cli`` was imported: a warning raised while its
    modules were imported (a library's, at import) was printed by Python as it was. The config
    is not read yet, so the rules alone apply (tokens, webhook URLs, URL passwords)."""
    proc = subprocess.run([sys.executable, "-c", IMPORT_WARNING], cwd=tmp_path,
                          env=clean_env(), capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert "UserWarning: retrying https://discord.com/api/webhooks/1/[REDACTED]" in (
        proc.stderr), proc.stderr
    for secret in ("HookSecretAtImport", "pw-at-import", "ImportToken"):
        assert secret not in proc.stderr, proc.stderr
