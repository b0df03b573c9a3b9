"""`socialops check` refuses a rules file whose mentions, languages or silences name nothing
(a card would show `notify: @nobody`), and `rules explain --lang` takes a language code."""

from __future__ import annotations

from pathlib import Path

from tests.app.cli_support import Cli, assert_one_line_error, clean_env

CONFIG = """\
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
people:
  - {id: me, groups: [support], identities: {console: me}}
rules: rules.yaml
"""

RULES = """\
routes:
  - name: x
    match: {any: [acme], language: [english]}
    channel: support
    mention: {users: [nobody], groups: [nogroup]}
silences:
  - {id: S1, routes: [nosuchroute], who: me, why: test, until: 2027-01-01T00:00:00Z}
"""


def test_check_names_every_dangling_reference(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env=clean_env())
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "rules.yaml:3: routes[0].match.language[0]: 'english' is not an ISO 639-1 language "
        "code; use en",
        "rules.yaml:5: routes[0].mention.users[0]: unknown person 'nobody'; name a person id "
        "from the config's people: (known: me)",
        "rules.yaml:5: routes[0].mention.groups[0]: unknown group 'nogroup'; use a group named "
        "in the config's people: groups or under groups: (known: support)",
        "rules.yaml:7: silences[0].routes[0]: matches no route: 'nosuchroute'",
        "4 problem(s) found; fix them and run socialops check again",
    ]


def test_explain_refuses_a_language_name(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: x, match: {language: [en]}, channel: support}\n", encoding="utf-8")
    proc = cli("rules", "explain", "--text", "acme", "--lang", "english", cwd=tmp_path,
               env=clean_env())
    assert_one_line_error(proc, "--lang: 'english' is not an ISO 639-1 language code; use en")
    # and a language code is taken, through the installed command as a user runs it
    proc = cli("rules", "explain", "--text", "the acme app is down again and nothing "
               "works", "--lang", "en", cwd=tmp_path, env=clean_env())
    assert proc.returncode == 0 and "✔ x" in proc.stdout, proc
