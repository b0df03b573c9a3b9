"""The hostile-text corpus: social posts written to ping a whole company, inject links or
formatting, hide or reorder text, or blow through length limits. Every workspace renderer (console,
Slack, Discord) must show them as inert text: nothing may ping or render as a link.

Add a case whenever a new trick is seen in the wild; every renderer picks it up through the
Workspace contract suite (``tests/workspaces/contract.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hostile:
    name: str
    text: str
    visible: bool = True  # short enough that the reader must see it (cleaned) in full

    def __str__(self) -> str:  # pytest ids
        return self.name


ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

CORPUS: tuple[Hostile, ...] = (
    # Slack special mentions and entities
    Hostile("slack_channel", "hey <!channel> look"),
    Hostile("slack_here", "<!here> urgent"),
    Hostile("slack_everyone", "<!everyone>"),
    Hostile("slack_channel_labelled", "<!channel|channel> ping"),
    Hostile("slack_user", "cc <@U123>"),
    Hostile("slack_user_labelled", "<@U123|the boss>"),
    Hostile("slack_subteam", "<!subteam^S1> and <!subteam^S1|@support>"),
    Hostile("slack_channel_link", "see <#C123|general>"),
    Hostile("slack_link", "<http://evil.example|click here>"),
    Hostile("slack_link_bare", "<https://evil.example/x>"),
    Hostile("slack_mailto", "<mailto:ceo@evil.example|mail the CEO>"),
    Hostile("slack_nested", "<<!channel>> <<@U1>>"),
    Hostile("slack_pre_escaped", "&lt;!channel&gt; &amp;lt;!here&amp;gt;"),
    Hostile("slack_date", "<!date^1392734382^{date}|Feb 18>"),
    # Discord mentions
    Hostile("discord_everyone", "@everyone free crypto"),
    Hostile("discord_here", "@here look"),
    Hostile("discord_role", "<@&123> ping role"),
    Hostile("discord_user", "<@123456789012345678> and <@!123456789012345678>"),
    Hostile("discord_channel", "<#123456789012345678>"),
    Hostile("discord_slash", "</socialops approve:123456789012345678>"),
    Hostile("at_channel_word", "@channel @Channel @here"),
    # Markdown and formatting
    Hostile("markdown_link", "[x](http://evil.example)"),
    Hostile("markdown_link_title", '[Your invoice](https://evil.example/pay "Invoice")'),
    Hostile("markdown_image", "![img](http://evil.example/a.png)"),
    Hostile("masked_autolink", "<https://evil.example/masked>"),
    Hostile("code_fence", "```\n<!channel> @everyone\n```"),
    Hostile("inline_code", "`<!here>` and `@everyone`"),
    Hostile("formatting", "*bold* _it_ ~strike~ **b** __u__ ||spoiler|| # Heading"),
    Hostile("quote_and_list", "> quoted\n- item\n1. one"),
    # Invisible and reordering characters
    Hostile("zero_width_split", f"<{ZERO_WIDTH}!channel> @{ZERO_WIDTH}everyone"),
    Hostile("zero_width_all", f"a{ZERO_WIDTH}b"),
    Hostile("rtl_override", "invoice\u202eexe.pdf"),
    Hostile("bidi_all", f"x{BIDI}y"),
    Hostile("control_chars", "\x1b[31mred\x1b[0m \x07 \x00 \x08 \x1b]8;;http://evil.example\x1b\\x"),
    # Size
    Hostile("huge_50k_pings", "<!channel> @everyone <@U123> " * 2_000, visible=False),
    Hostile("huge_50k_one_word", "A" * 50_000, visible=False),
    Hostile("huge_50k_entities", "&<>" * 17_000, visible=False),
    Hostile("huge_emoji", "😀" * 20_000, visible=False),
    Hostile("huge_lines", "line\n" * 10_000, visible=False),
    Hostile("zalgo", "Z" + "\u0335\u0321\u0322\u031b" * 500, visible=False),
)

# Bare URLs in a post are the post's own content; clients may link them on their own (Slack's
# verbatim text does not; Discord always does). They are kept out of the strict corpus above.
BARE_URLS = ("http://evil.example/bare", "www.evil.example")
