"""Discord's channel types (Channel Object, resources/channel) that socialops tells apart,
spelt once: the workspace and ``socialops check --online`` read them without discord.py."""

from __future__ import annotations

THREAD_TYPES = frozenset({10, 11, 12})  # announcement, public and private threads
