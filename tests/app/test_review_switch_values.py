"""A switch (``Flag``) written as a list or a map is a user error of one line, and one a
person can read: the value it names is cut as every other value in a one-line error is
(``quoted_cut``, 40 characters). A switch given a list of 2,000 words was one line of
108,091 characters, the file's whole list repeated back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.check import run_check

HEAD = """\
workspaces: [{name: console, type: console}]
channels: {support: {workspace: console, id: support}}
"""


@pytest.mark.parametrize("value", [
    "[" + ", ".join(["acme-billing-and-orders-team"] * 2_000) + "]",
    "{" + ", ".join(f"k{i}: v" for i in range(2_000)) + "}",
])
async def test_a_switch_written_as_a_long_list_is_one_short_line(tmp_path: Path,
                                                                value: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"logging:\n  json: {value}\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    lines = err.getvalue().splitlines()
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:4: logging.json: "), lines[0][:200]
    assert "write true or false" in lines[0], lines[0][-200:]
    assert len(lines[0]) < len(str(path)) + 200, len(lines[0])
