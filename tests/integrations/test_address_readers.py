"""Every network's address readers (what ``why`` and each source's ``lookup`` read a post's
address with) say "not this network's" for any string, never raise: an address is typed or
pasted by a user, or taken from a hostile post, and ``urlsplit`` raises ValueError on a
bracketed host that is no IP address ("https://[zz]/") or an unclosed one ("http://[::1")."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.core.networks import X_POST_HOSTS
from handlers.why import network_of
from integrations.social.bluesky.parse import post_ref
from integrations.social.hackernews.parse import item_id_of
from integrations.social.mastodon.parse import server_of, status_address
from integrations.social.reddit.parse import fullname_of
from integrations.social.x.parse import tweet_id_of

READERS: dict[str, Callable[[str], object]] = {
    "x tweet_id_of": tweet_id_of,
    "reddit fullname_of": fullname_of,
    "hackernews item_id_of": item_id_of,
    "mastodon status_address": status_address,
    "mastodon server_of": server_of,
    "bluesky post_ref": post_ref,
    "why network_of": network_of,
}

# hosts urlsplit refuses, each under every network's own host and path
_BAD_HOSTS = ("[zz]", "[::1", "[v1.x]", "a@[zz]", "[::1]]", "[1.2.3.4]", "::1]", "[", "]",
              "[::1]x", "x[::1]")
_PATHS = ("/", "/a/status/1", "/r/a/comments/abc", "/item?id=1", "/@a/1",
          "/profile/a.bsky.social/post/3k", "")
_SCHEMES = ("https://", "http://", "HTTPS://", "//", "")



def _refused(url: str) -> bool:
    try:
        urlsplit(url.strip())
    except ValueError:
        return True
    return False


# the addresses urlsplit refuses: no network's
malformed = st.builds(lambda scheme, user, host, port, path: f"{scheme}{user}{host}{port}{path}",
                      st.sampled_from(_SCHEMES), st.sampled_from(("", "u@", "u:p@")),
                      st.sampled_from(_BAD_HOSTS),
                      st.sampled_from(("", ":", ":99999", ":x", ":-1", ":443")),
                      st.sampled_from(_PATHS)).filter(_refused)


@pytest.mark.parametrize("name", READERS)
@settings(max_examples=150, deadline=None)
@given(url=malformed)
@example(url="https://[zz]/")
@example(url="http://[::1")
@example(url="https://x.com[zz]/a/status/1")
def test_a_malformed_address_is_no_network_s(name: str, url: str) -> None:
    assert READERS[name](url) is None


@pytest.mark.parametrize("name", READERS)
@settings(max_examples=150, deadline=None)
@given(url=st.one_of(st.text(max_size=80),
                     st.builds(lambda a, b: a + b, st.sampled_from(_SCHEMES), st.text(max_size=60)),
                     malformed.map(lambda u: u + "\x00\n ").filter(bool)))
def test_any_string_is_read_without_raising(name: str, url: str) -> None:
    READERS[name](url)  # a value or None: never an exception


# A valid address in another form still names its post, to its network's reader and to why's
# network_of (which picks the sources asked to look it up): a host written with a fully
# qualified name's last dot ("x.com.", as a browser opens it), in capitals, or with its
# default port; and X's old "#!" addresses (twitter.com/#!/<user>/status/<id>). Before, a last
# dot made each of X's, Reddit's and Hacker News' readers say "not this network's", and
# network_of call the address an RSS post's, so why asked no source that could find it.
@pytest.mark.parametrize(("url", "network", "reader", "read"), [
    ("https://x.com./kasia/status/123", "x", tweet_id_of, "123"),
    ("https://X.COM./kasia/status/123", "x", tweet_id_of, "123"),
    ("https://mobile.twitter.com./kasia/status/123", "x", tweet_id_of, "123"),
    ("http://twitter.com/#!/kasia/status/123", "x", tweet_id_of, "123"),
    ("https://twitter.com/#!/kasia/status/123/", "x", tweet_id_of, "123"),
    ("https://x.com:443/kasia/status/123", "x", tweet_id_of, "123"),
    ("https://www.reddit.com./r/a/comments/abc/t/", "reddit", fullname_of, "t3_abc"),
    ("https://old.reddit.com./r/a/comments/abc/t/def/", "reddit", fullname_of, "t1_def"),
    ("https://redd.it./abc", "reddit", fullname_of, "t3_abc"),
    ("https://news.ycombinator.com./item?id=1", "hackernews", item_id_of, "1"),
    ("https://news.ycombinator.com:443/item?id=1", "hackernews", item_id_of, "1"),
])
def test_a_valid_address_in_another_form_is_read(url: str, network: str,
                                                  reader: Callable[[str], object],
                                                  read: str) -> None:
    assert network_of(url) == network
    assert reader(url) == read


# X's hosts are one list (bot.core.networks.X_POST_HOSTS) that why's network_of and the X
# source's tweet_id_of both read, the host however written: two copies had drifted in how they
# read it, and an address tweet_id_of reads ("ｘ.com", fullwidth, as an IME types it: IDNA's
# x.com) network_of called an RSS post's, so why asked no X source to look it up.
@pytest.mark.parametrize("form", ["{}", "www.{}", "{}.", "CAPITALS", "FULLWIDTH"])
@pytest.mark.parametrize("name", sorted(X_POST_HOSTS))
def test_why_and_the_x_source_read_one_list_of_x_hosts(name: str, form: str) -> None:
    written = ("".join(chr(ord(c) + 0xFEE0) if c.isalpha() else c for c in name)
               if form == "FULLWIDTH" else name.upper() if form == "CAPITALS"
               else form.format(name))
    url = f"https://{written}/kasia/status/123"
    assert network_of(url) == "x", url
    assert tweet_id_of(url) == "123", url


def test_a_host_only_like_x_s_is_neither_s() -> None:
    for url in ("https://x.com.evil.example/kasia/status/123", "https://notx.com/a/status/1",
                "https://twitter.co/a/status/1", "https://xn--x-com/a/status/1"):
        assert network_of(url) != "x" and tweet_id_of(url) is None, url
