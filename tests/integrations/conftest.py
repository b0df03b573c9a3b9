"""Shared fixtures for the network adapters: the local network server and one HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.support.netserver import NetServer


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        yield server


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as c:
        yield c
