"""A newcomer's walk past `make demo` and `make test`: README.md and the docs pages it links
for a real deployment (configuration, each network's source, Slack, Discord, rules), typed as
written, with the mistakes a newcomer makes on the way. Each ends in one line naming the file,
line and field (or what to fix), or is taken as meant where the docs say it is. Cases
tests/app/test_cli_mistakes.py and test_user_errors.py already hold are not repeated here."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.errors import ConfigErrors
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.rss.config import RssSourceConfig
from tests.app.cli_support import Cli, clean_env


def problems(proc: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """``check``'s problems as {field: 'file:line'}: one line each, no traceback."""
    assert "Traceback" not in proc.stderr, proc.stderr
    found: dict[str, str] = {}
    for line in proc.stderr.splitlines():
        if (where := LINE.match(line)) is not None:
            found[where["field"]] = where["at"]
    return found


LINE = re.compile(r"^(?P<at>[^:\s]+:\d+): (?P<field>[^:\s]+): ")


# --- `check` says every problem in one run ------------------------------------------------


@pytest.mark.parametrize("secret", ["'zz zz'", "'\"abc\"'", "'Bearer abc'"])
def test_a_refused_signing_secret_hides_not_the_missing_port(cli: Cli, tmp_path: Path,
                                                           secret: str) -> None:
    """A signing secret the schema refused left its workspace without one, and every check
    that "needs" something of the workspace (the HTTP server http mode needs) waited for its
    fix: the missing port was said only by the next run."""
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces:\n"
                      "  - name: slack\n    type: slack\n    mode: http\n"
                      "    bot_token: xoxb-1\n"
                      f"    signing_secret: {secret}\n"
                      "channels:\n  support: {workspace: slack, id: C0123456789}\n",
                      encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1
    said = problems(proc)
    assert said == {"workspaces[0].signing_secret": "socialops.yaml:6",
                    "workspaces[0].mode": "socialops.yaml:4"}, proc.stderr
    assert "set http.port (or PORT)" in proc.stderr


def test_a_refused_time_zone_hides_not_the_missing_port(cli: Cli, tmp_path: Path) -> None:
    """Any refused value of the workspace, not only its secrets: each check stands alone."""
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces:\n"
                      "  - {name: slack, type: slack, mode: http, bot_token: xoxb-1,\n"
                      "     signing_secret: 0123456789abcdef, timezone: Mars/Olympus}\n",
                      encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1
    assert set(problems(proc)) == {"workspaces[0].timezone", "workspaces[0].mode"}, \
        proc.stderr


# --- a secret pasted with a blank at its end ----------------------------------------------


SECRETS = """\
workspaces:
  - {name: console, type: console}
sources:
  - {id: bsky, type: bluesky, handle: acme.bsky.social,
     app_password: "${BLUESKY_APP_PASSWORD}", notifications: true}
  - {id: rd, type: reddit, subreddits: [acme], client_id: "${REDDIT_CLIENT_ID}",
     client_secret: "${REDDIT_CLIENT_SECRET}", username: acme, password: "${REDDIT_PASSWORD}"}
"""


@pytest.mark.parametrize("end", ["\n", " ", "\r\n", "\t"])
def test_a_network_secret_from_a_file_loses_the_blank_at_its_end(tmp_path: Path,
                                                                 end: str) -> None:
    """`echo secret > file` or a copied line leaves a line break after it: Slack's, Discord's,
    Mastodon's and X's secrets lose it since the last stop, but Bluesky's app password and
    Reddit's app id, secret and password were sent with it, every session refused ("check its
    handle and app_password") with check saying OK."""
    config = tmp_path / "socialops.yaml"
    config.write_text(SECRETS, encoding="utf-8")
    loaded = load_config(config, env={
        "BLUESKY_APP_PASSWORD": f"abcd-efgh-ijkl-mnop{end}", "REDDIT_CLIENT_ID": f"id-1{end}",
        "REDDIT_CLIENT_SECRET": f"{end}secret_2{end}", "REDDIT_PASSWORD": f"pass word{end}"})
    bsky, rd = loaded.config.sources
    assert isinstance(bsky, BlueskySourceConfig) and isinstance(rd, RedditSourceConfig)
    assert bsky.app_password == "abcd-efgh-ijkl-mnop"
    assert (rd.client_id, rd.client_secret) == ("id-1", "secret_2")
    # an account's own password may hold a space inside (Reddit's always is one; Bluesky's
    # runs with a warning): only its ends are the paste's
    assert rd.password == "pass word"


def test_a_network_secret_with_an_invisible_character_names_its_place(tmp_path: Path) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text(SECRETS, encoding="utf-8")
    with pytest.raises(ConfigErrors) as caught:
        load_config(config, env={
            "BLUESKY_APP_PASSWORD": "abcd-efgh\u200b-ijkl-mnop", "REDDIT_CLIENT_ID": "id 1",
            "REDDIT_CLIENT_SECRET": "secret", "REDDIT_PASSWORD": "hunter\x002"})
    said = {e.field: e.message for e in caught.value.errors}
    assert set(said) == {"sources[0].app_password", "sources[1].client_id",
                         "sources[1].password"}, said
    assert "U+200B (zero width space) at character 10" in said["sources[0].app_password"]
    assert "U+0020 (a space) at character 3" in said["sources[1].client_id"]
    assert "U+0000" in said["sources[1].password"] and "hunter" not in said["sources[1].password"]


# --- the walk: a deployment's config as the docs write it, and a newcomer's slips in it -----


DEPLOYMENT = """\
sources:
  - id: fedi
    type: mastodon
    base_url: https://mastodon.social
    token: ${MASTODON_TOKEN}
    hashtags: [acme]
workspaces:
  - type: slack
    name: acme
    bot_token: ${SLACK_BOT_TOKEN}
    signing_secret: ${SLACK_SIGNING_SECRET}
    mode: http
  - name: discord
    type: discord
    token: ${DISCORD_BOT_TOKEN}
    application_id: "123456789012345678"
channels:
  support: {workspace: acme, id: C0123456789}
  ops: {workspace: discord, id: "345678901234567890"}
http:
  port: 8080
"""
ENV = {"MASTODON_TOKEN": "abcdefTOKEN123", "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
       "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef",
       "DISCORD_BOT_TOKEN": "MTIzNDU2.Gabcde.xyz"}
SLACK_HOOK = "https://hooks.slack.com/services/T0000/B0000/s3cretHOOKpart"
DISCORD_HOOK = "https://discord.com/api/webhooks/123456789012345678/s3cretHOOKpart"

# (what the newcomer wrote in place of the docs' text, the field said, what the line says)
SLIPS = [
    # a webhook's address where the bot's token goes: Discord's passed check, and every start
    # failed on it ("Improper token")
    (("${DISCORD_BOT_TOKEN}", DISCORD_HOOK), "workspaces[1].token",
     "is a Discord webhook's address, not a token"),
    (("${SLACK_BOT_TOKEN}", SLACK_HOOK), "workspaces[0].bot_token",
     "is a Slack incoming webhook's address, not a token"),
    # ... or as the API's address, its own platform's or the other's: each passed check
    (("mode: http\n", f"mode: http\n    api_url: {SLACK_HOOK}\n"), "workspaces[0].api_url",
     "is a Slack incoming webhook's address (not repeated here"),
    (("mode: http\n", f"mode: http\n    api_url: {DISCORD_HOOK}\n"), "workspaces[0].api_url",
     "write 'https://slack.com/api/'"),
    (('application_id: "123456789012345678"\n',
      'application_id: "123456789012345678"\n    api_url: https://slack.com/api/\n'),
     "workspaces[1].api_url", "is Slack's address, not Discord's API"),
    (('application_id: "123456789012345678"\n',
      f'application_id: "123456789012345678"\n    api_url: {DISCORD_HOOK}\n'),
     "workspaces[1].api_url", "is a Discord webhook's address"),
    # a Mastodon instance written as the account's address: 'https://@acme@mastodon.social'
    # was the URL offered
    (("base_url: https://mastodon.social", "base_url: '@acme@mastodon.social'"),
     "sources[0].base_url", "did you mean its server, 'https://mastodon.social'?"),
    # a variable named wrongly: only "export it" was said, beside the one exported
    (("${MASTODON_TOKEN}", "${MASTADON_TOKEN}"), "sources[0].token",
     "did you mean ${MASTODON_TOKEN}, which is set?"),
    (("${SLACK_BOT_TOKEN}", "${SLACK_TOKEN}"), "workspaces[0].bot_token",
     "did you mean ${SLACK_BOT_TOKEN}, which is set?"),
    (("${SLACK_BOT_TOKEN}", "${slack_bot_token}"), "workspaces[0].bot_token",
     "did you mean ${SLACK_BOT_TOKEN}, which is set?"),
]


@pytest.mark.parametrize(("slip", "field", "said"), SLIPS,
                         ids=[f"{i}-{field}" for i, (_, field, _) in enumerate(SLIPS)])
def test_a_newcomer_slip_is_one_line_at_its_field(cli: Cli, tmp_path: Path,
                                                  slip: tuple[str, str], field: str,
                                                  said: str) -> None:
    written, instead = slip
    assert written in DEPLOYMENT
    (tmp_path / "socialops.yaml").write_text(DEPLOYMENT.replace(written, instead, 1),
                                             encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env={**clean_env(), **ENV})
    assert proc.returncode == 1
    found = problems(proc)
    assert list(found) == [field], proc.stderr
    line = next(line for line in proc.stderr.splitlines() if f": {field}: " in line)
    assert said in line, line
    assert "s3cretHOOKpart" not in proc.stderr  # a webhook's address holds its secret


def test_the_deployment_as_the_docs_write_it_passes(cli: Cli, tmp_path: Path) -> None:
    """What the slips above are made in: without them, check says OK (so each line above is
    the slip's alone)."""
    (tmp_path / "socialops.yaml").write_text(DEPLOYMENT, encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env={**clean_env(), **ENV})
    assert proc.returncode == 0, proc.stderr


def test_a_single_value_where_a_source_takes_a_list_is_a_list_of_one(tmp_path: Path) -> None:
    """`hashtags: acme` was refused "should be a list": the intent is clear, and the rules
    file reads `network: x` as [x] (docs/rules.md). What the one item holds is checked as an
    item's (an address for a subreddit is still said, at the key's line)."""
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces:\n  - {name: console, type: console}\nsources:\n"
                      "  - {id: fedi, type: mastodon, hashtags: acme}\n"
                      "  - {id: rd, type: reddit, client_id: a, client_secret: b,\n"
                      "     subreddits: r/acme}\n"
                      "  - {id: feeds, type: rss, urls: 'https://example.com/feed.xml'}\n",
                      encoding="utf-8")
    fedi, rd, feeds = load_config(config, env={}).config.sources
    assert isinstance(fedi, MastodonSourceConfig) and fedi.hashtags == ("acme",)
    assert isinstance(rd, RedditSourceConfig) and rd.subreddits == ("r/acme",)
    assert isinstance(feeds, RssSourceConfig) and feeds.urls == ("https://example.com/feed.xml",)
    config.write_text(config.read_text(encoding="utf-8").replace(
        "subreddits: r/acme", "subreddits: 'https://www.reddit.com/r/acme/'"), encoding="utf-8")
    with pytest.raises(ConfigErrors) as caught:
        load_config(config, env={})
    assert [(e.line, e.field) for e in caught.value.errors] == [(6, "sources[1].subreddits[0]")]
    assert "did you mean 'acme'?" in caught.value.errors[0].message
