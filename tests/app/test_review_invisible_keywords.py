"""Review (rv_cr2): a search or stream keyword of invisible characters only is as empty as "".

`stream_keywords: ["\\u200b"]` (a zero-width space left by a copy from a web page, a soft
hyphen, a variation selector) passed check: `blank_problems` asked only `str.strip`, which keeps
them, while the prefilter reads keywords folded (`bot.core.text.fold` drops them), found no
keyword left, built no automaton and let every post of the Bluesky firehose through, which is
what refusing `''` was for."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.check import run_check
from bot.core.prefilter import KeywordFilter

HEAD = """\
workspaces: [{name: console, type: console}]
channels: {support: {workspace: console, id: support}}
"""


async def check(path: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    return code, [line for line in err.getvalue().splitlines() if ": warning: " not in line]


@pytest.mark.parametrize("invisible", ["\\u200b", "\\u00ad", "\\ufe0f", "\\u2060\\u200d"])
@pytest.mark.parametrize(("source", "field"), [
    ("{id: b, type: bluesky, queries: [acme], stream: true, stream_keywords: [\"%s\"]}",
     "stream_keywords[0]"),
    ("{id: h, type: hackernews, queries: [acme, \"%s\"]}", "queries[1]"),
])
async def test_a_keyword_of_invisible_characters_only_is_refused(
        tmp_path: Path, invisible: str, source: str, field: str) -> None:
    keyword = invisible.encode().decode("unicode_escape")
    # what the prefilter makes of it: no keyword, every post through
    assert KeywordFilter([keyword])("a post about anything else") is True
    path = tmp_path / "socialops.yaml"
    path.write_text(f"sources:\n  - {source % invisible}\n" + HEAD, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:2: sources[0].{field}: "), lines
    assert "invisible" in lines[0] and "U+" in lines[0], lines


async def test_a_keyword_with_a_visible_word_beside_an_invisible_one_is_taken(
        tmp_path: Path) -> None:
    """A guard: "acme\\u200b" folds to "acme" and is a keyword; an emoji keyword stays one."""
    path = tmp_path / "socialops.yaml"
    path.write_text("sources:\n  - {id: b, type: bluesky, queries: [acme], stream: true, "
                    "stream_keywords: [\"acme\\u200b\", \"\\U0001F642\"]}\n" + HEAD,
                    encoding="utf-8")
    code, lines = await check(path)
    assert code == 0, lines
