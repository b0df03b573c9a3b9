"""`socialops run` freezes what start-up built before any chat connection opens, so a full
garbage collection walks only what came later (with 100,000 subscriptions it walked 866,568
objects, 320 ms with the event loop standing still; ``benchmarks/loop_stalls.py``).
A real process; ``_connect_chat`` is replaced (the last inch) to look at the collector at the
moment chat would connect."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.app.cli_support import clean_env

ROOT = Path(__file__).parents[2]
DRIVER = """
import gc, sys
from bot.app import serve
from bot.app.cli import main

async def connect(chats, extra, **_):
    print("frozen", gc.get_freeze_count(), "tracked", len(gc.get_objects()), flush=True)
    raise SystemExit(0)

serve._connect_chat = connect
sys.exit(main(["run", "--config", sys.argv[1], "--no-stdin"]))
"""


def test_run_freezes_start_up_before_chat_connects(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: support, match: {any: [broken]}, channel: support}\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"""\
workspaces: [{{name: console, type: console}}]
channels: {{support: {{workspace: console, id: support}}}}
rules: rules.yaml
store: {{backend: sqlite, path: {tmp_path / "s.db"}}}
""")
    out = subprocess.run([sys.executable, "-c", DRIVER, str(cfg)], check=False, capture_output=True,
                         text=True, cwd=ROOT, env=clean_env(), timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    words = out.stdout.split()
    frozen, tracked = int(words[words.index("frozen") + 1]), int(words[words.index("tracked") + 1])
    # modules, models, rules and the store: all frozen; what the collector still watches is
    # only what the run made after start-up
    assert frozen > 50_000, out.stdout
    assert tracked < frozen // 20, out.stdout
