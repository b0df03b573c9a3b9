"""A newcomer's review (2026-12-07): the README and docs/ followed verbatim on a fresh clone,
then held wrong on purpose. Each test fails on the code reviewed and passes once the command
does what the README says, or says what is wrong in one line with what to do."""

from __future__ import annotations

from pathlib import Path

from tests.app.cli_support import Cli, clean_env

# -- 1. `socialops fetch` made an empty store where none was meant ---------------------------


def test_fetch_without_a_store_writes_none(tmp_path: Path, cli: Cli) -> None:
    """README: fetch polls one source once, "no routing, no posting, cursor untouched". In the
    quick start's folder before any `socialops run`, it made `data/`, a 240 KB database and its
    lock there: a store nobody meant, which the readers (`why`, `audit`) then took for the
    bot's and reported nothing from."""
    assert cli("init", "--yes", cwd=tmp_path, env=clean_env()).returncode == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    fetched = cli("fetch", "sample", cwd=tmp_path, env=clean_env())
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stderr.startswith("50 mention(s), 0 skipped"), fetched.stderr
    assert len(fetched.stdout.splitlines()) == 50
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no data/, no database
    why = cli("why", "T-1", cwd=tmp_path, env=clean_env())  # still no bot's store to read
    assert why.returncode == 1 and "no database there" in why.stderr, why.stderr


# -- 2. `socialops --dir rules init`: "socialops rules: unknown command 'init'" ---------------

def test_an_option_before_init_whose_value_is_a_command_says_to_move_it(tmp_path: Path,
                                                                          cli: Cli) -> None:
    """`socialops --dir out init` says `--dir out came before the command`; with a folder
    named as a command (`--dir rules`, `--dir run`), argparse read the folder as the command
    and `init` as its own: `socialops rules: unknown command 'init' (choose from 'test',
    'explain')`, nothing of --dir, nor of where it goes."""
    for folder in ("rules", "report"):
        said = cli("--dir", folder, "init", cwd=tmp_path, env=clean_env())
        assert said.returncode == 2, said
        assert said.stderr == (f"error: socialops: --dir {folder} came before the command; "
                               f"write it after it: socialops init --dir {folder}; see "
                               "`socialops --help`\n"), said.stderr
    assert not list(tmp_path.iterdir())  # nothing written
    # a command's own mistake is said as before
    said = cli("rules", "init", cwd=tmp_path, env=clean_env())
    assert said.returncode == 2 and "unknown command 'init'" in said.stderr, said.stderr


# -- 3. a pretty-printed mention under a `#` comment line: said line by line only ------------

def test_a_mention_over_several_lines_under_a_comment_is_said_so(tmp_path: Path,
                                                                  cli: Cli) -> None:
    """docs/replay-format.md: lines starting with `#` are ignored, and a mention written over
    several lines (as its example is shown) is said so, with the `jq -c` that writes it one a
    line. With a `#` line above it (a newcomer notes where the example came from), the hint
    was lost: "all 8 line(s) with content were skipped"; and `jq -c .` alone stops at the `#`,
    so the command said must leave the comments out first."""
    import re

    text = (Path(__file__).parents[2] / "docs" / "replay-format.md").read_text(encoding="utf-8")
    found = re.search(r"```json\n(.*?)```", text, re.S)
    assert found is not None
    assert cli("init", "--yes", cwd=tmp_path, env=clean_env()).returncode == 0
    (tmp_path / "example.jsonl").write_text(
        "# the example of docs/replay-format.md\n" + found.group(1), encoding="utf-8")
    proc = cli("replay", "example.jsonl", cwd=tmp_path, env=clean_env())
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.splitlines()[-1] == (
        "error: example.jsonl: nothing could be read: it holds one mention written over 8 "
        "lines, where a replay file holds each on a line of its own: `grep -v "
        "'^[[:space:]]*#' example.jsonl | jq -c .` writes it so (see docs/replay-format.md)"
    ), proc.stderr
    two = found.group(1).replace("mastodon:113456789012345678", "mastodon:2")
    (tmp_path / "two.jsonl").write_text(
        "# first\n" + found.group(1) + "  # second\n" + two, encoding="utf-8")
    proc = cli("replay", "two.jsonl", cwd=tmp_path, env=clean_env())
    assert proc.stderr.splitlines()[-1] == (
        "error: two.jsonl: nothing could be read: it holds 2 mentions written over 16 lines, "
        "where a replay file holds each on a line of its own: `grep -v '^[[:space:]]*#' "
        "two.jsonl | jq -c .` writes it so (see docs/replay-format.md)"), proc.stderr


# -- 4. `socialops -c check`: "a command is required", with check right there ----------------

def test_a_command_taken_as_an_options_value_is_said_so(tmp_path: Path, cli: Cli) -> None:
    """`-c` takes the config file: `socialops -c check` (the file forgotten) read `check` as
    it, then said only "the following arguments are required: a command (demo, init, ...)",
    the command typed being in that list."""
    said = cli("-c", "check", cwd=tmp_path, env=clean_env())
    assert said.returncode == 2 and len(said.stderr.splitlines()) == 1, said.stderr
    assert ("-c check: 'check' was read as the value of -c, not as the command; give -c its "
            "value: socialops -c FILE check") in said.stderr, said.stderr


# -- 5. `init --person bob`: "write NAME=VALUE", which is not the form --person takes -------

def test_init_pairs_say_the_form_their_flag_takes(tmp_path: Path, cli: Cli) -> None:
    """README: `--channel NAME=ID`, `--person ID=MEMBER_ID[:ROLE]`. Either written without
    its `=` said "write NAME=VALUE": for a person, which name and which value?"""
    said = cli("init", "--yes", "--workspace", "slack", "--person", "bob", cwd=tmp_path,
               env=clean_env())
    assert said.returncode == 1, said
    assert said.stderr == ("error: --person 'bob': write ID=MEMBER_ID[:ROLE] (a person id, "
                           "their Slack or Discord member id, and a role), e.g. "
                           "bob=U0123ABCD:agent\n"), said.stderr
    said = cli("init", "--yes", "--workspace", "slack", "--channel", "support",
               cwd=tmp_path, env=clean_env())
    assert said.stderr.startswith(
        "error: --channel 'support': write NAME=ID (support, approvals or ops, and the "
        "channel's id), e.g. support=C0123ABCD\n"), said.stderr
    said = cli("init", "--yes", "--channel", "support", cwd=tmp_path, env=clean_env())
    assert said.stderr.endswith("e.g. support=support\n"), said.stderr  # the console's ids
    assert not list(tmp_path.iterdir())


# -- 6. `rules explain --mention DIR`: "file not found", with the folder right there ----------

def test_explain_of_a_folder_says_it_is_one(tmp_path: Path, cli: Cli) -> None:
    """Every other command given a folder for a file says "is a directory, not a file" (replay,
    enrich, rules test, draft --from); `rules explain --mention` said "file not found"."""
    assert cli("init", "--yes", cwd=tmp_path, env=clean_env()).returncode == 0
    (tmp_path / "posts").mkdir()
    said = cli("rules", "explain", "--mention", "posts", cwd=tmp_path, env=clean_env())
    assert said.returncode == 1, said
    assert said.stderr == ("error: --mention posts: is a directory, not a file; name a file "
                           "holding one mention as JSON\n"), said.stderr


# -- 7. `init --dir bot`, then `check` where init ran: "write one with socialops init" -------

def test_a_config_in_a_folder_below_or_above_is_named(tmp_path: Path, cli: Cli) -> None:
    """`socialops init --dir bot` ends "next: cd bot, then socialops check"; a newcomer who ran
    `socialops check` where they were was told "config file not found; write one with
    `socialops init`", which they had just done. The config a folder below (or above) is
    named, with the cd that reads it as written."""
    assert cli("init", "--yes", "--dir", "bot", cwd=tmp_path, env=clean_env()).returncode == 0
    said = cli("check", cwd=tmp_path, env=clean_env())
    assert said.returncode == 1 and len(said.stderr.splitlines()) == 1, said.stderr
    assert said.stderr.startswith(
        "socialops.yaml: config file not found here; bot/socialops.yaml is there: cd bot "
        "first"), said.stderr
    below = tmp_path / "bot" / "data"
    below.mkdir()
    said = cli("check", cwd=below, env=clean_env())
    assert said.stderr.startswith(
        "socialops.yaml: config file not found here; ../socialops.yaml is there: cd .. "
        "first"), said.stderr
    (tmp_path / "elsewhere").mkdir()  # none above, none below: write one
    said = cli("check", cwd=tmp_path / "elsewhere", env=clean_env())
    assert said.stderr == ("socialops.yaml: config file not found; write one with `socialops "
                           "init`, or pass -c FILE\n"), said.stderr


# -- 8. `match: {keywords: [pricing]}`: "unknown field", no word of where keywords go --------

def test_keywords_written_as_a_key_say_where_keywords_go(tmp_path: Path, cli: Cli) -> None:
    """docs/rules.md and the README speak of a route's keywords throughout; a newcomer wrote
    `match: {keywords: [pricing]}` and was told only "unknown field (known: any, all, ...)"."""
    assert cli("init", "--yes", cwd=tmp_path, env=clean_env()).returncode == 0
    rules = tmp_path / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + (
        "  - name: sales\n    match: {keywords: [pricing]}\n    channel: support\n"),
        encoding="utf-8")
    said = cli("check", cwd=tmp_path, env=clean_env())
    assert said.returncode == 1, said
    assert said.stderr.splitlines()[0] == (
        "rules.yaml:29: routes[4].match.keywords: unknown field; keywords go in any: (a post "
        "with one of them), all: (with every one) or query: (pricing OR \"price list\"): "
        "docs/rules.md"), said.stderr


# -- 9. `rules: rules.yml` beside the rules.yaml init wrote: no word of the one meant --------

def test_a_misspelt_rules_path_names_the_file_beside_it(tmp_path: Path, cli: Cli) -> None:
    """`-c socialops.yml` beside a socialops.yaml says "did you mean socialops.yaml?"; the
    config's `rules: rules.yml` beside the rules.yaml init wrote said only "file not found"."""
    assert cli("init", "--yes", cwd=tmp_path, env=clean_env()).returncode == 0
    config = tmp_path / "socialops.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "rules: rules.yaml", "rules: rules.yml"), encoding="utf-8")
    said = cli("check", cwd=tmp_path, env=clean_env())
    assert said.returncode == 1, said
    assert said.stderr.splitlines()[0] == (
        "socialops.yaml:33: rules: file not found: rules.yml (relative to the config file's "
        "folder); did you mean rules.yaml? create it (socialops init writes one) or fix the "
        "path"), said.stderr


async def test_fetch_of_a_bluesky_source_without_a_store_keeps_its_login(tmp_path: Path) -> None:
    """A fetch without a store read beside a temporary one (1124c0b0), thrown away with the
    Bluesky session kept in it: every fetch logged in again (``createSession``), which the PDS
    allows 30 times in 5 minutes and 300 a day per account (tests/support/fake_atproto.py), the
    same account whose `run` then could not log in. The session is now kept in the config's
    store, as `run` keeps it, and the next fetch (and `run`) starts from it (a review,
    2026-12-07; failed before)."""
    import io

    from bot.app.cli import _fetch
    from bot.core.config import load_config
    from tests.support.fake_atproto import FakeAppView, FakePds
    from tests.support.netserver import NetServer

    async with NetServer() as appview_net, NetServer() as pds_net:
        pds = FakePds(pds_net, FakeAppView(appview_net))
        pds.add_account("did:plc:acmeacmeacmeacmeacmeacme", "acme.test", "app-pass")
        path = tmp_path / "socialops.yaml"
        path.write_text(f"""\
workspaces: [{{name: console, type: console}}]
sources:
  - {{id: bsky, type: bluesky, pds_url: "{pds_net.base}", base_url: "{appview_net.base}",
     handle: acme.test, app_password: app-pass, queries: [acme]}}
store: {{path: "{tmp_path / 'data' / 's.db'}"}}
""", encoding="utf-8")
        for _ in range(3):
            assert await _fetch(load_config(path), "bsky", as_json=True, out=io.StringIO()) == 0
        await pds.close()
    assert len(pds.logins["acme.test"]) == 1, pds.logins
