"""Config loading: every error names the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.errors import ConfigError

GOOD = """\
sources:
  - id: brand
    type: mastodon
    base_url: https://social.example.gov
    token: ${MASTODON_TOKEN}
    hashtags: [acme]
workspaces:
  - name: console
    type: console
channels:
  support: {workspace: console, id: support}
people:
  - {id: alice, role: agent, identities: {console: alice}}
approvals:
  channel: support
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "socialops.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_valid_config_substitutes_environment(tmp_path: Path) -> None:
    loaded = load_config(write(tmp_path, GOOD), env={"MASTODON_TOKEN": "tok-123"})
    src = loaded.config.source("brand")
    assert src.type == "mastodon"
    assert src.token == "tok-123"
    assert src.base_url == "https://social.example.gov"


def test_default_after_colon_dash(tmp_path: Path) -> None:
    text = GOOD.replace("${MASTODON_TOKEN}", "${MASTODON_TOKEN:-fallback}")
    loaded = load_config(write(tmp_path, text), env={})
    assert loaded.config.source("brand").token == "fallback"


@pytest.mark.parametrize(
    ("edit", "line", "field", "message"),
    [
        (("hashtags: [acme]", "hashtagz: [acme]"), 6, "sources[0].hashtagz", "unknown field"),
        (("type: mastodon", "type: myspace"), 3, "sources[0].type",
         "unknown source type 'myspace' (known: bluesky, hackernews, mastodon, reddit, replay, "
         "rss, x)"),
        (("id: support}", "id: support, colour: red}"), 11, "channels.support.colour",
         "unknown field"),
        (("role: agent", "role: boss"), 13, "people[0].role",
         "'boss' is not one of: agent, lead, approver or admin"),
        (("channel: support", "channel: nowhere"), 15, "approvals.channel", "unknown channel"),
        (("{workspace: console", "{workspace: slack"), 11, "channels.support.workspace",
         "unknown workspace"),
    ],
)
def test_errors_name_file_line_and_field(tmp_path: Path, edit: tuple[str, str], line: int,
                                         field: str, message: str) -> None:
    path = write(tmp_path, GOOD.replace(*edit))
    with pytest.raises(ConfigError) as info:
        load_config(path, env={"MASTODON_TOKEN": "x"})
    err = info.value
    assert err.file == str(path)
    assert err.line == line
    assert err.field == field
    assert message in str(err)
    assert str(err).startswith(f"{path}:{line}: {field}: ")


def test_missing_environment_variable_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, GOOD), env={})
    assert info.value.line == 5
    assert info.value.field == "sources[0].token"
    assert "MASTODON_TOKEN is not set" in str(info.value)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "sources:\n  - id: [unclosed\n"), env={})
    assert info.value.line == 2  # where the [ was opened, not where the file ends
    assert "a [ ] list opened here is never closed" in str(info.value)


def test_duplicate_source_ids_are_refused(tmp_path: Path) -> None:
    text = GOOD + "  - {id: bob, role: agent}\n  - {id: bob, role: lead}\n"
    text = text.replace("approvals:\n  channel: support\n", "") + "approvals: {channel: support}\n"
    with pytest.raises(ConfigError, match="duplicate people"):
        load_config(write(tmp_path, text), env={"MASTODON_TOKEN": "x"})


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")


def test_demo_config_is_valid() -> None:
    loaded = load_config(Path(__file__).parents[2] / "bot" / "app" / "sample" / "demo.yaml", env={})
    assert {c.workspace for c in loaded.config.channels.values()} == {"console"}


def test_a_publishing_lease_shorter_than_a_publish_is_refused(tmp_path: Path) -> None:
    # a lease the post and its look can outlast lets another process post a second time
    text = GOOD.replace("    hashtags: [acme]\n", "    hashtags: [acme]\n    timeout: 10\n")
    with pytest.raises(ConfigError, match=r"brand.*more than 20s") as info:
        load_config(write(tmp_path, text + "  publish_lease_seconds: 15\n"),
                    env={"MASTODON_TOKEN": "t"})
    assert "approvals.publish_lease_seconds" in str(info.value)
    loaded = load_config(write(tmp_path, text + "  publish_lease_seconds: 25\n"),
                         env={"MASTODON_TOKEN": "t"})
    assert loaded.config.approvals.publish_lease_seconds == 25


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_a_config_saved_as_utf16_or_with_a_byte_order_mark_is_read(tmp_path: Path,
                                                                     encoding: str) -> None:
    """YAML 1.2 (5.2) reads UTF-16 by its byte order mark, as Windows Notepad's "Unicode"
    saves: it was refused as "not UTF-8 text (byte 0)"."""
    p = tmp_path / "socialops.yaml"
    p.write_bytes(GOOD.replace("acme]", "acme, zażółć]").encode(encoding))
    loaded = load_config(p, env={"MASTODON_TOKEN": "tok-123"})
    assert loaded.config.source("brand").hashtags == ("acme", "zażółć")


def test_a_config_in_latin1_names_the_line_and_says_to_save_it_as_utf8(tmp_path: Path) -> None:
    p = tmp_path / "socialops.yaml"
    p.write_bytes(GOOD.replace("acme]", "café]").encode("latin-1"))
    with pytest.raises(ConfigError) as err:
        load_config(p, env={"MASTODON_TOKEN": "x"})
    assert err.value.line == 6, str(err.value)
    assert str(err.value).endswith("save it as UTF-8"), str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("level", ["debug", "Warning", "ERROR"])
def test_a_log_level_reads_in_either_case_as_the_flag_does(tmp_path: Path, level: str) -> None:
    """`--log-level debug` ran and `logging: {level: debug}` was refused ('not one of: DEBUG,
    INFO, WARNING or ERROR'): an SRE copying the flag's value into the file (the README says
    either case) met it. Both read the name in either case; a name that is none is refused."""
    path = tmp_path / "socialops.yaml"
    path.write_text(f"logging: {{level: {level}}}\n", encoding="utf-8")
    assert load_config(path).config.logging.level == level.upper()
    path.write_text("logging: {level: verbose}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"logging\.level"):
        load_config(path)
