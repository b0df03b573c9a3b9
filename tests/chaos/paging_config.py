"""The configuration the paging chaos tests run ``tests.chaos.paging`` on (and the poison
tests their feed): one polled source, one route to the console's ``alerts`` (its records the
test reads), spikes off and the outbox's pacing lifted, on the store the test names."""

from __future__ import annotations

from pathlib import Path


def paging_config(tmp: Path, source: str, route: tuple[str, str], store: str,
                  more: str = "") -> Path:
    """``tmp/socialops.yaml`` of ``source`` (its flow mapping, one YAML line or more, under
    ``sources:``) and a route (its name, the word it matches) to ``alerts``; ``more``: lines
    to add at the end."""
    (tmp / "rules.yaml").write_text(
        f"routes:\n  - name: {route[0]}\n    match: {{any: [{route[1]}]}}\n    channel: alerts\n",
        encoding="utf-8")
    path = tmp / "socialops.yaml"
    path.write_text(f"""\
sources:
  - {source}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  ops: {{workspace: console, id: ops}}
ops_channel: ops
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
outbox: {{per_channel_per_second: 1000}}
{more}""", encoding="utf-8")
    return path
