"""Hostile configuration (issue 20, "Hostile configuration"): each bomb given to `socialops
check` ends in one line naming the problem, with bounded memory and in bounded time.

Memory is the child's own peak RSS (``os.wait4``), bounded well below what the bombs would
take if expanded; time is a generous ceiling (``TIME_LIMIT``, far above the second or two a
refusal takes even on a loaded 2-CPU machine), enforced by killing the child, never asserted
as a measurement. Those bounds are the child's, so the bombs' checks run the installed command;
the rest run the same ``main`` in the test's process (``cli``), a hostile character or time
bounded by what its check allocates.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest

from tests.app.cli_support import SOCIALOPS, Cli, assert_one_line_error, clean_env

TIME_LIMIT = 60.0
PEAK_RSS_MB = 200  # a plain `socialops check` peaks around 55 MB

GOOD_HEAD = "workspaces: [{name: console, type: console}]\n"


# The peak RSS is measured by a small parent of the check (RUSAGE_CHILDREN): Linux carries a
# forking process's own peak into its child's ru_maxrss, so measured straight from pytest (a
# few hundred MB by then) the figure would be pytest's, not the check's.
_MEASURE = ("import resource, subprocess, sys\n"
            "code = subprocess.run(sys.argv[1:]).returncode\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "sys.stderr.write(f'\\npeak-rss-kb {peak}\\n')\n"
            "sys.exit(code)\n")


def check_bounded(cwd: Path) -> tuple[int, str, float]:
    """Run `socialops check` in ``cwd``: exit code, stderr, peak RSS in MB."""
    proc = subprocess.Popen([sys.executable, "-c", _MEASURE, SOCIALOPS, "check"], cwd=cwd,
                            env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, stdin=subprocess.DEVNULL, start_new_session=True)
    timer = threading.Timer(TIME_LIMIT, os.killpg, (proc.pid, signal.SIGKILL))
    timer.start()
    try:
        assert proc.stderr is not None
        err = proc.stderr.read()
        proc.wait()
    finally:
        timer.cancel()
    assert proc.returncode != -signal.SIGKILL, f"check took longer than {TIME_LIMIT:.0f} s"
    err, _, peak = err.rpartition("\npeak-rss-kb ")
    return proc.returncode, err.rstrip("\n") + "\n", int(peak) / 1024  # Linux: kilobytes


def assert_refused(cwd: Path, *words: str) -> None:
    code, err, peak = check_bounded(cwd)
    assert code == 1, err
    assert "Traceback" not in err and "RecursionError" not in err and "MemoryError" not in err
    problems = err.splitlines()[:-1]
    assert len(problems) == 1, err
    for word in words:
        assert word in problems[0], problems[0]
    assert peak < PEAK_RSS_MB, f"peak RSS {peak:.0f} MB"


def refused_here(cwd: Path, cli: Cli, *words: str) -> None:
    """``assert_refused`` for a file whose content is no bomb, through ``main`` in this
    process: the bound on memory is what the check allocates (``tracemalloc``'s peak), as a
    child's RSS would also count the interpreter and the imported app."""
    tracemalloc.start()
    try:
        proc = cli("check", cwd=cwd)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr
    assert "Traceback" not in err and "RecursionError" not in err and "MemoryError" not in err
    problems = err.splitlines()[:-1]
    assert len(problems) == 1, err
    for word in words:
        assert word in problems[0], problems[0]
    assert peak / 2**20 < PEAK_RSS_MB, f"peak {peak / 2**20:.0f} MB allocated"


def test_a_plain_check_fits_the_same_bounds(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(GOOD_HEAD, encoding="utf-8")
    code, err, peak = check_bounded(tmp_path)
    assert code == 0, err
    assert peak < PEAK_RSS_MB


def test_a_recursive_alias(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(GOOD_HEAD + "sources: &s [*s]\n",
                                             encoding="utf-8")
    assert_refused(tmp_path, "socialops.yaml:2:", "recursive alias")


def test_an_alias_bomb(tmp_path: Path) -> None:
    """Nine levels of ten aliases each: a billion strings if expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    (tmp_path / "socialops.yaml").write_text(
        "x-bomb:\n" + "".join(f"  {line}\n" for line in lines) + "sources: *a9\n",
        encoding="utf-8")
    assert_refused(tmp_path, "aliases expand to more than")


def test_five_thousand_nested_brackets(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + "sources: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert_refused(tmp_path, "socialops.yaml:2:", "nested more than 64 levels")


def test_three_hundred_nested_child_routes(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + "channels: {c: {workspace: console, id: c}}\nrules: rules.yaml\n",
        encoding="utf-8")
    lines = ["routes:"]
    for depth in range(300):
        pad = "  " * (2 * depth)
        lines += [f"{pad}  - name: r{depth}", f"{pad}    channel: c", f"{pad}    routes:"]
    lines.append("  " * 600 + "  []")
    (tmp_path / "rules.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_refused(tmp_path, "rules.yaml:", "nested more than 64 levels")


def test_half_a_million_channels(tmp_path: Path) -> None:
    body = "".join(f"  c{i}: {{workspace: console, id: c{i}}}\n" for i in range(500_000))
    (tmp_path / "socialops.yaml").write_text(GOOD_HEAD + "channels:\n" + body,
                                             encoding="utf-8")
    assert_refused(tmp_path, "larger than 2 MB")


@pytest.mark.parametrize("count", [30_000])
def test_many_values_under_the_size_limit(tmp_path: Path, count: int) -> None:
    """Small but numerous: [1,1,1,...] stays under 2 MB and over the value limit."""
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + "x: [" + ",".join(["1"] * (count * 4)) + "]\n", encoding="utf-8")
    assert_refused(tmp_path, "more than 100,000 values")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """Reading a named pipe waits for a writer forever: check hung on `-c fifo.yaml`, and on
    a rules file or a replay file that is one."""
    os.mkfifo(tmp_path / "fifo.yaml")
    proc = subprocess.run([SOCIALOPS, "check", "-c", "fifo.yaml"], cwd=tmp_path,
                          env=clean_env(), capture_output=True, text=True, timeout=TIME_LIMIT,
                          check=False, stdin=subprocess.DEVNULL)
    assert_one_line_error(proc, "fifo.yaml: is a pipe; to check a config piped in, pass -c - "
                          "(cat socialops.yaml | socialops check -c -)")
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + "channels: {support: {workspace: console, id: support}}\n"
        "rules: fifo.yaml\nsources: [{id: s, type: replay, path: fifo.yaml}]\n",
        encoding="utf-8")
    code, err, _ = check_bounded(tmp_path)
    assert code == 1, err
    assert err.splitlines()[:-1] == [
        "socialops.yaml:3: rules: fifo.yaml: not a regular file (a named pipe); use a plain "
        "file",
        "socialops.yaml:4: sources[0].path: fifo.yaml: not a regular file (a named pipe); use "
        "a plain file"], err


@pytest.mark.parametrize(("raw", "shown"), [("\x00", "U+0000"), ("\x1b[2J", "U+001B"),
                                            ("\ufffe", "U+FFFE")])
@pytest.mark.parametrize("name", ["socialops.yaml", "rules.yaml"])
def test_a_character_yaml_forbids_is_named_on_its_line(tmp_path: Path, raw: str, shown: str,
                                                       name: str, cli: Cli) -> None:
    """A control character pasted into a value: ruamel's message took two lines and named an
    offset in the file ("position 57"), not its line."""
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + "channels: {c: {workspace: console, id: c}}\nrules: rules.yaml\n",
        encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: r, channel: c}\n",
                                         encoding="utf-8")
    with (tmp_path / name).open("a", encoding="utf-8") as f:
        f.write(f'# ok\nx: "a{raw}b"\n')
    line = len((tmp_path / name).read_text(encoding="utf-8").splitlines())
    refused_here(tmp_path, cli, f"{name}:{line}:", shown, "not allowed in a YAML file")


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
@pytest.mark.parametrize("key", ["starts", "until"])
def test_a_silence_time_outside_what_utc_holds_is_named_on_its_line(tmp_path: Path, when: str,
                                                                    key: str, cli: Cli) -> None:
    """Year 1 at +14:00 is before year 1 in UTC: the check's own message about an ended
    silence converted it and ended in an OverflowError traceback."""
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + "channels: {c: {workspace: console, id: c}}\nrules: rules.yaml\n",
        encoding="utf-8")
    other = {"starts": "2026-01-01T00:00:00Z", "until": "2099-01-01T00:00:00Z"}
    times = {**other, key: when}
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: r, channel: c}\nsilences:\n"
        f"  - {{id: s1, who: me, why: test, routes: [r], starts: '{times['starts']}', "
        f"until: '{times['until']}'}}\n", encoding="utf-8")
    refused_here(tmp_path, cli, f"rules.yaml:4: silences[0].{key}: {when} is not a time "
                                "socialops can hold")


@pytest.mark.parametrize(("pasted", "shown"), [
    ("\u200b", "U+200B (zero width space)"), ("\u00a0", "U+00A0 (no-break space)"),
    ("\n", "U+000A (a control character)"), ("\u2014", "U+2014 (em dash)")])
def test_a_token_with_a_character_no_token_has_is_named_without_showing_it(
        tmp_path: Path, pasted: str, shown: str,
        cli: Cli) -> None:
    """A token pasted with a zero-width or no-break space passed check, then `check --online`
    and `run` ended in a traceback ('ascii' codec can't encode character '\\u200b': headers
    are ASCII). Now check names the field and the character, never the token."""
    secret = "xoxb-1111-2222-abcdef"
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD.replace("]\n", ", {name: sl, type: slack, mode: socket, "
                          "bot_token: \"${SLACK_BOT}\", app_token: xapp-1}]\n"),
        encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env=clean_env(SLACK_BOT=secret[:9] + pasted + secret[9:]))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    [line] = proc.stderr.splitlines()[:-1]
    assert line == (f"socialops.yaml:1: workspaces[1].bot_token: holds {shown} at character 10, "
                    "which no token has (it came with the copy?); paste it again without it")
    assert secret[:9] not in proc.stderr


@pytest.mark.parametrize(("key", "shown"), [
    ("sto\x1bre", r"'sto\x1bre'"), ("sto\nre", r"'sto\nre'"), ("sto\u202ere", r"'sto\u202ere'"),
    ("sto\u200bre", r"'sto\u200bre'")], ids=["escape", "newline", "bidi-override", "zero-width"])
def test_a_key_holding_a_character_that_does_not_print_is_named_escaped(
        tmp_path: Path, key: str, shown: str, cli: Cli) -> None:
    """A key pasted with an escape sequence, a line break, a bidi override or a zero-width
    space was named as it is: the ESC went to the terminal, the line break split the problem
    in two lines, and 'sto\\u200bre: unknown field; did you mean store?' read as nonsense."""
    escaped = key.encode("unicode_escape").decode("ascii")
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + f'"{escaped}": {{backend: sqlite}}\n', encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    [line] = proc.stderr.splitlines()[:-1]
    assert line == f"socialops.yaml:2: {shown}: unknown field; did you mean store?"


@pytest.mark.parametrize("where", ["rules", "escalation", "channel"])
def test_a_name_or_path_quoted_from_the_file_does_not_print_its_escape_sequence(
        tmp_path: Path, where: str, cli: Cli) -> None:
    """A path that is not found (rules:), or a name listed among the known ones (an escalation
    chain's name, a channel refused on its own line and listed again by the route naming
    another), was written into the problem as it was: its ESC went to the terminal and its
    line break split the problem's one line in two."""
    odd = r"x\x1b[2J\nrules.yaml:1: fine\u202e"
    rules = "routes:\n  - {name: r, channel: c, escalation: e}\n"
    config = {
        "rules": f'channels: {{c: {{workspace: console, id: c}}}}\nrules: "{odd}.yaml"\n',
        "escalation": ('channels: {c: {workspace: console, id: c}}\nrules: rules.yaml\n'
                       f'escalations: [{{name: "{odd}", steps: [{{after_minutes: 5}}]}}]\n'),
        "channel": (f'channels: {{c: {{workspace: console, id: c}}, "{odd}": '
                    '{workspace: console, id: d}}\nrules: rules.yaml\n'),
    }[where]
    (tmp_path / "socialops.yaml").write_text(GOOD_HEAD + config, encoding="utf-8")
    rules = rules if where == "escalation" else rules.replace(", escalation: e", "")
    (tmp_path / "rules.yaml").write_text(
        rules.replace("channel: c", "channel: zz") if where == "channel" else rules,
        encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr, proc.stderr
    problems = proc.stderr.splitlines()[:-1]
    assert any(r"x\x1b[2J\nrules.yaml:1: fine\u202e" in p for p in problems), problems
    assert all(p.startswith(("socialops.yaml:", "rules.yaml:")) for p in problems), problems


def test_a_value_pasted_whole_is_quoted_cut(tmp_path: Path, cli: Cli) -> None:
    """A route's channel of 200,000 characters (a paste gone wrong) was quoted whole: one
    problem was a line of 200,072 characters, the hint after it out of sight."""
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + "channels: {c: {workspace: console, id: c}}\nrules: rules.yaml\n",
        encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: r, channel: " + "c" * 200_000 + "}\n", encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[:500]
    [line] = proc.stderr.splitlines()[:-1]
    assert line.startswith("rules.yaml:2: routes[0].channel: unknown channel 'cccc"), line[:200]
    assert line.endswith("cccc' (config channels: c)") and "…" in line, line[-200:]
    assert len(line) < 400


def test_a_name_in_letters_drawn_with_a_joiner_is_quoted_as_written(
        tmp_path: Path, cli: Cli) -> None:
    """The names a problem lists as known are a team's own: an emoji sequence (👩‍💻, joined by
    a ZWJ) and a Persian word (spelt with a ZWNJ) were written as '👩\\u200d💻', unreadable,
    when every character that does not print was escaped; a name in Japanese or with an accent
    was already kept. So was a field under such a name (channels.'👩\u200d💻-dev'.workspace).
    A ZWJ that joins nothing is still escaped."""
    names = ["👩‍💻-dev", "پشتیبانی‌ها", "サポート", "Zoë", "ad\u200dmin"]
    channels = ", ".join(f'"{n}": {{workspace: console, id: d{i}}}' for i, n in enumerate(names))
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + f"channels: {{{channels}}}\nrules: rules.yaml\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: r, channel: zz}\n",
                                         encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    [line] = proc.stderr.splitlines()[:-1]
    assert line.startswith("rules.yaml:2: routes[0].channel: unknown channel 'zz'"), line
    assert all(n in line for n in names[:4]), line
    assert r"ad\u200dmin" in line and "\\u200c" not in line, line
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + 'channels: {"👩‍💻-dev": {workspace: elsewhere, id: d}}\n'
        "rules: rules.yaml\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: r, channel: 👩‍💻-dev}\n",
                                         encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "socialops.yaml:2: channels.👩‍💻-dev.workspace: unknown workspace" in proc.stderr, \
        proc.stderr


def test_a_long_path_to_fix_is_named_whole(tmp_path: Path, cli: Cli) -> None:
    """A path over 200 characters (a deep deployment directory) was cut in its middle like a
    value pasted whole, so the problem named a file the user could not find: the config's own
    location before the line number, and the rules file not found in it."""
    deep = tmp_path.joinpath(*(f"deployment-configuration-directory-{i:02}" for i in range(7)))
    deep.mkdir(parents=True)
    rules = deep / "rules" / "routing-rules-for-customer-support.yaml"
    config = deep / "socialops.yaml"
    config.write_text(GOOD_HEAD + f"channels: {{c: {{workspace: console, id: c}}}}\n"
                      f"rules: {rules}\n", encoding="utf-8")
    assert len(str(rules)) > 300
    proc = cli("-c", str(config), "check", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    [line] = proc.stderr.splitlines()[:-1]
    assert line.startswith(f"{config}:3: rules: file not found: {rules};"), line


def test_a_channel_named_with_an_emoji_sequence_is_quoted_as_written(
        tmp_path: Path, cli: Cli) -> None:
    """A route naming a channel that is not declared quoted the name with repr: '👩‍💻-devs', a
    typo of the declared '👩‍💻-dev', read 'unknown channel '👩\\u200d💻-devs'', the joiner of
    the emoji written out, beside the listing that showed it as drawn."""
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + 'channels: {"👩‍💻-dev": {workspace: console, id: c}}\n'
        'rules: rules.yaml\nops_channel: "🧑‍🚒-ops"\n', encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: r, channel: 👩‍💻-devs}\n",
                                         encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "\\u200d" not in proc.stderr, proc.stderr
    assert "routes[0].channel: unknown channel '👩‍💻-devs' (config channels: 👩‍💻-dev)" \
        in proc.stderr, proc.stderr
    assert "ops_channel: unknown channel '🧑‍🚒-ops'" in proc.stderr, proc.stderr


def test_a_person_group_or_id_drawn_with_a_joiner_is_quoted_as_written(
        tmp_path: Path, cli: Cli) -> None:
    """Ids, people and groups were quoted with repr after 883bc76 made channels show as drawn:
    a chat identity '👩‍💻' (an emoji sequence, joined by a ZWJ), an unknown person
    '👩‍💻-ana' and a group in Persian (spelt with a ZWNJ) read '👩\\u200d💻' and
    'پشتیبانی\\u200cها'. A bidi override, a line break and a joiner joining nothing are
    still written out."""
    (tmp_path / "socialops.yaml").write_text(
        GOOD_HEAD + "channels: {c: {workspace: console, id: c}}\npeople:\n"
        '  - {id: ana, identities: {console: "👩‍💻"}}\n'
        '  - {id: bob, identities: {console: "👩‍💻"}}\n'
        "escalations:\n  - name: e\n    steps:\n"
        '      - {after_minutes: 15, notify_users: ["👩‍💻-ana", "bo\\u202eb", "a\\nb",'
        ' "ad\\u200dmin"], notify_groups: ["پشتیبانی‌ها"]}\n', encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[:-1] == [
        "socialops.yaml:5: people[1].identities.console: '👩‍💻' in console is already the "
        "identity of 'ana'; a chat user is one person: keep it on one of them",
        *(f"socialops.yaml:9: escalations[0].steps[0].notify_users[{i}]: unknown person "
          f"{who}; name a person id from people:"
          for i, who in enumerate(["'👩‍💻-ana'", r"'bo\u202eb'", r"'a\nb'", r"'ad\u200dmin'"])),
        "socialops.yaml:9: escalations[0].steps[0].notify_groups[0]: unknown group "
        "'پشتیبانی‌ها'; use a group named in people: groups or under groups:"], lines
    (tmp_path / "socialops.yaml").write_text(
        'workspaces: [{name: "پشتیبانی‌ها", type: console}]\n', encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.stderr.splitlines()[0] == (
        "socialops.yaml:1: workspaces[0].name: 'پشتیبانی‌ها' is not a name: 1 to 64 letters, "
        "digits and _ . - (no spaces)"), proc.stderr


LONG_NAME = "x" * 300  # one name over the system's 255 bytes


@pytest.mark.parametrize(("line", "said"), [
    ("sources: [{id: s, type: replay, path: \"m\\0.jsonl\"}]",
     "socialops.yaml:2: sources[0].path: a path cannot hold a NUL byte"),
    (f"sources: [{{id: s, type: replay, path: {LONG_NAME}.jsonl}}]",
     "socialops.yaml:2: sources[0].path: 'xxxx"),
    ("rules: \"r\\0.yaml\"", "socialops.yaml:2: rules: a path cannot hold a NUL byte"),
    ("store: {backend: sqlite, path: \"d\\0.db\"}",
     "socialops.yaml:2: store.path: a path cannot hold a NUL byte"),
    (f"store: {{backend: sqlite, path: ./{LONG_NAME}/s.db}}",
     "socialops.yaml:2: store.path: 'xxxx"),
    ("sources: [{id: s, type: replay, path: m.jsonl, publish: sandbox, "
     "sandbox_path: \"p\\0.jsonl\"}]",
     "socialops.yaml:2: sources[0].sandbox_path: a path cannot hold a NUL byte"),
])
def test_a_path_the_system_cannot_open_is_named_on_its_line(tmp_path: Path, cli: Cli,
                                                            line: str, said: str) -> None:
    """A NUL byte or a name over 255 bytes in a path of the config was a traceback from the
    first exists() that met it ("ValueError: embedded null byte", "OSError: [Errno 36] File
    name too long"), and check passed a sandbox_path that `run` then crashed on (a review,
    2026-12-05)."""
    (tmp_path / "m.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "socialops.yaml").write_text(GOOD_HEAD + line + "\n", encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.splitlines()[0].startswith(said), proc.stderr
    if "xxxx" in said:
        assert "longer than the system's limit (255)" in proc.stderr, proc.stderr



@pytest.mark.parametrize(("line", "said"), [
    ("sources: [{id: s, type: replay, path: m.jsonl, publish: sandbox, "
     "sandbox_path: afile/posts.jsonl}]",
     "socialops.yaml:2: sources[0].sandbox_path: afile/posts.jsonl: afile is a file, not a "
     "folder"),
    ("sources: [{id: s, type: replay, path: m.jsonl, publish: sandbox, sandbox_path: adir}]",
     "socialops.yaml:2: sources[0].sandbox_path: adir: is a directory"),
    ("workspaces: [{name: c2, type: console, record: afile/cards.jsonl}]",
     "socialops.yaml:2: workspaces[0].record: afile/cards.jsonl: afile is a file, not a folder"),
])
def test_a_file_appended_to_under_a_file_or_a_folder_is_named_on_its_line(
        tmp_path: Path, cli: Cli, line: str, said: str) -> None:
    """A sandbox_path under a file passed check, then every command that builds the app
    (run, draft, why, replay) ended in a NotADirectoryError traceback; a folder passed check
    too (a newcomer's find, 2026-12-05)."""
    (tmp_path / "m.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "adir").mkdir()
    head = GOOD_HEAD if "workspaces" not in line else ""
    (tmp_path / "socialops.yaml").write_text(head + line + "\n", encoding="utf-8")
    for command in ("check", "why"):
        proc = cli(command, *(["T-1"] if command == "why" else []), cwd=tmp_path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        first = proc.stderr.splitlines()[0].removeprefix("error: ")
        assert first.startswith(said.replace("socialops.yaml:2", "socialops.yaml:1")
                                if not head else said), proc.stderr
