"""Escaping and Block Kit rendering: pure functions, checked directly and with hypothesis."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.cards import Button, Card, CardField
from bot.core.models import Approval, Decision
from bot.core.text import utf16_len
from handlers.cards import approval_card
from integrations.slack.escape import (
    cut,
    escape,
    group_mention,
    link,
    neutral,
    safe_url,
    unescape,
    user_mention,
)
from integrations.slack.render import (
    action_of,
    reject_modal,
    render_card,
    render_text,
)
from tests.support.fake_slack import block_errors


def test_escape_touches_only_the_three_control_characters() -> None:
    assert escape("<!channel> & <@U1> 'q' \"d\" *b* `c`") == (
        "&lt;!channel&gt; &amp; &lt;@U1&gt; 'q' \"d\" *b* `c`")
    assert unescape(escape("a&lt;b <x> & y")) == "a&lt;b <x> & y"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab &<>\n😀é"), max_size=400),
       limit=st.integers(min_value=5, max_value=300))
def test_cut_never_exceeds_the_limit_nor_splits_an_entity(text: str, limit: int) -> None:
    out = cut(text, limit, suffix="|S")
    assert utf16_len(out) <= limit  # UTF-16 code units: 😀 counts 2
    assert out.endswith("|S")
    body = out[: -len("|S")]
    stripped = body.removesuffix("…")
    # Every & starts a whole entity, and no raw < or > survives.
    assert "<" not in body and ">" not in body
    for i, ch in enumerate(stripped):
        if ch == "&":
            assert stripped[i:].startswith(("&amp;", "&lt;", "&gt;"))
    if utf16_len(escape(text)) + 2 <= limit:
        assert body == escape(text)
    else:
        assert body.endswith("…")
        assert text.startswith(unescape(stripped).rstrip()) or unescape(stripped) == ""


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://x.example/a?b=1&c=2", True), ("http://x.example", True),
     ("javascript:alert(1)", False), ("ftp://x.example", False), ("https://", False),
     ("https://x.example/a b", False), ("https://x.example/\n", False), (None, False),
     ("https://x.example/" + "a" * 3_000, False),
     # 1,800 characters as sent, 3,000+ once each "&" is "&amp;"
     ("https://x.example/?" + "&" * 1_800, False), ("https://x.example/?" + "&" * 500, True),
     # what Discord's safe_url refuses too: what would hide, reorder or fail to encode
     ("https://social.example/\u202egpj.exe", False), ("https://x.example/a\u200bb", False),
     ("https://x.example/\x9b31m", False), ("https://x.example/\U000e0041", False),
     ("https://x.example/\ud800", False), ("https://x.example/caf\u00e9", True)],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) == ok


@pytest.mark.parametrize("url", ["https://social.example/\u202egpj.exe",
                                 "https://social.example/\ud800"])
def test_a_url_with_hidden_or_broken_characters_is_not_linked(url: str) -> None:
    msg = render_card(card(author="bob", author_url=url, url=url, text="x " * 4_000,
                           buttons=(Button(action="open", label="Open", target="s"),)))
    assert msg.blocks[1]["elements"][0]["text"] == "@bob"
    assert [b["type"] for b in msg.blocks] == ["header", "context", "section"]
    json.dumps(msg.blocks, ensure_ascii=False).encode("utf-8")


def test_link_escapes_target_and_label_and_refuses_bad_schemes() -> None:
    assert link("https://x.example/a|b?c=1&d=<2>", "@ana <!here>") == (
        "<https://x.example/a%7Cb?c=1&amp;d=&lt;2&gt;|@ana &lt;!here&gt;>")
    assert link("javascript:alert(1)", "click") == "click"


def test_mentions_only_for_real_looking_ids() -> None:
    assert user_mention("U123ABC") == "<@U123ABC>"
    assert user_mention("W123") == "<@W123>"
    assert user_mention("U1>|<!channel") is None
    assert user_mention("U123\n") is None and group_mention("S0SUPPORT\n") is None
    assert group_mention("S0SUPPORT") == "<!subteam^S0SUPPORT>"
    assert group_mention("!channel") is None


def card(**over: object) -> Card:
    base: dict[str, object] = {"kind": "approval", "key": "A-1", "title": "Draft reply"}
    base.update(over)
    return Card.model_validate(base)


def test_card_blocks_structure() -> None:
    c = card(
        text="We are sorry & on it",
        url="https://social.example/p/1",
        network="hackernews",
        network_name="Hacker News",  # the card builder's, from the network registry
        author="ana",
        author_url="https://social.example/@ana",
        badges=("negative", "lang: pl"),
        route="vip",
        status="pending",
        fields=tuple(CardField(name=f"f{i}", value="v") for i in range(12)),
        footer="expires in 2h",
        buttons=(Button(action="approve", label="Approve", target="A-1", style="primary"),
                 Button(action="reject", label="Reject", target="A-1", style="danger"),
                 Button(action="open", label="Open", target="s", url="https://social.example/p/1")),
        mention_users=("U1X", "bad id"),
        mention_groups=("S1X",),
    )
    msg = render_card(c)
    kinds = [b["type"] for b in msg.blocks]
    assert kinds == ["header", "context", "section", "section", "section", "section", "section",
                     "context", "actions"]
    assert msg.blocks[0]["text"] == {"type": "plain_text", "text": "📝 Draft reply",
                                     "emoji": False}
    ctx = " ".join(e["text"] for e in msg.blocks[1]["elements"])
    assert "*Hacker News*" in ctx and "<https://social.example/@ana|@ana>" in ctx
    assert "`lang: pl`" in ctx and "route: vip" in ctx and "status: *pending*" in ctx
    assert msg.blocks[2]["text"] == {"type": "mrkdwn", "text": "<@U1X> <!subteam^S1X>",
                                     "verbatim": False}
    # the post as plain text: shown exactly, nothing parsed, nothing to escape
    assert msg.blocks[3]["text"] == {"type": "plain_text", "text": "We are sorry & on it",
                                     "emoji": False}
    # each field is a (bold label, plain value) pair in Slack's two-column grid
    assert [len(b["fields"]) for b in msg.blocks[4:7]] == [10, 10, 4]
    assert msg.blocks[4]["fields"][:2] == [
        {"type": "mrkdwn", "text": "*f0*", "verbatim": True},
        {"type": "plain_text", "text": "v", "emoji": False}]
    buttons = msg.blocks[-1]["elements"]
    assert [(b["action_id"], b.get("style")) for b in buttons] == [
        ("socialops:approve", "primary"), ("socialops:reject", "danger"), ("socialops:open", None)]
    assert msg.metadata == {"event_type": "socialops_card", "event_payload": {"key": "A-1"}}
    assert msg.text == "approval: Draft reply"
    json.dumps(msg.blocks)  # serialisable as is


def test_long_text_links_to_the_full_post() -> None:
    msg = render_card(card(text="x " * 30_000, url="https://social.example/p/1"))
    body = msg.blocks[1]["text"]["text"]
    assert len(body) <= 3_000 and body.endswith("…")
    assert msg.blocks[2] == {"type": "context", "elements": [
        {"type": "mrkdwn", "text": "<https://social.example/p/1|Read the full post>",
         "verbatim": True}]}
    no_url = render_card(card(text="x " * 30_000))
    assert len(no_url.blocks[1]["text"]["text"]) <= 3_000
    assert no_url.blocks[1]["text"]["text"].endswith("…")
    assert [b["type"] for b in no_url.blocks] == ["header", "section"]


@settings(max_examples=60, deadline=None)
@given(fill=st.sampled_from("&|<a"), size=st.integers(min_value=0, max_value=3_100),
       other=st.sampled_from("&|a"))
def test_any_url_stays_within_block_kit_limits(fill: str, size: int, other: str) -> None:
    url = "https://evil.example/?" + fill * size
    msg = render_card(card(
        text="x " * 4_000, url=url, network_name="N" * 60, author="bob" * 50,
        author_url="https://evil.example/?" + other * size,
        buttons=(Button(action="open", label="Open", target="s", url=url),)))
    assert block_errors(msg.blocks) == []
    for block in msg.blocks:
        for element in block.get("elements", []):
            assert len(element.get("text", "")) <= 3_000 and len(element.get("url", "")) <= 3_000


def test_a_link_too_long_once_escaped_keeps_its_label_plain() -> None:
    url = "https://evil.example/?" + "&" * 2_900
    msg = render_card(card(author="bob", author_url=url, url=url, text="x " * 4_000,
                           buttons=(Button(action="open", label="Open", target="s", url=url),)))
    [who] = msg.blocks[1]["elements"]
    assert who["text"] == "@bob"
    # no "Read the full post" link it cannot hold; the button still opens the post (its url
    # is JSON, where "&" stays one character)
    assert [b["type"] for b in msg.blocks] == ["header", "context", "section", "actions"]
    assert msg.blocks[-1]["elements"][0]["url"] == url


def test_button_edge_cases() -> None:
    snoozes = [Button(action="snooze", label="s", target=f"T-{n}") for n in range(30)]
    msg = render_card(card(buttons=(
        Button(action="claim", label="L" * 200, target="T-1"),
        Button(action="claim", label="again", target="T-2"),
        Button(action="open", label="Open", target="s", url="javascript:alert(1)"),
        Button(action="resolve", label="Resolve", target="x" * 2_001),
        *snoozes,
    )))
    actions = [b for b in msg.blocks if b["type"] == "actions"]
    elements = [e for b in actions for e in b["elements"]]
    assert [len(b["elements"]) for b in actions] == [25, 7]
    assert len(elements[0]["text"]["text"]) == 75
    assert elements[1]["action_id"] == "socialops:claim:1"
    assert len({e["action_id"] for e in elements}) == len(elements)
    assert all(e["action_id"] != "socialops:open" for e in elements)  # bad URL dropped
    assert all(e.get("value") != "x" * 2_001 for e in elements)
    assert len({b["block_id"] for b in actions}) == 2


def test_block_count_stays_within_fifty() -> None:
    many = tuple(CardField(name="n", value="v") for _ in range(600))
    msg = render_card(card(fields=many, buttons=(Button(action="approve", label="A",
                                                        target="A-1"),)))
    assert len(msg.blocks) == 50
    assert msg.blocks[-1]["type"] == "actions"  # the buttons are never the part cut


@pytest.mark.parametrize(("action_id", "action"), [
    ("socialops:claim", "claim"), ("socialops:claim:3", "claim"), ("other:claim", None),
    ("socialops:", None)])
def test_action_of(action_id: str, action: str | None) -> None:
    assert action_of(action_id) == action


def test_reject_modal_requires_a_comment() -> None:
    view = reject_modal(target="A-1", channel="C1", message_ts="1.2")
    block = view["blocks"][0]
    assert block["optional"] is False and block["element"]["min_length"] == 1
    assert json.loads(view["private_metadata"]) == {"target": "A-1", "channel": "C1", "ts": "1.2"}


def test_render_text_is_plain_text() -> None:
    msg = render_text("see http://evil.example <!here>\u202e *SocialOps:* ok")
    assert msg.blocks[0]["text"] == {"type": "plain_text", "emoji": False,
                                     "text": "see http://evil.example <!here> *SocialOps:* ok"}
    # the notification text is mrkdwn: escaped, and nothing in it can format
    assert msg.text == "see http://evil.example &lt;!here&gt; \uff0aSocialOps:\uff0a ok"


def test_a_note_starting_with_a_quote_marker_is_not_quoted() -> None:
    """Slack shows a mrkdwn line starting with ">" (sent as "&gt;") as a blockquote."""
    assert render_text("> SocialOps: approved").text == "\uff1e SocialOps: approved"
    assert render_text("  >>> all of it").text == "\uff1e&gt;&gt; all of it"
    assert neutral("a &gt; b\n&gt; c\n \t&gt;d") == "a &gt; b\n\uff1e c\n \t\uff1ed"


def test_a_post_formats_nothing_and_cannot_draw_the_bots_layout() -> None:
    hostile = "*SocialOps:* approved ✅\n> quoted\n```code``` ~x~ _y_ :rotating_light: <!here>"
    msg = render_card(card(text=hostile, author="*SocialOps*", fields=(
        CardField(name="*Status*", value="*approved* by `dave`"),)))
    body = next(b for b in msg.blocks if b["type"] == "section" and "text" in b)
    assert body["text"] == {"type": "plain_text", "text": hostile, "emoji": False}
    fields = next(b for b in msg.blocks if "fields" in b)["fields"]
    assert fields == [{"type": "mrkdwn", "text": "*\uff0aStatus\uff0a*", "verbatim": True},
                      {"type": "plain_text", "text": "*approved* by `dave`", "emoji": False}]
    who = msg.blocks[1]["elements"][0]["text"]
    assert who == "@\uff0aSocialOps\uff0a"


def test_separators_and_surrogates_never_reach_slack() -> None:
    msg = render_card(card(text="a\u2028b\u2029c \ud83d", title="t\u2028\udc00"))
    dumped = json.dumps(msg.blocks, ensure_ascii=False)
    assert "\u2028" not in dumped and "\u2029" not in dumped
    dumped.encode("utf-8")  # no lone surrogate left to fail the request body
    assert msg.blocks[1]["text"]["text"] == "a\nb\n\nc \ufffd"


def test_text_of_invisible_characters_gets_no_empty_section() -> None:
    msg = render_card(card(text="\u200b\u2060\u200d\ufeff", fields=(
        CardField(name="Note", value="\u200b"),)))
    objects = [o for b in msg.blocks for o in [b.get("text"), *(b.get("fields") or [])] if o]
    assert all(str(o["text"]).strip() for o in objects)  # Slack: invalid_blocks otherwise
    assert [b["type"] for b in msg.blocks] == ["header", "section"]


def test_neutral_swaps_every_mrkdwn_formatting_character() -> None:
    assert neutral("*b* _i_ ~s~ `c` :shipit: 10:30") == (
        "\uff0ab\uff0a \uff3fi\uff3f \uff5es\uff5e \uff40c\uff40 \uff1ashipit\uff1a 10:30")


DID_POST = "https://bsky.app/profile/did:plc:abc123xyz/post/3l4s5ktnw2k2y"


@pytest.mark.parametrize("url", [
    DID_POST,
    "at://did:plc:abc123xyz/app.bsky.feed.post/3l4s5ktnw2k2y",
    "did:plc:abc123xyz",
    "did:web:example.com",
    "https://example.com/a:b/c:d",
    "http://[::1]:8080/",
])
def test_neutral_leaves_a_url_whole(url: str) -> None:
    """A shortcode guard inside an address broke a DID: did:plc: shown as did：plc：, which
    a reader copying it copied wrong. A colon that closes no ``:name:`` is no shortcode."""
    for text in (url, f"see {url} now", f"({url})", f"{url}\nnext line"):
        assert neutral(text) == text


@pytest.mark.parametrize(("url", "shown"), [
    ("https://mastodon.example/@ana/tags/time:10:30",
     "https://mastodon.example/@ana/tags/time\uff1a10\uff1a30"),
    ("https://example.com/a:b:c", "https://example.com/a\uff1ab\uff1ac"),
    ("http://[2001:db8::1]:8080/", "http://[2001\uff1adb8\uff1a:1]:8080/"),
    ("HTTPS://Example.com/a:b:c", "HTTPS://Example.com/a\uff1ab\uff1ac"),
])
def test_neutral_swaps_the_colons_of_a_name_inside_an_address(url: str, shown: str) -> None:
    """mrkdwn is sent verbatim, where Slack links no bare address: the colons of a
    ``:name:`` inside one open no link, and Slack would draw the shortcode
    (tests/integrations/slack/test_review_shortcode_in_bare_address.py)."""
    for before, after in ((url, shown), (f"see {url} now", f"see {shown} now")):
        assert neutral(before) == after


@pytest.mark.parametrize(("text", "shown"), [
    # a shortcode next to an address is still neutralised, on either side
    ("http://x/ :smile:", "http://x/ \uff1asmile\uff1a"),
    (":smile:http://x", "\uff1asmile\uff1ahttp://x"),
    (":smile: http://x/a:b/c", "\uff1asmile\uff1a http://x/a:b/c"),
    ("http://x/a:b/c :smile:", "http://x/a:b/c \uff1asmile\uff1a"),
    ("did:plc:abc :verified:", "did:plc:abc \uff1averified\uff1a"),
    # made to look like part of an address: a shortcode that is not joined to letters or
    # digits on both sides (a path segment, the address's end) is neutralised
    ("http://x/:smile:", "http://x/\uff1asmile\uff1a"),
    ("http://x/:smile:/y", "http://x/\uff1asmile\uff1a/y"),
    ("http://x:smile:", "http://x\uff1asmile\uff1a"),
    ("http://x/a:smile:.", "http://x/a\uff1asmile\uff1a."),
    ("https://x/?q=:smile:", "https://x/?q=\uff1asmile\uff1a"),
    ("did::smile:", "did:\uff1asmile\uff1a"),
    ("did:smile:", "did\uff1asmile\uff1a"),
    ("at://:smile:", "at://\uff1asmile\uff1a"),
    # not an address at all: a scheme glued to a word, or no scheme
    ("xhttp://x/a:smile:b", "xhttp://x/a\uff1asmile\uff1ab"),
    ("hdid:plc:abc", "hdid\uff1aplc\uff1aabc"),
    ("example.com/a:smile:b", "example.com/a\uff1asmile\uff1ab"),
    ("javascript:smile:x", "javascript\uff1asmile\uff1ax"),
    # an escaped "<" or ">" ends nothing: the entity's ";" is not a letter
    ("http://x/&lt;:smile:&gt;", "http://x/&lt;\uff1asmile\uff1a&gt;"),
])
def test_neutral_still_neutralises_shortcodes_around_and_inside_urls(text: str,
                                                                    shown: str) -> None:
    assert neutral(text) == shown


def test_a_bluesky_did_link_stays_whole_on_the_card_and_in_notifications() -> None:
    """A Bluesky draft published to a DID address: the approval card's title (the
    notification text, mrkdwn) and a thread note about a post sharing it keep the link."""
    approval = Approval(
        id="A-7", status="published", text="Winter sale", network="bluesky", account="main",
        author="ana", content_hash="h", created_at=datetime(2026, 1, 5, tzinfo=UTC),
        published_url=DID_POST,
        decisions=(Decision(at=datetime(2026, 1, 5, tzinfo=UTC), person="dave",
                            verdict="reject", step=0, content_hash="h",
                            comment=f"dup of {DID_POST} :smile:"),))
    msg = render_card(approval_card(approval))
    assert msg.text == f"approval: A-7: Published to Bluesky as main: {DID_POST}"
    published = next(b for b in msg.blocks if "fields" in b)["fields"]
    # the card's own link, whole (its colons kept), a link (tests/e2e/test_review_slack_texts.py)
    assert {"type": "mrkdwn", "text": f"<{DID_POST}>", "verbatim": True} in published
    rejected = render_card(approval_card(approval.model_copy(update={"status": "rejected"})))
    assert rejected.text == ("approval: A-7: Rejected by dave: "
                             f"dup of {DID_POST} \uff1asmile\uff1a")
    note = render_text(f"Kasia shared {DID_POST} :rotating_light: and at://did:plc:q/x/1")
    assert note.text == (f"Kasia shared {DID_POST} \uff1arotating\uff3flight\uff1a and "
                         "at://did:plc:q/x/1")


RETURNS = "https://acme.com/help/returns_policy_2026"


@pytest.mark.parametrize("address", [
    RETURNS,
    "https://acme.com/~ana/spring_sale",
    "https://x.com/acme_support/status/1",
    "http://acme.com/a~b*c?utm_source=x_y#top_1",
    "www.acme.com/snake_case_path",
    "acme.com/returns_policy",
    "first_last@acme.com",
    "first.last+returns_2026@acme.co.uk",
    "https://bsky.app/profile/did:plc:ab_c/post/1",
])
def test_neutral_keeps_formatting_characters_inside_an_address(address: str) -> None:
    """Slack links an address in mrkdwn by itself; a fullwidth lookalike in it (returns＿policy)
    made the link lead nowhere."""
    for text in (address, f"see {address} now", f"({address})", f"{address}\nnext"):
        assert neutral(escape(text)) == escape(text)


@pytest.mark.parametrize(("text", "shown"), [
    # outside an address, marks are neutralised as before
    ("_i_ acme.com/a_b *b*", "\uff3fi\uff3f acme.com/a_b \uff0ab\uff0a"),
    ("snake_case_name", "snake\uff3fcase\uff3fname"),
    # an address inside formatting marks: the marks around it are swapped, the inner kept
    ("*https://acme.com/a_b*", "\uff0ahttps://acme.com/a_b\uff0a"),
    ("_https://acme.com/a_b_", "\uff3fhttps://acme.com/a_b\uff3f"),
    ("~acme.com/a~b~", "\uff5eacme.com/a~b\uff5e"),
    ("_first_last@acme.com_", "\uff3ffirst_last@acme.com\uff3f"),
    # a fake address built to carry a format: every mark that could close one is swapped
    ("http://*bold*", "http://*bold\uff0a"),
    ("http://x/*bold* text", "http://x/*bold\uff0a text"),
    ("http://x/_a http://y/b_", "http://x/_a http://y/b\uff3f"),
    ("https://x/*a *b* c*", "https://x/*a \uff0ab\uff0a c\uff0a"),
    ("*bold*@acme.com", "\uff0abold\uff0a@acme.com"),
    ("acme.com/*x*/y", "acme.com/*x\uff0a/y"),
    ("http://x/a__b", "http://x/a\uff3f_b"),
    ("http://x/`code`", "http://x/\uff40code\uff40"),
    # and one built to carry a ping: escaping already made it inert, and stays so
    ("https://x/<!channel>_a", "https://x/&lt;!channel&gt;_a"),
    ("acme.com/<@U123>*b", "acme.com/&lt;@U123&gt;*b"),
])
def test_neutral_leaves_no_format_around_or_inside_addresses(text: str, shown: str) -> None:
    assert neutral(escape(text)) == shown


@settings(max_examples=300)
@given(text=st.text(alphabet=st.sampled_from("ab1 *_~`:/.@<>&\nhtps:wcom"), max_size=80))
def test_every_formatting_mark_left_is_followed_by_a_letter_or_digit(text: str) -> None:
    """The rule that makes keeping them safe: a mark followed by an ASCII letter or digit
    cannot close a format in Slack, and no other is left."""
    shown = neutral(escape(text))
    for i, ch in enumerate(shown):
        if ch in "*_~`":
            assert ch != "`" and shown[i + 1:i + 2].isascii() and shown[i + 1:i + 2].isalnum()


MEGABYTE = 1_000_000


@pytest.mark.parametrize("unit", ["_a", "a_", "_a.", "_a~", "__a", "a%_", "_a-", "._a"])
@pytest.mark.parametrize("tail", ["", "!", "@acme.com"])
def test_a_megabyte_built_to_backtrack_is_neutralised(unit: str, tail: str) -> None:
    """The e-mail recogniser could start after every ``_`` of a run and read the rest of the
    run from there, looking for its ``@``: 40,000 characters of "_a" took 10 s, a megabyte
    hours (the suite's timeout fails this test then). Read once, it is a fraction of a second
    (benchmarks/backtracking.py has the times). The answer is the same: a run with no address
    has every mark swapped; one ending in its e-mail domain is that address from the letter or
    digit after its leading underscores (a local part starts with one: "._a...@" is none)."""
    text = (unit * (MEGABYTE // len(unit)))[:MEGABYTE] + tail
    shown = neutral(escape(text))
    first = len(text) - len(text.lstrip("_"))
    if not tail.startswith("@") or not text[first].isalnum():
        assert shown == text.translate(str.maketrans("_~", "\uff3f\uff5e"))
        return
    head, address = text[:first], text[first:]
    assert shown == head.translate(str.maketrans("_~", "\uff3f\uff5e")) + "".join(
        ch if ch not in "_~" or address[i + 1:i + 2].isalnum()
        else ch.translate(str.maketrans("_~", "\uff3f\uff5e"))
        for i, ch in enumerate(address))


def test_an_address_with_underscores_stays_whole_in_notifications_and_thread_notes() -> None:
    approval = Approval(
        id="A-8", status="rejected", text="Spring sale", network="x", account="main",
        author="ana", content_hash="h", created_at=datetime(2026, 1, 5, tzinfo=UTC),
        decisions=(Decision(at=datetime(2026, 1, 5, tzinfo=UTC), person="dave",
                            verdict="reject", step=0, content_hash="h",
                            comment=f"link {RETURNS} per _legal_, ask first_last@acme.com"),))
    msg = render_card(approval_card(approval))
    assert msg.text == ("approval: A-8: Rejected by dave: "
                        f"link {RETURNS} per \uff3flegal\uff3f, ask first_last@acme.com")
    note = render_text(f"Kasia shared *{RETURNS}* and ~www.acme.com/~ana~")
    assert note.text == (f"Kasia shared \uff0a{RETURNS}\uff0a and "
                         "\uff5ewww.acme.com/~ana\uff5e")


def _mrkdwn_texts(value: object) -> list[str]:
    if isinstance(value, list):
        return [t for v in value for t in _mrkdwn_texts(v)]
    if not isinstance(value, dict):
        return []
    if value.get("type") == "mrkdwn":
        return [str(value["text"])]
    return [t for v in value.values() for t in _mrkdwn_texts(v)]


@pytest.mark.parametrize("into", [0, 1, 2, 3, 4])
def test_no_mrkdwn_piece_of_a_card_is_cut_inside_an_entity(into: int) -> None:
    """Every piece of a card in mrkdwn (network, author and its link, badges, route, status,
    field names, the notification text; a thread line's or answer's notification) holding a
    text whose limit falls ``into`` characters into an ``&amp;``: each is cut before it is
    escaped, so no "&am" and no open link."""
    def at(limit: int) -> str:
        return "n" * (limit - into) + "&" * 40

    c = card(kind="alert", title=at(3_000 - len("alert: ")), network_name=at(40),
             author=at(120 - 1), author_url="https://social.example/@" + "a&b" * 100,
             badges=(at(60),), route=at(120), status=at(80),
             fields=[CardField(name=at(100), value="v")], text="post")
    msg = render_card(c)
    texts = [msg.text, *_mrkdwn_texts(msg.blocks), render_text(at(3_000)).text]
    assert len(texts) == 6  # notification, who, badges, state, field name; a line's notification
    for text in texts:
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), text[-20:]
        assert not re.search(r"<[^>]*\Z", text), text[-20:]
    assert all("…" in t for t in texts) and block_errors(msg.blocks) == []
