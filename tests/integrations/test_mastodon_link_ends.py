"""Where a link ends, as Mastodon counts a status: the link counts as the instance's 23
characters and what follows it counts as typed, so a link's end decides the count at the
instance's limit. Mastodon's StatusLengthValidator replaces each URL that
``Extractor.extract_urls_with_indices(str, extract_url_without_protocol: false)`` finds with 23
``x`` and counts grapheme clusters (mastodon/mastodon app/validators/
status_length_validator.rb); the URL is twitter-text's ``valid_url`` as Mastodon overrides it
(config/initializers/twitter_regex.rb):

* the schemes ``https?``, ``dat``, ``dweb``, ``ipfs``, ``ipns``, ``ssb``, ``gopher`` and
  ``gemini``;
* a path of ``[^\\p{White_Space}<>()?]`` (a ``(`` only as part of balanced parentheses), so it
  stops at ``<``, ``>`` or a ``(`` never closed;
* whose last character is not one of ``( ) ? ! * " ' 「 」 < > ; : = , . $ % [ ] ~ & | @``
  (``valid_url_path_ending_chars``; a closed pair of parentheses may end it): those count as
  typed, anything else (``…``, ``»``, a letter) is the link's own.

Before, a link took everything up to the next space less ``.,:;!?'"…»”’)``: a link followed by
``]``, ``*``, ``>`` or ``&`` counted one short of Mastodon's count (the instance refused at
publish a draft written as fitting, after its approval), and one ending in ``…`` or ``»`` one
over (a draft Mastodon takes refused)."""

from __future__ import annotations

import pytest

from integrations.social.mastodon.length import characters

LINK = "https://acme.com/track/" + "a" * 60  # 83 characters, counted as 23


@pytest.mark.parametrize(("text", "count"), [
    (LINK, 23),
    # ending characters Mastodon leaves out of the link: each counts as typed
    (f"{LINK}]", 24), (f"[{LINK}]", 25), (f"{LINK}*", 24), (f"**{LINK}**", 27),
    (f"{LINK}&", 24), (f"{LINK}|", 24), (f"{LINK}~", 24), (f"{LINK}$", 24), (f"{LINK}%", 24),
    (f"{LINK}=", 24), (f"{LINK}@", 24), (f"{LINK}「", 24), (f"「{LINK}」", 25),
    (f"{LINK}.", 24), (f"{LINK}!?", 25), (f'"{LINK}"', 25), (f"({LINK})", 25),
    # a path stops at < and > and at a parenthesis never closed
    (f"<{LINK}>", 25), (f"{LINK}<3", 25), (f"{LINK}(x", 25),
    # characters that may end a link are the link's own
    (f"{LINK}…", 23), (f"«{LINK}»", 24), (f"{LINK}”", 23),
    ("https://en.wikipedia.org/wiki/Foo_(bar)", 23), ("(https://acme.com/a_(b))", 25),
    # the other schemes Mastodon links
    ("gemini://acme.com/" + "g" * 80, 23), ("ipfs://bafy" + "b" * 55 + ".com/x", 23),
    ("dat://acme.com/x x", 25),
])
def test_a_link_ends_where_mastodon_ends_it(text: str, count: int) -> None:
    assert characters(text) == count


# A mention of another server's account counts as its username only when Mastodon reads it as
# a mention: Account::MENTION_RE (app/models/account.rb) takes a username of ASCII letters,
# digits and _ (USERNAME_RE) and a domain of word characters, and Extractor
# (app/lib/extractor.rb) drops a match followed by an @, a Latin accent or :// (twitter-text's
# end_mention_match). Before, any word character made a username, and what followed was not
# looked at: "@jörg@example.com" counted 5 where Mastodon counts 17.
@pytest.mark.parametrize(("text", "count"), [
    ("@kasia@other.example thanks", len("@kasia thanks")),
    ("@ka.sia_2@東京.example!", len("@ka.sia_2!")),
    ("@jörg@example.com", 17),  # not a username to Mastodon: counted as typed
    ("@kasia@other.example@x", 22),  # followed by an @: no mention
    ("@kasia@other.examplé", len("@kasia")),  # a domain is word characters, é one of them
    ("mail kasia@other.example", len("mail kasia@other.example")),
])
def test_a_mention_counts_its_username_only_where_mastodon_reads_one(
        text: str, count: int) -> None:
    assert characters(text) == count


# The domain decides whether there is a link at all: twitter-text's valid_domain (which Mastodon
# does not override) ends in one of its top-level domains (tlds.py) or a punycode one, not
# followed by an ASCII letter or digit, @, + or -, and is_valid_domain drops a link whose
# domain IDNA cannot convert (a label over 63 characters) or which is over 4,096 characters.
# Before, any domain was a link: "https://shop.example/track/..." counted 23 where Mastodon
# counts every character, so a draft at the instance's limit by our count was refused at
# publish. And a query ends as Mastodon's valid_url_query_ending_chars say: "&" and "=" are
# the link's own, "+" and "^" count as typed (before the other way round).
SHOP = "https://shop.example/track/" + "a" * 60  # 87 characters, all counted


@pytest.mark.parametrize(("text", "count"), [
    (SHOP, 87), (f"see {SHOP} and {LINK}", 4 + 87 + 5 + 23),
    ("http://localhost:3000/health", 28), ("https://127.0.0.1/status", 24),
    ("https://intranet/" + "x" * 40, 57), ("https://acme.test/" + "x" * 40, 58),
    # the longest domain that ends in a known TLD: ".example/x" after acme.com counts as typed
    ("https://acme.com.example/x", 23 + 10), ("https://docs.acme.co.uk/" + "x" * 40, 23),
    # a TLD followed by +, @, - or a letter is none; a non-ASCII letter may follow it
    ("https://acme.com+", 17), ("https://acme.com@x", 18), ("https://acme.comé/x", 23 + 3),
    ("https://東京.jp/" + "x" * 40, 23), ("https://xn--80ak6aa92e.xn--p1ai/" + "x" * 40, 23),
    ("HTTPS://ACME.COM/" + "X" * 40, 23), ("https://bafy" + "b" * 64 + ".com/x", 82),
    ("https://acme.com/" + "x" * 4079, 23), ("https://acme.com/" + "x" * 4090, 4107),
    # where a query ends
    ("https://acme.com/?a=1&", 23), ("https://acme.com/?a=", 23), ("https://acme.com/?a=1+", 24),
    ("https://acme.com/?a=1^", 24), ("https://acme.com/a+", 23), ("https://acme.com/a=", 24),
    ("https://acme.com/?q=naïve", 23), ('https://acme.com/?q="x"', 23 + 3),
    # preceded by a letter of ASCII it is no link; by another letter or "/" it is one
    ("xhttps://acme.com/" + "x" * 40, 58), ("éhttps://acme.com/" + "x" * 40, 24),
])
def test_a_link_is_one_only_with_a_domain_mastodon_links(text: str, count: int) -> None:
    assert characters(text) == count


# Mastodon's own URIs count as a link too (its Extractor adds extract_extra_uris_with_indices,
# twitter_regex.rb valid_extended_uri): an xmpp: address, however short, and a magnet: link,
# however long, are 23; before, both counted as typed ("xmpp:a@b.co", 11, drafted at the limit
# by our count, was 12 over by Mastodon's). A remote mention whose domain is longer than 253
# characters is no mention to Mastodon (Extractor's MAX_DOMAIN_LENGTH): counted as typed.
HASH = "ab" * 20


@pytest.mark.parametrize(("text", "count"), [
    ("xmpp:a@b.co", 23), ("chat with us: xmpp:support@acme.com/mobile?join", 14 + 23),
    ("xmpp:acme.com", 23), ("xmpp://me@acme.com/kasia@acme.com/res", 23),
    ("xmpp:a@b.example", 16), ("see https://acme.com/x xmpp:a@b.co", 4 + 23 + 1 + 23),
    (f"magnet:?xt=urn:btih:{HASH}&dn=acme+manual.pdf", 23), ("magnet:?", 8),
    ("magnet:?xt=a+", 24), ("amagnet:?xt=abc", 15),
    ("@kasia@" + "a" * 240 + ".com thanks", len("@kasia thanks")),
    ("@kasia@" + "a" * 250 + ".com thanks", 268),
])
def test_mastodons_own_uris_and_mention_domains(text: str, count: int) -> None:
    assert characters(text) == count


# A punycode top-level domain is ``xn--`` and letters and digits to Mastodon: the Ruby
# twitter-text it runs (rb/lib/twitter-text/regex.rb valid_punycode, /xn--[0-9a-z]+/i, with no
# look-ahead) ends the link at a "-" after them, which counts as typed; the JavaScript and JVM
# ports that X follows take the "-" in (validPunycode, xn--[-0-9a-z]+). Shared with X's count,
# the hyphenated form made Mastodon's links longer: vermögensberater's own TLD counted 8 short.
@pytest.mark.parametrize(("text", "count"), [
    ("see https://shop.xn--vermgensberater-ctb/abc ok", 4 + 23 + len("-ctb/abc ok")),
    ("https://shop.xn--a-b", 23 + 2), ("https://xn--80ak6aa92e.xn--p1ai/" + "x" * 40, 23),
])
def test_a_punycode_tld_ends_where_mastodons_ruby_twitter_text_ends_it(text: str,
                                                                       count: int) -> None:
    assert characters(text) == count
