"""``socialops check`` on a Discord id with a leading zero, or of 20 digits above 2^63-1, the
largest Discord takes (it refuses a larger one with 50035 NUMBER_TYPE_MAX,
discord/discord-api-docs#3733): such a channel, person or role id passed as "a number of 17
to 20 digits", and every card sent with it was refused
(tests/integrations/discord/test_review_big_snowflakes.py). One line says it is no Discord id
and where to copy it again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli_support import Cli
from tests.app.test_review_newcomer_ids import CHANNEL, CONFIG, ROLE, RULES, USER, check

BIG = "18446744073709551615"


@pytest.mark.parametrize(("old", "kind", "where"), [
    (f'id: "{CHANNEL}"', "channel", "Developer Mode -> right-click the channel -> Copy Channel ID"),
    (f'discord: "{USER}"', "user", "Developer Mode -> right-click the user -> Copy User ID"),
    (f'discord: "{ROLE}"', "role", "Developer Mode -> Server Settings -> Roles -> right-click "
                                   "the role -> Copy Role ID"),
])
def test_an_id_above_what_discord_takes_is_refused_in_one_line(
        tmp_path: Path, cli: Cli, old: str, kind: str, where: str) -> None:
    new = old.split('"', maxsplit=1)[0] + f'"{BIG}"'
    assert check(tmp_path, cli, old, new) == [
        f"'{BIG}' is not a Discord {kind} id: it is above 9223372036854775807, the largest "
        f"Discord takes; copy it again ({where})"]


@pytest.mark.parametrize(("old", "kind", "where"), [
    (f'discord: "{USER}"', "user", "Developer Mode -> right-click the user -> Copy User ID"),
    (f'discord: "{ROLE}"', "role", "Developer Mode -> Server Settings -> Roles -> right-click "
                                   "the role -> Copy Role ID"),
])
def test_an_id_with_a_leading_zero_is_refused_in_one_line(
        tmp_path: Path, cli: Cli, old: str, kind: str, where: str) -> None:
    """Discord sends a member's id as it writes it: "0456…" was never the person clicking
    "456…", so their every click was answered as from someone not linked."""
    value = "0" + old.split('"')[1][1:]
    new = old.split('"', maxsplit=1)[0] + f'"{value}"'
    assert check(tmp_path, cli, old, new) == [
        f"'{value}' is not a Discord {kind} id: Discord writes no id with a leading 0; copy it "
        f"again ({where})"]


def test_the_largest_id_discord_takes_passes(tmp_path: Path, cli: Cli) -> None:
    top = "9223372036854775807"
    (tmp_path / "socialops.yaml").write_text(CONFIG.replace(USER, top))
    (tmp_path / "rules.yaml").write_text(RULES)
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
