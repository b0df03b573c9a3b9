"""A text composed once a process (bot/core/yamlfile.py): the config and rules are read again
by every command, reload and app opened, and the pure parser reads a file twice. What is kept
is the composed nodes of a text that composed; everything that depends on more than the text
(the file's name in errors, ``${ENV}`` values, duplicate keys) is worked out on each read."""

from __future__ import annotations

from typing import Any

import pytest
from ruamel.yaml import YAML

from bot.core import yamlfile
from bot.core.errors import ConfigError
from bot.core.yamlfile import parse_yaml

CONFIG = "store: {backend: sqlite, path: ./s.db}\ntoken: ${TOKEN}\nname: a\nname: b\n"


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the parser composed (an empty cache first)."""
    monkeypatch.setattr(yamlfile, "_composed", type(yamlfile._composed)())
    texts: list[str] = []
    compose = YAML.compose

    def counted(self: YAML, stream: Any) -> Any:
        texts.append(stream)
        return compose(self, stream)

    monkeypatch.setattr(YAML, "compose", counted)
    return texts


def test_the_same_text_is_composed_once_and_read_afresh(composed: list[str]) -> None:
    first = parse_yaml(CONFIG, "a.yaml", env={"TOKEN": "one"})
    again = parse_yaml(CONFIG, "b.yaml", env={"TOKEN": "two"})
    assert composed == [CONFIG]
    assert first.data == {"store": {"backend": "sqlite", "path": "./s.db"}, "token": "one",
                          "name": "b"}
    assert again.data == {**first.data, "token": "two"}  # the environment of this read
    assert [str(p) for p in first.problems] == [  # the duplicate key, each time, in its file
        "a.yaml:4: name: duplicate key 'name' (lines 3 and 4); the second would silently "
        "replace the first: keep one"]
    assert [str(p) for p in again.problems] == [str(first.problems[0]).replace("a.", "b.", 1)]
    assert first.lines == again.lines


def test_a_text_that_does_not_compose_is_refused_each_time_in_its_file(
        composed: list[str]) -> None:
    broken = "rules:\n  - name: a\n\tmatch: x\n"
    for file in ("one.yaml", "two.yaml"):
        with pytest.raises(ConfigError) as refused:
            parse_yaml(broken, file)
        assert file in str(refused.value)


def test_a_large_text_is_not_kept(composed: list[str]) -> None:
    large = "values:\n" + "".join(f"  - {i}\n" for i in range(yamlfile._KEPT_NODES + 1))
    parse_yaml(large, "big.yaml")
    parse_yaml(large, "big.yaml")
    assert composed == [large, large]


def test_at_most_a_few_texts_are_kept(composed: list[str]) -> None:
    texts = [f"n: {i}\n" for i in range(yamlfile._KEPT + 1)]
    for text in texts:
        parse_yaml(text, "n.yaml")
    parse_yaml(texts[0], "n.yaml")  # the oldest went to make room
    assert composed == [*texts, texts[0]]
    assert len(yamlfile._composed) == yamlfile._KEPT
