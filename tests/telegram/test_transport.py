"""The aiohttp transport under PTB: what it sends, and how failures reach PTB.

The conversation tests run every Bot API call of the bot through it; these
check what they do not reach: uploads, timeouts, refused connections and
the life cycle, against a small real HTTP server on loopback.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import BodyPartReader, web
from telegram import InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from adapters.telegram.transport import AiohttpRequest


async def _echo(request: web.Request) -> web.Response:
    """Answers with what arrived: form fields as text, uploads as name, filename and content."""
    fields: dict[str, object] = {}
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            assert isinstance(part, BodyPartReader)
            content = (await part.read()).decode()
            fields[str(part.name)] = [part.filename, content] if part.filename else content
    else:
        fields = dict(await request.post())
    fields["user_agent"] = request.headers.get("User-Agent", "")
    return web.json_response({"ok": True, "result": fields})


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(float(request.query.get("seconds", "1")))
    return web.json_response({"ok": True, "result": True})


@pytest.fixture
async def server() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/echo", _echo)
    app.router.add_post("/slow", _slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.fixture
async def transport() -> AsyncIterator[AiohttpRequest]:
    request = AiohttpRequest(connection_pool_size=4)
    await request.initialize()
    yield request
    await request.shutdown()


def _data(**parameters: object) -> RequestData:
    return RequestData([RequestParameter.from_input(name, value) for name, value in parameters.items()])


async def test_parameters_go_as_a_form_and_the_answer_comes_back(server: str, transport: AiohttpRequest) -> None:
    result = await transport.post(f"{server}/echo", _data(chat_id=42, text="<b>hei</b> & 🙂", reply_markup={"a": [1]}))
    assert isinstance(result, dict)
    assert result["chat_id"] == "42"
    assert result["text"] == "<b>hei</b> & 🙂"
    assert json.loads(result["reply_markup"]) == {"a": [1]}
    assert "python-telegram-bot" in result["user_agent"]


async def test_a_file_goes_as_multipart_beside_the_other_parameters(server: str, transport: AiohttpRequest) -> None:
    upload = InputFile(b"diary of a snapshot", filename="notes.txt")
    result = await transport.post(f"{server}/echo", _data(chat_id=7, document=upload, caption="a file"))
    assert isinstance(result, dict)
    assert result["chat_id"] == "7"
    assert result["caption"] == "a file"
    # PTB names the part itself and refers to it as attach://<name>.
    uploaded = [value for value in result.values() if isinstance(value, list)]
    assert uploaded == [["notes.txt", "diary of a snapshot"]]


async def test_an_answer_slower_than_the_read_timeout_is_timed_out(server: str, transport: AiohttpRequest) -> None:
    with pytest.raises(TimedOut):
        await transport.post(f"{server}/slow", _data(chat_id=1), read_timeout=0.2)


async def test_a_refused_connection_is_a_network_error(transport: AiohttpRequest) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nobody listens on the port any more.
    with pytest.raises(NetworkError, match=r"aiohttp\.Client"):
        await transport.post(f"http://127.0.0.1:{port}/echo", _data(chat_id=1))


async def test_an_error_that_quotes_the_url_does_not_quote_the_token(transport: AiohttpRequest) -> None:
    with pytest.raises(NetworkError) as raised:
        await transport.post("http://127.0.0.1:99999/bot123456:SECRET-token/getMe", _data(chat_id=1))
    assert "SECRET" not in str(raised.value)
    assert "/bot<token>/getMe" in str(raised.value)


async def test_it_is_used_only_between_initialize_and_shutdown_and_may_start_again(server: str) -> None:
    request = AiohttpRequest()
    # PTB reports whatever a transport raises as a NetworkError.
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"{server}/echo", _data(chat_id=1))
    for _ in range(2):
        await request.initialize()
        assert await request.post(f"{server}/echo", _data(chat_id=1))
        await request.shutdown()
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"{server}/echo", _data(chat_id=1))


async def test_a_timeout_of_none_is_no_limit(server: str) -> None:
    request = AiohttpRequest(read_timeout=0.1)
    await request.initialize()
    try:
        assert request.read_timeout == 0.1
        with pytest.raises(TimedOut):
            await request.post(f"{server}/slow?seconds=0.4", _data(chat_id=1))
        # None means no limit, as for PTB's own transport.
        assert await request.post(f"{server}/slow?seconds=0.4", _data(chat_id=1), read_timeout=None) is True
    finally:
        await request.shutdown()
