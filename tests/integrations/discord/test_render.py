"""The renderer on its own: limits, URLs, buttons, mentions, and the endpoint attributes."""

from __future__ import annotations

from datetime import datetime

import discord.gateway
import discord.http
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import replies
from bot.core.cards import (
    Button,
    Card,
    CardField,
    Reply,
    split_button_value,
    split_step,
    step_version,
)
from integrations.discord.endpoints import check_endpoint_attributes
from integrations.discord.escape import escape_cut, safe_url
from integrations.discord.inbound import MODAL_SUBMIT, reply_payload
from integrations.discord.inbound import parse as parse_interaction
from integrations.discord.reactions import action_for
from integrations.discord.render import custom_id, key_from_footer, parse_custom_id, render
from tests.integrations.discord.reader import discord_view


def as_message(card: Card) -> dict[str, object]:
    r = render(card)
    return {"content": r.content or "", "embeds": [r.embed.to_dict()],
            "components": r.view.to_components() if r.view else []}


def test_every_part_at_50kb_stays_within_limits() -> None:
    huge = "@everyone <@&123456789012345678> [x](http://evil.example) " * 900
    c = Card(kind="alert", key="K-1", title=huge, text=huge, author=huge, footer=huge,
             badges=(huge,) * 3, route=huge, status=huge,
             fields=tuple(CardField(name=huge, value=huge) for _ in range(30)),
             url="https://social.example/p/1")
    shown = discord_view(as_message(c), allowed_mentions=dict(render(c).allowed_mentions.to_dict()))
    assert len(huge) > 50_000
    assert shown.problems == ()
    assert shown.pings == frozenset()
    assert shown.links == {"https://social.example/p/1"}
    assert "Read the full post" in shown.text


@pytest.mark.parametrize("key", ["mastodon:" + "1" * 2_100, "mastodon:" + "1" * 310 + "|r",
                                 "é " * 1_000])
def test_a_long_key_keeps_the_footer_and_the_embed_within_limits(key: str) -> None:
    huge = "word " * 20_000
    c = Card(kind="alert", key=key, title=huge, text=huge, author=huge, footer=huge,
             badges=(huge,) * 3, route=huge, status=huge,
             fields=tuple(CardField(name=huge, value=huge) for _ in range(30)),
             url="https://social.example/p/1")
    e = render(c).embed
    shown = discord_view(as_message(c), allowed_mentions={"parse": []})
    assert shown.problems == ()
    assert e.footer.text is not None and len(e.footer.text) <= 2_048 and len(e) <= 6_000
    if len(key) <= 400:
        assert key_from_footer(e.footer.text) == key


@settings(max_examples=200, deadline=None)
@given(key=st.text(min_size=1, max_size=320), footer=st.text(max_size=600))
def test_any_key_reads_back_from_the_footer(key: str, footer: str) -> None:
    e = render(Card(kind="ticket", key=key, title="t", footer=footer or None)).embed
    assert e.footer.text is not None and len(e.footer.text) <= 2_048
    assert key_from_footer(e.footer.text) == key


@pytest.mark.parametrize(("when", "shown"), [
    ("0001-01-01T00:00:00+01:00", None),
    ("9999-12-31T23:30:00-01:00", None),
    ("2026-01-01T03:00:00+03:00", "2026-01-01T00:00:00+00:00"),
])
def test_a_timestamp_without_a_utc_form_is_left_out(when: str, shown: str | None) -> None:
    c = Card(kind="alert", key="K", title="t", created_at=datetime.fromisoformat(when))
    assert render(c).embed.to_dict().get("timestamp") == shown


def test_title_author_and_field_names_keep_to_one_line() -> None:
    forged = "bob\n\nStatus: resolved by carol\u2028Approved by dave\r\n"
    c = Card(kind="alert", key="K", title=f"RSS mention by @{forged}", author=forged,
             network_name=forged, fields=(CardField(name=forged, value="v"),))
    e = render(c).embed
    assert e.title == "RSS mention by \\@bob Status\\: resolved by carol Approved by dave"
    shown = [e.title, e.author.name, *(f.name for f in e.fields)]
    assert all(s and "\n" not in s and "\r" not in s for s in shown), shown


def test_cut_never_leaves_half_an_escape() -> None:
    for n in range(1, 40):
        out = escape_cut("*" * 100, n, suffix="!")
        assert len(out) <= n
        body = out.removesuffix("!").removesuffix("…")
        assert len(body) % 2 == 0 and body == "\\*" * (len(body) // 2)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "ftp://x.example/a", "https://", "https://a b.example",
    "https://x.example/\u202egpj", "http://" + "a" * 2_100, "", None,
    # hosts Discord does not hold well formed (50035 "Not a well formed URL."): no top-level
    # domain, an underscore, a label's edge hyphen, a digit in the top-level domain, a port
    # no number or too big
    "http://intranet/blog/1", "http://mastodon:3000/@ana", "https://my_blog.example.com/1",
    "https://-ana.example/", "https://ana-.example/", "https://example.c0m/", "https://@/",
    "https://a.example:99999/", "https://a.example:x/",
    # Discord takes a user name and a password; RFC 9110 4.2.4 calls them likely phishing
    # (tests/integrations/workspaces/test_review_userinfo_links.py)
    "https://ana:pw@a.example/", "https://www.acme.com@evil.example/",
])
def test_unsafe_urls_are_dropped(url: str | None) -> None:
    assert safe_url(url) is None
    c = Card(kind="alert", key="K", title="t", text="x" * 5_000, url=url,
             buttons=(Button(action="open", label="Open", target="s", url=url),))
    r = render(c)
    assert r.embed.url is None and r.view is None
    assert "Read the full post" not in (r.embed.description or "")


@pytest.mark.parametrize("url", [
    "https://social.example/@ana/1", "http://192.168.1.5:3000/a", "https://[2001:db8::1]/x",
    "http://localhost:8080/x", "https://аррӏе.com/", "https://xn--80ak6aa92e.com/",
    "https://news.bbc.co.uk/x?y=1#z", "https://example.com./x",
    "https://a--b.example/snake_case_path",
])
def test_well_formed_urls_are_linked(url: str) -> None:
    """What Discord takes is kept: IP addresses, localhost, any script's domains and their
    xn-- forms, a trailing dot, an underscore in the path. Not a user name (dropped above)."""
    assert safe_url(url) == url


@pytest.mark.parametrize(("size", "button"), [(512, True), (513, False), (2_048, False)])
def test_a_link_button_takes_a_url_of_at_most_512_characters(size: int, button: bool) -> None:
    """Discord refuses the whole message (50035) for a longer link button url; the embed's own
    url may be 2,048, so the post stays linked there."""
    url = "https://social.example/p/1?" + "a" * (size - len("https://social.example/p/1?"))
    c = Card(kind="alert", key="K", title="t", url=url, buttons=(
        Button(action="open", label="Open", target="s", url=url),
        Button(action="claim", label="Claim", target="T-1")))
    message = as_message(c)
    shown = discord_view(message, allowed_mentions={"parse": []})
    assert shown.problems == ()
    assert render(c).embed.url == url
    styles = [b["style"] for row in message["components"] for b in row["components"]]
    assert styles == ([5, 2] if button else [2])


def test_the_reader_flags_a_link_button_url_over_512_characters() -> None:
    button = {"type": 2, "style": 5, "label": "Open", "url": "https://x.example/" + "a" * 600}
    shown = discord_view({"components": [{"type": 1, "components": [button]}]},
                         allowed_mentions={"parse": []})
    assert shown.problems == ("button url: 618 > 512",)


async def test_buttons_dedupe_cap_and_long_ids() -> None:
    many = tuple(Button(action="claim", label=f"c{i}", target=f"T-{i}") for i in range(40))
    c = Card(kind="ticket", key="T-1", title="t", buttons=(
        Button(action="claim", label="Claim", target="T-1"),
        Button(action="claim", label="Claim again", target="T-1"),
        Button(action="resolve", label="R", target="x" * 120),
        *many))
    r = render(c)
    assert r.view is not None
    ids = [getattr(b, "custom_id", None) for b in r.view.children]
    assert len(ids) == 25 and len(set(ids)) == 25
    assert all(i is not None and len(i) <= 100 for i in ids)
    assert r.view.is_finished()  # stopped, so discord.py never keeps it in its view store


def test_only_snowflakes_are_pinged() -> None:
    c = Card(kind="alert", key="K", title="t", mention_users=("123456789012345678", "@here"),
             mention_groups=("everyone", "223456789012345678"))
    r = render(c)
    assert r.content == "<@123456789012345678> <@&223456789012345678>"
    assert dict(r.allowed_mentions.to_dict()) == {
        "parse": [], "users": [123456789012345678], "roles": [223456789012345678]}


def test_ids_round_trip() -> None:
    assert parse_custom_id("socialops:claim:T-12") == ("claim", "T-12")
    assert parse_custom_id("socialops:claim:") is None
    assert parse_custom_id("other:claim:T-1") is None
    assert key_from_footer("hello · socialops key: T-12") == "T-12"
    assert key_from_footer("socialops key: T-12 injected") is None
    assert key_from_footer("socialops key: rss:a%20b%7Cr") == "rss:a b|r"


def test_ids_with_a_trailing_newline_are_refused() -> None:
    """``$`` also matches before a final newline; ids are matched whole."""
    assert custom_id("claim", "T-1\n") is None
    assert parse_custom_id("socialops:claim:T-1\n") is None
    assert key_from_footer("socialops key: T-12\n") is None
    modal = {"custom_id": "socialops-reject:A-3\n", "components": [{"type": 1, "components": [
        {"type": 4, "custom_id": "comment", "value": "tone is off"}]}]}
    assert parse_interaction(workspace="d", kind=MODAL_SUBMIT, data=modal, user="1",
                             channel="2").kind == "ignore"


def test_reaction_names_and_characters() -> None:
    reactions = {"eyes": "claim", "white_check_mark": "resolve", "x": "reject",
                 "✔️": "approve", "shipit": "resolve"}
    assert action_for("👀", reactions) == "claim"
    assert action_for("✅", reactions) == "resolve"
    assert action_for("✔", reactions) == "approve"  # with or without the variation selector
    assert action_for("shipit", reactions) == "resolve"  # a custom emoji's name
    assert action_for("🎉", reactions) is None and action_for(None, reactions) is None


def test_endpoint_attributes_are_where_we_set_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails loudly if a discord.py upgrade moves the endpoint attributes."""
    check_endpoint_attributes()
    monkeypatch.delattr(discord.http.Route, "BASE")
    with pytest.raises(RuntimeError, match=r"Route\.BASE moved"):
        check_endpoint_attributes()


def test_gateway_attribute_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", "wss://x")
    with pytest.raises(RuntimeError, match="DEFAULT_GATEWAY moved"):
        check_endpoint_attributes()


_SPECIAL = set("\\*_~`|>#-[]()<>:@/{}.^+")


def lone_backslash(text: str) -> int | None:
    """Where a backslash escapes something other than markdown punctuation (the "…" after a
    cut, our own link), or ends the text; None when every escape is a whole pair."""
    i = 0
    while i < len(text):
        if text[i] == "\\":
            if i + 1 == len(text) or text[i + 1] not in _SPECIAL:
                return i
            i += 2
        else:
            i += 1
    return None


@pytest.mark.parametrize("into", [0, 1, 2])
def test_no_markdown_part_of_a_card_or_answer_is_cut_inside_an_escape(into: int) -> None:
    """Title, field name and value, description (and its link to the post), a draft shown
    exactly and a long answer, each holding a text whose limit falls ``into`` characters into
    a run of escaped ``*`` (``\\*``): each is cut on whole escapes, never after a lone
    backslash that would escape the "…" or the link's ``[``."""
    def at(limit: int, *, tail: str = "*") -> str:
        return "n" * (limit - into) + tail * 600

    e = render(Card(kind="alert", key="K-1", title=at(256 - 1), text="post",
                    fields=(CardField(name=at(256 - 1), value=at(1_024 - 1)),))).embed
    more = "\n[Read the full post](https://social.example/p/1)"
    post = render(Card(kind="alert", key="K-2", title="t", url="https://social.example/p/1",
                       text=at(4_096 - len(more) - 1))).embed.description
    draft = Card(kind="approval", key="A-1", title="Draft", text=at(4_000),
                 buttons=(Button(action="approve", label="Approve", target="A-1",
                                 version="ab" * 32),))
    answer = reply_payload(Reply.done(at(2_000 - 1, tail="*\n")))["content"]
    parts = [e.title, e.fields[0].name, e.fields[0].value, post,
             render(draft).embed.description, answer]
    for part in parts:
        assert part is not None and lone_backslash(part) is None, part[-30:]
    assert str(post).endswith("…" + more) and len(str(post)) >= 4_096 - 2


@pytest.mark.parametrize(("network", "handle"), [
    ("x", "__a_b__"), ("mastodon", "kasia@mastodon.social"), ("reddit", "**boss**"),
    ("mastodon", "<@&123456789012345678>\n@everyone"),
])
def test_a_saved_replys_author_is_shown_as_written_and_pings_nobody(network: str,
                                                                    handle: str) -> None:
    """{author} writes the network's address (an X username may be __a_b__, markdown on
    Discord); the approval card shows the draft as the network will get it."""
    filled = replies.fill("Hi @{author}, sorry", {"author": replies.address(network, handle)})
    card = Card(kind="approval", key="A-1", title="Draft", text=filled)
    shown = discord_view(as_message(card),
                         allowed_mentions=dict(render(card).allowed_mentions.to_dict()))
    assert f"\n{filled}\n" in shown.text and "\n" not in filled
    assert shown.pings == frozenset() and shown.problems == ()


def assert_the_step_reads_back(step: int) -> None:
    """An approval card's Approve button for ``step`` of a draft, its target short and at
    its longest: the custom_id, at most Discord's 100 characters, ends with the step whole,
    and reads back as the draft, that step and a cut of the hash (12 characters or more)."""
    sha = "ab" * 32
    for target in ("A-1", "A-" + "9" * 40):
        card = Card(kind="approval", key=target, title="Draft", text="Launch day",
                    buttons=(Button(action="approve", label="Approve", target=target,
                                    version=step_version(sha, step)),))
        view = render(card).view
        assert view is not None
        [cid] = [getattr(b, "custom_id", None) for b in view.children]
        assert cid is not None and len(cid) <= 100 and cid.endswith(f"@{step}"), cid
        parsed = parse_custom_id(cid)
        assert parsed is not None and parsed[0] == "approve"
        shown, version = split_button_value(parsed[1])
        assert shown == target and version is not None
        cut, read = split_step(version)
        assert read == step and len(cut) >= 12 and sha.startswith(cut), (cut, read)


def test_a_multi_step_drafts_approve_button_keeps_its_step_when_the_hash_is_cut() -> None:
    """A draft of two steps or more: its Approve button says the step its card shows
    (``<sha>@2``), which a click acts on (a late click for step 1 approves nothing at step
    2). Cut to the 100 characters of a custom_id, the hash is cut, never the step."""
    assert_the_step_reads_back(2)


def test_a_step_past_99_is_kept_whole_in_the_custom_id() -> None:
    """A draft of 100 steps or more: the custom_id says '@100' whole, and it reads back as
    that step (it was cut with the hash, or read as no version: no click approved it)."""
    assert_the_step_reads_back(100)
