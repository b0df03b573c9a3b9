"""The chat ``explain`` verb on the real app: text typed in chat is cleaned the way the pipeline
cleans posts, so the answer agrees with what production routes."""

from __future__ import annotations

import io
from pathlib import Path

from bot.app.compose import open_app
from bot.core.config import load_config


def write_config(tmp: Path) -> Path:
    (tmp / "rules.yaml").write_text(
        "routes:\n  - name: outage\n    match: {any: [is down]}\n    channel: alerts\n")
    cfg = tmp / "socialops.yaml"
    cfg.write_text(f"""\
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
rules: rules.yaml
store: {{backend: sqlite, path: {tmp / "s.db"}}}
""")
    return cfg


async def test_chat_explain_cleans_ad_hoc_text_as_the_pipeline_does(tmp_path: Path) -> None:
    async with open_app(load_config(write_config(tmp_path)), out=io.StringIO()) as app:
        assert app.dispatcher.explain is not None
        answer = await app.dispatcher.explain("AcmeCloud is do\x07wn\u200f again")
    assert "keywords found: is down" in answer
    assert "✔ outage: fired" in answer
