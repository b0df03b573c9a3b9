"""The model endpoint against what OpenAI-compatible servers really send, from a local server
speaking the chat-completions wire format: a reasoning model's ``<think>`` text (llama.cpp
with ``--reasoning-format none``, vLLM without ``--reasoning-parser``) or its whole budget spent
thinking (``content: null`` beside ``reasoning_content``), ``content: null`` beside
``tool_calls``, ``content`` as a list of parts, an answer cut at ``max_tokens``
(``finish_reason: "length"``), and a server that sends its answer a byte at a time."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from integrations.llm.endpoint import ChatClient, DigestWriter, ModelEndpoint

Answer = dict[str, Any]


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[Answer]]]:
    """Answers each request with the next queued ``{"message": ..., "finish_reason": ...}``;
    one with ``"drip": seconds`` sends its body a byte at a time, that long apart."""
    queue: list[Answer] = []

    async def completions(request: web.Request) -> web.StreamResponse:
        await request.json()
        spec = dict(queue.pop(0))
        drip = spec.pop("drip", None)
        body = json.dumps({"id": "chatcmpl-1", "object": "chat.completion",
                           "choices": [{"index": 0, **spec}]}).encode()
        if drip is None:
            return web.Response(body=body, content_type="application/json")
        resp = web.StreamResponse(headers={"Content-Type": "application/json",
                                           "Content-Length": str(len(body))})
        await resp.prepare(request)
        for i in range(len(body)):
            await resp.write(body[i:i + 1])
            await asyncio.sleep(drip)
        await resp.write_eof()
        return resp

    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    srv = TestServer(app, host="127.0.0.1", port=0)
    await srv.start_server()
    yield str(srv.make_url("/v1/chat/completions")), queue
    await srv.close()


def said(content: Any, finish: str = "stop", **message: Any) -> Answer:
    return {"message": {"role": "assistant", "content": content, **message},
            "finish_reason": finish}


LABEL = '{"intent": "complaint", "polarity": "negative"}'


async def test_content_null_is_no_answer_not_the_word_none(
        server: tuple[str, list[Answer]]) -> None:
    """``content`` is null beside ``tool_calls`` (the OpenAI reference) and when a reasoning
    model spent ``max_tokens`` thinking (vLLM with a reasoning parser puts it all in
    ``reasoning_content``): the card showed "Translation (pl): None"."""
    url, queue = server
    queue += [
        said(None, "tool_calls", tool_calls=[{"id": "c1", "type": "function", "function": {
            "name": "translate", "arguments": "{}"}}]),
        said(None, "length", reasoning_content="Okay, the user wants a translation..."),
        said(None, "length", reasoning_content="Hmm"),
    ]
    async with httpx.AsyncClient() as client:
        ep = ModelEndpoint(ChatClient(url, "m"), client)
        assert await ep.translate("Aplikacja znowu nie działa") is None
        assert await ep.suggest_reply("app down") is None
        assert await DigestWriter(ep.chat, client).write(["app down"]) is None


async def test_a_reasoning_models_thinking_is_not_the_answer(
        server: tuple[str, list[Answer]]) -> None:
    """llama.cpp with ``--reasoning-format none`` and vLLM without a reasoning parser leave
    ``<think>...</think>`` in ``content`` (DeepSeek-R1's template opens it in the prompt, so
    only the closing tag may come): the thinking went onto the card as the translation, and a
    brace in it hid the label from the classifier."""
    url, queue = server
    queue += [
        said("<think>\nThe post is Polish; it says {app} is broken.\n</think>\n\n"
             "The app is not working again."),
        said("The post is Polish.\n</think>\n\nThe app is not working again."),
        said("<think>\nIt could be {\"intent\": \"lead\"} but no.\n</think>\n" + LABEL),
        said("<think>\nLet me think about how to translate this. The user", "length"),
    ]
    async with httpx.AsyncClient() as client:
        ep = ModelEndpoint(ChatClient(url, "m"), client, features=("classify", "translate"))
        assert await ep.translate("Aplikacja znowu nie działa") == \
            "The app is not working again."
        assert await ep.translate("Aplikacja znowu nie działa") == \
            "The app is not working again."
        got = await ep.classify("the app is down again")
        assert got is not None and (got.intent, got.polarity) == ("complaint", "negative")
        assert await ep.translate("Aplikacja znowu nie działa") is None  # all thinking


async def test_content_as_a_list_of_parts_is_read_as_its_text(
        server: tuple[str, list[Answer]]) -> None:
    """Some servers send ``content`` as parts (``[{"type": "text", "text": ...}]``): it was
    shown as Python's repr of the list."""
    url, queue = server
    queue += [said([{"type": "text", "text": "The app "}, {"type": "text", "text": "is down."}]),
              said({"unexpected": "object"})]
    async with httpx.AsyncClient() as client:
        ep = ModelEndpoint(ChatClient(url, "m"), client)
        assert await ep.translate("Aplikacja nie działa") == "The app is down."
        assert await ep.translate("Aplikacja nie działa") is None


async def test_an_answer_cut_at_max_tokens_says_so(server: tuple[str, list[Answer]]) -> None:
    """``finish_reason: "length"``: the answer stopped at ``max_tokens``, mid-sentence. A
    translation or a draft so cut was shown as if it were whole; it now ends with "…"."""
    url, queue = server
    queue += [said("The app has not worked since Monday and I", "length"),
              said("The app has not worked since Monday.", "stop")]
    async with httpx.AsyncClient() as client:
        ep = ModelEndpoint(ChatClient(url, "m"), client)
        assert await ep.translate("x") == "The app has not worked since Monday and I …"
        assert await ep.translate("x") == "The app has not worked since Monday."


async def test_a_server_that_trickles_its_answer_is_cut_off_at_the_timeout(
        server: tuple[str, list[Answer]]) -> None:
    """httpx's ``timeout`` bounds each read, not the request: a server sending a byte every
    50 ms never trips a 0.5 s timeout, and its answer (about 6 s of bytes here) was taken, so a
    translation timer or a ``suggest`` waited as long as the server liked. The docs promise
    every call is bounded by ``timeout``."""
    url, queue = server
    queue.append({**said("The app is down."), "drip": 0.05})
    async with httpx.AsyncClient() as client:
        ep = ModelEndpoint(ChatClient(url, "m", timeout=0.5), client)
        assert await ep.translate("Aplikacja nie działa") is None


@pytest.fixture
async def limited() -> AsyncIterator[tuple[str, list[str]]]:
    """A hosted API over its rate limit: 429 with ``Retry-After: 30`` (OpenAI's, OpenRouter's)
    to every request, each one recorded."""
    seen: list[str] = []

    async def completions(request: web.Request) -> web.Response:
        seen.append((await request.json())["messages"][1]["content"])
        return web.json_response({"error": {"message": "Rate limit reached", "type":
                                            "requests", "code": "rate_limit_exceeded"}},
                                 status=429, headers={"Retry-After": "30"})

    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    srv = TestServer(app, host="127.0.0.1", port=0)
    await srv.start_server()
    yield str(srv.make_url("/v1/chat/completions")), seen
    await srv.close()


async def test_a_429s_retry_after_is_honoured(limited: tuple[str, list[str]],
                                              caplog: pytest.LogCaptureFixture) -> None:
    """A 429 asked for 30 s of quiet, and every post of the batch (up to 200, 8 at a time)
    was sent anyway, each answered 429 and each one more WARNING line: the calls made within
    ``Retry-After`` now fall back at once, without a request, and one line says why."""
    url, seen = limited
    async with httpx.AsyncClient() as client:
        ep = ModelEndpoint(ChatClient(url, "m"), client, features=("classify", "translate"))
        assert await ep.classify("first post") is None
        for n in range(5):
            assert await ep.classify(f"post {n}") is None
        assert await ep.translate("Aplikacja nie działa") is None
    assert seen == ["first post"]
    lines = [r.getMessage() for r in caplog.records if r.name == "integrations.llm.endpoint"]
    assert len(lines) == 1 and "429" in lines[0] and "30 s" in lines[0], lines


@pytest.fixture
async def wedged() -> AsyncIterator[tuple[str, list[str]]]:
    """A model server that takes every request and never answers (wedged on its GPU, or a
    proxy holding the connection), each request recorded."""
    seen: list[str] = []

    async def completions(request: web.Request) -> web.Response:
        seen.append((await request.json())["messages"][1]["content"])
        await asyncio.sleep(3600)
        return web.Response(text="never")

    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    srv = TestServer(app, host="127.0.0.1", port=0)
    await srv.start_server()
    yield str(srv.make_url("/v1/chat/completions")), seen
    await srv.close()


async def test_an_endpoint_that_timed_out_is_not_asked_again_at_once(
        wedged: tuple[str, list[str]], caplog: pytest.LogCaptureFixture) -> None:
    """Translations run one after another in the timers loop: with a server that never
    answers, each cost the whole ``timeout`` (5 s), so the 119 translations of the sample day
    held every other timer (escalations, SLAs, scheduled posts) for about 10 minutes, and
    after 120 s ``/healthz`` said the timers loop was stuck (503: a platform restarts the
    process). After a timeout the endpoint is left alone for ``QUIET_AFTER_TIMEOUT`` seconds:
    the calls meanwhile fall back at once, and one line says so."""
    url, seen = wedged
    async with httpx.AsyncClient() as client:
        ep = ModelEndpoint(ChatClient(url, "m", timeout=0.3), client,
                           features=("classify", "translate"))
        for n in range(10):
            assert await ep.translate(f"post {n}") is None
        assert await ep.classify("the app is down") is None
    assert seen == ["post 0"]
    lines = [r.getMessage() for r in caplog.records if r.name == "integrations.llm.endpoint"]
    assert len(lines) == 1 and "not asked for" in lines[0], lines


async def test_every_call_is_counted_by_outcome(server: tuple[str, list[Answer]],
                                                limited: tuple[str, list[str]]) -> None:
    """An endpoint that fails every call (a base URL's 404, a wrong key's 401, a rate limit,
    a reasoning model with no room to answer) was said only in WARNING lines: the cards just
    had no translation. ``socialops_model_endpoint_calls_total{outcome}`` counts each call,
    so an alert can see the endpoint stop working."""
    from prometheus_client.parser import text_string_to_metric_families

    from bot.core.metrics import Metrics

    url, queue = server
    metrics = Metrics()
    queue += [said("The app is down."), said(None, "length", reasoning_content="Hmm")]
    async with httpx.AsyncClient() as client:
        ep = ModelEndpoint(ChatClient(url, "m", metrics=metrics), client)
        assert await ep.translate("x") == "The app is down."
        assert await ep.translate("x") is None
        broken = ModelEndpoint(ChatClient(url.replace("/chat/completions", ""), "m",
                                          metrics=metrics), client)
        assert await broken.translate("x") is None  # a 404
        busy = ModelEndpoint(ChatClient(limited[0], "m", metrics=metrics), client)
        assert await busy.translate("x") is None
        assert await busy.translate("x") is None  # within Retry-After: not asked
    got = {s.labels["outcome"]: s.value
           for family in text_string_to_metric_families(metrics.render().decode())
           if family.name == "socialops_model_endpoint_calls"
           for s in family.samples if s.name.endswith("_total")}
    assert got == {"ok": 1, "no_answer": 1, "error": 1, "rate_limited": 1, "held": 1}


@pytest.mark.parametrize("body", [
    {"choices": []},  # a server that produced nothing (seen with a content filter)
    {"choices": [{"index": 0, "message": None, "finish_reason": "stop"}]},
    {"choices": [None]},
    {"object": "error", "message": "model not found"},  # vLLM's error shape with a 200
])
async def test_answers_without_a_message_fall_back(body: dict[str, Any]) -> None:
    async def completions(request: web.Request) -> web.Response:
        return web.json_response(body)

    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    srv = TestServer(app, host="127.0.0.1", port=0)
    await srv.start_server()
    try:
        async with httpx.AsyncClient() as client:
            ep = ModelEndpoint(ChatClient(str(srv.make_url("/v1/chat/completions")), "m"),
                               client, features=("classify", "translate"))
            assert await ep.translate("x") is None
            assert await ep.classify("x") is None
    finally:
        await srv.close()


async def test_a_server_that_ignores_max_tokens_is_read_no_further_than_an_answer(
        server: tuple[str, list[Answer]]) -> None:
    """A server that ignores ``max_tokens`` (400 for a translation) may send megabytes: the
    whole of it was read, tidied and kept (30 MB held the event loop 1.7 s), for a field shown
    at 2,000 characters. The answer is read up to ``MAX_ANSWER`` characters, marked cut."""
    from integrations.llm.endpoint import MAX_ANSWER

    url, queue = server
    queue.append(said("The app is down. " * 300_000, "stop"))
    async with httpx.AsyncClient() as client:
        got = await ModelEndpoint(ChatClient(url, "m"), client).translate("x")
    assert got is not None and got.startswith("The app is down.") and got.endswith(" …")
    assert len(got) <= MAX_ANSWER + 2
