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
