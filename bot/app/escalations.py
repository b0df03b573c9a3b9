"""The config's escalation chains as the records tickets keep (``EscalationPolicy``).

Apart from the composition root (``bot.app.compose``) because ``check`` and ``rules test``
need their names too, and importing the whole app for them cost each of those commands about
0.2 s (httpx, the engine, every handler).
"""

from __future__ import annotations

from bot.core.config import LoadedConfig
from bot.core.models import EscalationPolicy, EscalationStep


def escalation_policies(loaded: LoadedConfig) -> dict[str, EscalationPolicy]:
    return {
        e.name: EscalationPolicy(
            name=e.name, repeat=e.repeat, batch_seconds=e.batch_seconds,
            steps=tuple(EscalationStep(**s.model_dump()) for s in e.steps))
        for e in loaded.config.escalations
    }
