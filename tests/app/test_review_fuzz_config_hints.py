"""Hostile values in the keys today's hints read (a fuzzing review, 2026-12-06): a Discord id,
a Mastodon ``base_url``, a Bluesky ``handle``, ``digests.at``. Each is one line naming the
file, the line and the field, never a traceback, never a line as long as the value.

``digests.at: 0900`` (or ``1730``), a 24-hour time written without its colon, is an integer
to YAML (900): it was told "'900' is not a time of day; write HH:MM, e.g. "09:00"", a value
the person never wrote and an example unrelated to it. Now the time meant, with its colon.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli_support import Cli
from tests.app.test_review_newcomer_ids import CONFIG, RULES

LONG = "b" * 100_000


def _check(tmp_path: Path, cli: Cli, config: str) -> list[str]:
    (tmp_path / "socialops.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES)
    proc = cli("check", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, proc.stdout
    return proc.stderr.splitlines()[:-1]  # the count line last


@pytest.mark.parametrize(("old", "new", "where"), [
    ('id: "345678901234567890"', f'id: "<#{"1" * 100_000}>"', "17: channels.support.id"),
    ('id: "345678901234567890"', 'id: "\\u202e<#345678901234567890>\\u2066"',
     "17: channels.support.id"),
    ('discord: "567890123456789012"', 'discord: "<@&567890123456789012>\\r\\x1b[2J"',
     "21: groups.support.discord"),
    ("base_url: https://mastodon.social", f'base_url: "https://mastodon.social/@{LONG}"',
     "4: sources[0].base_url"),
    ("base_url: https://mastodon.social",
     f'base_url: "https://mastodon.social/tags/%0A%E2%80%AE{LONG}"', "4: sources[0].base_url"),
    ("handle: acme.bsky.social", f'handle: "@{LONG}"', "8: sources[1].handle"),
    ("handle: acme.bsky.social", 'handle: "acme.bsky.social\\u202e"', "8: sources[1].handle"),
], ids=["long-mention", "bidi-mention", "controls-role", "long-account-page",
        "controls-tag-page", "long-handle", "rlo-handle"])
def test_a_hostile_value_is_one_short_line_naming_its_field(
        tmp_path: Path, cli: Cli, old: str, new: str, where: str) -> None:
    assert old in CONFIG
    lines = _check(tmp_path, cli, CONFIG.replace(old, new, 1))
    assert lines and lines[0].startswith(f"socialops.yaml:{where}: "), lines[0][:300]
    for line in lines:
        assert len(line) < 1000 and line.isprintable(), line[:300]


@pytest.mark.parametrize(("written", "meant"), [
    ("0900", "09:00"), ("900", "09:00"), ("1730", "17:30"), ("0000", "00:00"),
    ('"2359"', "23:59")])
def test_a_digest_time_without_its_colon_says_the_time_meant(
        tmp_path: Path, cli: Cli, written: str, meant: str) -> None:
    lines = _check(tmp_path, cli, CONFIG + f"digests:\n  at: {written}\n")
    assert len(lines) == 1 and lines[0].startswith("socialops.yaml:24: digests.at: "), lines
    assert lines[0].endswith(f'write HH:MM, with its colon: "{meant}"'), lines


@pytest.mark.parametrize("written", ["2400", "0960", "12345", "-900", "9.30", ".inf"])
def test_a_number_of_no_time_keeps_its_example(tmp_path: Path, cli: Cli,
                                               written: str) -> None:
    lines = _check(tmp_path, cli, CONFIG + f"digests:\n  at: {written}\n")
    assert len(lines) == 1 and lines[0].startswith("socialops.yaml:24: digests.at: "), lines
    assert "with its colon" not in lines[0], lines


@pytest.mark.parametrize(("written", "said"), [
    ("acme.bsky.social\\u200b", "U+200B (zero width space) at character 17"),
    ("\\ufeffacme.bsky.social", "U+FEFF (zero width no-break space) at character 1"),
    ("acme.bsky.social\\u202e", "U+202E (right-to-left override) at character 17"),
    ("acme bsky.social", "U+0020 (a space) at character 5"),
])
def test_a_handle_holding_an_invisible_character_is_named(
        tmp_path: Path, cli: Cli, written: str, said: str) -> None:
    """A handle is ASCII (atproto.com/specs/handle: "The overall handle must contain only
    ASCII characters"); a login a PDS reads otherwise (a DID, an email) holds no space nor an
    invisible character. Pasted with one, every session was refused while check said OK."""
    lines = _check(tmp_path, cli, CONFIG.replace("handle: acme.bsky.social",
                                                 f'handle: "{written}"', 1))
    assert lines == [f"socialops.yaml:8: sources[1].handle: holds {said}, which no handle has "
                     "(a handle is ASCII letters, digits, hyphens and dots); write it without "
                     "it"], lines


def test_an_app_password_pasted_with_an_invisible_character_is_still_named(
        tmp_path: Path, cli: Cli) -> None:
    lines = _check(tmp_path, cli, CONFIG.replace("handle: acme.bsky.social",
                                                 'handle: "abcd-efgh-ijkl-mnop\\u200b"', 1))
    assert len(lines) == 1 and "holds an app password" in lines[0], lines
    assert "abcd" not in lines[0]
