"""Saved replies (bot.core.replies): the placeholders a template may name, refused at the line
of socialops.yaml that writes one wrong; filling in one pass, so a hostile handle adds no
placeholder and no line; `reply T-3 :name` read as a saved reply's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.cli import main
from bot.core import replies
from bot.core.config import load_config

CONFIG = """\
workspaces: [{name: console, type: console}]
replies:
  refund: "Hi @{author}, sorry about {ticket} on {network}. {agent}"
  typo: "Hi {autor}"
  open: |
    Thanks {author}
    for {ticket
  braces: "{{author}} is literal; so is }} and {{"
  empty: "Hi {}"
  Bad: "x"
  blank: "  "
  "": "x"
"""


def test_check_names_file_line_and_field_of_each_bad_saved_reply(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(CONFIG)
    assert main(["-c", str(path), "check"]) != 0
    said = capsys.readouterr()
    lines = (said.out + said.err).splitlines()
    where = str(path)
    assert f"{where}:4: replies.typo: unknown placeholder {{autor}}; the placeholders are " \
           "{author}, {ticket}, {network}, {agent} (write {{ and }} for a brace)" in lines
    assert f"{where}:5: replies.open: a {{ without its }} at character 21; write {{{{ for a " \
           "brace" in lines
    assert f"{where}:9: replies.empty: an empty {{}} at character 4; the placeholders are " \
           "{author}, {ticket}, {network}, {agent} (write {{ and }} for a brace)" in lines
    assert f"{where}:10: replies.Bad: 'Bad' is not a saved reply's name: 1 to 32 lower-case " \
           "letters, digits, - or _, starting with a letter or digit (it is typed: reply " \
           "T-3 :name)" in lines
    assert f"{where}:11: replies.blank: the text is empty" in lines
    assert any(line.startswith(f"{where}:12: replies.: ") for line in lines)
    assert not [line for line in lines if ":3:" in line or ":8:" in line]  # refund, braces
    assert lines[-1].startswith("6 problem(s) found")


def test_a_good_config_loads_its_saved_replies(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text("replies:\n  thanks: 'Thank you, {author}!'\n")
    assert load_config(path).config.replies == {"thanks": "Thank you, {author}!"}
    path.write_text("workspaces: [{name: console, type: console}]\n")
    assert load_config(path).config.replies == {}


@pytest.mark.parametrize(("template", "problem"), [
    ("Hi {Author}", "unknown placeholder {Author}"),
    ("Hi { author }", "write {author} without spaces inside the braces"),
    ("Hi {auth or}", "unknown placeholder {auth or}"),
    ("50% off}", "a } without its {"),
    ("x" * 3_001, "is too long: at most 3,000 characters"),
])
def test_a_template_problem_is_one_line(template: str, problem: str) -> None:
    found = replies.template_problem(template)
    assert found is not None and found.startswith(problem) and "\n" not in found


@pytest.mark.parametrize("handle", [
    "{ticket}", "{{author}}", "{agent}}", "<!channel>", "@everyone", "*bold* _x_ `code`",
    "[click](https://evil.example)", "a\nb\rc\u2028d", "\u202eevil",
])
def test_a_hostile_value_is_inserted_as_one_line_of_text_and_never_read(handle: str) -> None:
    filled = replies.fill("Hi {author} ({ticket}, {agent})",
                          {"author": handle, "ticket": "T-3", "agent": "alice"})
    assert filled.startswith("Hi ") and filled.endswith(" (T-3, alice)")
    inserted = filled.removeprefix("Hi ").removesuffix(" (T-3, alice)")
    # the value as one line: never filled again, no line break, no bidi override
    assert "\n" not in inserted and "\r" not in inserted and "\u2028" not in inserted
    assert "\u202e" not in inserted
    if handle.isprintable():
        assert inserted == handle


@pytest.mark.parametrize(("network", "handle", "address"), [
    # Mastodon: the full @user@instance, which reaches the author from any server (a handle is
    # kept qualified: parse.py); @user alone names a local user of the posting account's
    ("mastodon", "kasia@mastodon.social", "@kasia@mastodon.social"),
    ("mastodon", "Kasia_1@social.example.org", "@Kasia_1@social.example.org"),
    ("mastodon", "kasia", "@kasia"),  # unqualified (a replay file's): a local user's form
    ("bluesky", "kasia.bsky.social", "@kasia.bsky.social"),
    ("bluesky", "Kasia.Example.COM", "@kasia.example.com"),
    ("reddit", "some_user-1", "u/some_user-1"),
    ("x", "jack_2", "@jack_2"),
    ("hackernews", "pg", "pg"),  # no mentions there: the name
    ("rss", "Jane O'Brien", "Jane O'Brien"),
    # hostile: no form of its network, so the name's letters only, addressing nobody
    ("mastodon", "<!channel>*boss*{ticket}", "channelbossticket"),
    ("mastodon", "kasia@mastodon.social\n@everyone", "kasiamastodon.social everyone"),
    ("x", "@everyone", "everyone"),
    ("reddit", "[deleted]", "deleted"),
    ("bluesky", "did:plc:abc123", "did:plc:abc123"),
    ("x", "1234567890123456789", "1234567890123456789"),  # an id: no username is that long
    ("bluesky", "kasia.bsky.social\u202e", "@kasia.bsky.social"),  # a control character, gone
    ("x", "[click](https://evil.example)", "clickhttps:evil.example"),
    ("myspace", "tom", "tom"),  # a network no entry gives
])
def test_author_is_how_the_network_addresses_someone(network: str, handle: str,
                                                     address: str) -> None:
    """{author} put the raw handle into the draft: markdown, a line break, @everyone, and
    Mastodon's user@instance without its @ (a text, not a mention)."""
    said = replies.address(network, handle)
    assert said == address
    assert said.isprintable()


@pytest.mark.parametrize(("template", "filled"), [
    ("Hi {author}, sorry", "Hi @kasia@mastodon.social, sorry"),
    # the @ templates wrote before the address carried its own is not written twice
    ("Hi @{author}, sorry", "Hi @kasia@mastodon.social, sorry"),
    ("Hi @{{author}} @{ticket}", "Hi @{author} @T-3"),
])
def test_author_brings_its_own_at_sign(template: str, filled: str) -> None:
    values = {"author": replies.address("mastodon", "kasia@mastodon.social"), "ticket": "T-3"}
    assert replies.fill(template, values) == filled
    reddit = {"author": replies.address("reddit", "spez")}
    assert replies.fill("Hi @{author}", reddit) == "Hi u/spez"


def test_a_value_is_cut_and_braces_are_kept_literal() -> None:
    assert len(replies.fill("{author}", {"author": "x" * 500})) <= replies.VALUE_LIMIT
    assert replies.fill("{{author}} {network}}}", {"network": "Mastodon"}) == \
        "{author} Mastodon}"
    assert replies.fill("{ticket}", {}) == ""  # a value the ticket lacks: empty


@pytest.mark.parametrize(("text", "name"), [
    (":refund", "refund"), ("  :refund  ", "refund"), (":late-2", "late-2"),
    (":Refund", "refund"), (":REFUND", "refund"),  # as a phone's keyboard types it
    (":)", None), (":D", None), (":P", None), (":refund thanks", None), ("refund", None),
    ("Hi :refund", None), (":" + "a" * 33, None),
])
def test_a_reply_names_a_saved_reply_only_as_a_colon_and_a_name(
        text: str, name: str | None) -> None:
    assert replies.typed_name(text) == name


@pytest.mark.parametrize(("handle", "author_id", "nobody"), [
    ("[deleted]", "[deleted]:t3_1", True), ("[unknown]", "[unknown]:9", True),
    ("did:plc:ewvi7nxzyoun6zhxrhs64oiz", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", True),
    ("12345", "12345", True), ("", "x", True),
    # names: X's username of digits with an id of its own, Reddit's name as its id, HN's
    ("12345", "1590000000000000000", False), ("spez", "spez", False),
    ("kasia@mastodon.social", "109", False), ("kasia.bsky.social", "did:plc:a", False),
])
def test_a_handle_naming_no_one_is_told(handle: str, author_id: str, nobody: bool) -> None:
    assert replies.nameless(handle, author_id=author_id) is nobody


def test_a_template_names_author_only_in_braces() -> None:
    assert replies.named("Hi @{author}!", "author")
    assert not replies.named("Hi {{author}}, {ticket}", "author")
