"""The time-zone database socialops reads its zones from (zoneinfo) is the host's, which a
Windows machine, an Alpine or distroless container and many slim images do not have: there
every zone, ``UTC`` too, was "not a time zone" (``'Europe/Berlin' is not a time zone; use a
name such as UTC or Europe/Berlin``), so ``check`` refused a right config and ``run`` with it.
socialops installs the ``tzdata`` package, which zoneinfo reads when the host has none."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.app.cli_support import SOCIALOPS, clean_env

CONFIG = """\
workspaces: [{name: console, type: console, timezone: Europe/Berlin}]
channels:
  support: {workspace: console, id: support}
people: [{id: alice}, {id: bob}]
schedules:
  - {name: primary, people: [alice, bob], start: 2026-11-02T09:00, shift: 1w,
     timezone: Australia/Lord_Howe}
  - {name: night, people: [bob], start: 2026-11-02T21:00, shift: 1d}
digests: {at: "08:30", timezone: Asia/Kathmandu}
"""


def test_check_reads_its_zones_on_a_host_without_a_zone_database(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    # PYTHONTZPATH empty: zoneinfo looks in no folder of the host, as where there is none
    proc = subprocess.run([SOCIALOPS, "check"], cwd=tmp_path, capture_output=True, text=True,
                          env=clean_env(PYTHONTZPATH=""), timeout=120, check=False,
                          stdin=subprocess.DEVNULL)
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stdout + proc.stderr


def test_check_says_a_zone_folder_is_no_zone(tmp_path: Path) -> None:
    """`timezone: Asia` (a folder of the zone database, here the tzdata package's) was a
    traceback (IsADirectoryError); now check's one line at the key, exit 1."""
    (tmp_path / "socialops.yaml").write_text(CONFIG.replace("Asia/Kathmandu", "Asia"),
                                             encoding="utf-8")
    proc = subprocess.run([SOCIALOPS, "check"], cwd=tmp_path, capture_output=True, text=True,
                          env=clean_env(PYTHONTZPATH=""), timeout=120, check=False,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "digests.timezone: 'Asia' is not a time zone" in proc.stderr, proc.stderr
