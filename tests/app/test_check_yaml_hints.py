"""The hints `socialops check` adds to a YAML error (070ecde) hold only where they are true: an
alias used on purpose, misspelt, is not called a star keyword; a value whose apostrophe is
written twice, as YAML asks, is not told to write it twice. (review of 070ecde)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.test_check_followons import CONFIG, check

MISSPELT_ALIAS = """\
routes:
  - name: brand
    channel: support
    match: &brand {any: [acme, globex]}
  - name: brand-eu
    channel: support
    match: *brnad
"""


async def test_a_misspelt_alias_in_a_file_with_anchors_names_them_not_keywords(
        tmp_path: Path) -> None:
    code, lines = await check(tmp_path, CONFIG, MISSPELT_ALIAS)
    assert code == 1
    assert lines[:-1] == [
        "rules.yaml:7: an alias (*name) that no anchor (&name) above defines; the anchors "
        "above: &brand"], lines


@pytest.mark.parametrize(("rules", "said"), [
    # the apostrophe written twice, as YAML asks: the mistake is the } where ] belongs
    ("routes:\n  - {name: d, channel: support, match: {any: [acme, 'c''est nul'}}\n",
     "rules.yaml:2: invalid YAML: expected ',' or ']', but got '}'"),
    # two quoted values without a comma between them
    ("routes:\n  - {name: d, channel: support, match: {any: ['acme' 'globex']}}\n",
     "rules.yaml:2: invalid YAML: expected ',' or ']', but got '<scalar>'"),
    # an apostrophe inside a value quoted with ": nothing to double
    ("routes:\n  - {name: d, channel: support, match: {any: [\"it's down\", 'acme' x']}}\n",
     "rules.yaml:2: invalid YAML: expected ',' or ']', but got '<scalar>'"),
])
async def test_no_apostrophe_hint_where_no_apostrophe_ended_a_value(
        tmp_path: Path, rules: str, said: str) -> None:
    code, lines = await check(tmp_path, CONFIG, rules)
    assert code == 1
    assert lines[:-1] == [said], lines


@pytest.mark.parametrize("http", ["http:\n  host: ::\n", "http: {host: ::, port: 8080}\n"])
async def test_an_ipv6_host_written_bare_is_told_to_be_quoted(tmp_path: Path,
                                                               http: str) -> None:
    """docs/operations.md says to set `::` (every IPv6 interface) on an IPv6-only cluster;
    written bare, YAML reads its ':' as a key's, and check said "either this line is indented
    deeper than the key above it, or a value containing ': ' needs quotes" (or, in { }, "invalid
    YAML: expected the node content, but found ':'"), naming neither the value nor the fix."""
    code, lines = await check(tmp_path, CONFIG + http, "routes: []\n")
    assert code == 1
    assert len(lines) == 2 and lines[0].startswith("socialops.yaml:"), lines
    assert lines[0].endswith("a value that starts with ':' (an IPv6 address such as ::) "
                             "needs quotes: write \"::\""), lines
