"""The JSON log's context fields as docs/operations.md names them (`source`, `route`,
`ticket`, `channel`, counts), read from a real `socialops run --json-logs` whose Slack cannot
be reached: each delivery failure line is what a log collector filters by ticket or route.
Before, no line carried `route` or `ticket` at all (a delivery's line said `delivery of T-3@C0...
failed` with only `channel` and `workspace`), so `ticket="T-3"` found nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.app.cli_support import SOCIALOPS, clean_env, socialops
from tests.support.redis_server import free_port

FIELDS = ("ticket", "route", "channel", "workspace")


def failed_deliveries(tmp_path: Path) -> list[dict[str, Any]]:
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    text = cfg.read_text()
    text = text.replace("  - {name: console, type: console}   # cards are printed in this terminal",
                        "  - {name: acme, type: slack, mode: socket, bot_token: xoxb-1-x, "
                        "app_token: xapp-1-x, "
                        f"api_url: 'http://127.0.0.1:{free_port()}/api/'}}")
    for name, cid in (("support", "C0SUPPORT1"), ("approvals", "C0APPROVE1"),
                      ("ops", "C0OPS00001")):
        text = text.replace(f'workspace: console, id: "{name}"', f"workspace: acme, id: {cid}")
    text = text.replace('{console: "me"}', "{acme: U0AAAAAAA}").replace(
        '{console: "reviewer"}', "{acme: U0BBBBBBB}")
    cfg.write_text(text)
    # the sample's ticket route alone: a channel's cards go in order, the first one retried
    (tmp_path / "rules.yaml").write_text(
        'brands:\n  ours: ["acme", "acmecloud"]\nroutes:\n  - name: support\n'
        "    match: {brand: [ours], intent: [complaint, question]}\n    action: ticket\n"
        "    channel: support\n    sla: 1h\n    escalation: support-default\n")
    proc = subprocess.Popen([SOCIALOPS, "run", "--json-logs", "--no-stdin"], cwd=tmp_path,
                            env=clean_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    lines: list[dict[str, Any]] = []
    seen: list[str] = []
    deadline = time.monotonic() + 90
    try:
        for raw in proc.stderr:
            seen.append(raw)
            if not raw.startswith("{"):
                continue
            record = json.loads(raw)
            if record["msg"].startswith("delivery of T-"):
                lines.append(record)
            if len(lines) >= 2 or time.monotonic() > deadline:
                break
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    assert lines, "".join(seen)[-3000:]
    return lines


def test_a_ticket_cards_delivery_failure_names_its_ticket_and_route(tmp_path: Path) -> None:
    for line in failed_deliveries(tmp_path):
        ticket = line["msg"].removeprefix("delivery of ").split("@")[0]
        assert {k: line.get(k) for k in FIELDS} == {
            "ticket": ticket, "route": "support", "channel": "C0SUPPORT1",
            "workspace": "acme"}, line
