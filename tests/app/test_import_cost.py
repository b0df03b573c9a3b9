"""What a process pays before it does anything: every test that starts a process, the chaos
suite's crash boundaries and every `socialops` command import the app. aiohttp (and yarl,
multidict, its parsers: about 0.15 s a process here) is imported where a server or a Slack or
Discord client is made, not by the app's composition root."""

from __future__ import annotations

import subprocess
import sys

from tests.app.cli_support import REPO, clean_env


def test_composing_the_app_imports_no_http_server() -> None:
    probe = "import sys, bot.app.compose; print(sorted(m for m in sys.modules if m == 'aiohttp'))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=clean_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", "bot.app.compose imports aiohttp again"


def test_a_run_on_sqlite_imports_no_redis_server_or_model_until_it_needs_them() -> None:
    # 8d0222f: `socialops run` imports aiohttp only when it serves HTTP and redis only when its
    # store is Redis; 85c9b0b: numpy and the text model load at the first prediction (App.start
    # warms them before anything routes). A top-level import put back would undo either quietly.
    probe = ("import sys, bot.app.serve, bot.app.compose, bot.enrich, bot.store; "
             "print(sorted(m for m in ('aiohttp', 'redis', 'numpy', 'bot.enrich.model') "
             "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=clean_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", f"imported at start: {done.stdout.strip()}"
