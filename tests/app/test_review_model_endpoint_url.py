"""`socialops check` on ``model_endpoint.url`` and ``digest_summary.url`` written as a base URL:
Ollama's, vLLM's and the OpenAI SDK's documented address is ``http://localhost:11434/v1`` (a
``base_url`` the client adds ``/chat/completions`` to), but socialops posts to the URL as
written, so every call got a 404, each one WARNING line, and no translation ever came, with
``check`` saying OK. A chat-completions URL, with or without ``/v1``, behind a path prefix or
with Azure's query, still passes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.check import run_check

HEAD = """\
workspaces: [{name: console, type: console}]
channels: {support: {workspace: console, id: support}}
"""


async def check(path: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    return code, [line for line in err.getvalue().splitlines()
                  if ": warning: no rules: key" not in line]


@pytest.mark.parametrize(("key", "url", "fixed"), [
    ("model_endpoint", "http://localhost:11434/v1", "http://localhost:11434/v1/chat/completions"),
    ("model_endpoint", "http://localhost:8000/v1/", "http://localhost:8000/v1/chat/completions"),
    ("model_endpoint", "http://localhost:8080", "http://localhost:8080/v1/chat/completions"),
    ("digest_summary", "https://gw.example/llm/openai/v1",
     "https://gw.example/llm/openai/v1/chat/completions"),
])
async def test_a_base_url_is_named_with_the_url_to_write(
        tmp_path: Path, key: str, url: str, fixed: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"{key}: {{url: '{url}'}}\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1, lines
    assert len(lines) == 2 and lines[0].startswith(f"{path}:"), lines
    said = lines[0].split(": ", 1)[1]
    assert said.startswith(f"{key}.url: '{url}' is a base URL"), said
    assert f"write '{fixed}'" in said, said


@pytest.mark.parametrize("url", [
    "http://localhost:8080/v1/chat/completions",
    "http://localhost:8080/chat/completions",  # llama.cpp's server takes it without /v1
    "https://gw.example/llm/openai/v1/chat/completions/",
    "https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21",
])
async def test_a_chat_completions_url_passes(tmp_path: Path, url: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"model_endpoint: {{url: '{url}'}}\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 0, lines
