"""A fake Telegram Bot API server: real HTTP on loopback, for tests and benchmarks.

python-telegram-bot talks to it exactly as to api.telegram.org: form-encoded
POSTs to `/bot<token>/<method>`. It keeps updates as Telegram does, until a
getUpdates call with a higher offset confirms them, long-polls for real, and
checks HTML like Telegram. Tests drive it from the same event loop:
`message()` and `press()` inject what a user does, `wait_sent()` reads what
the bot sent, `fail()` and `hold()` inject 429s, 5xx answers and hangs, and
`set_webhook` makes it POST updates to the bot instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.telegram.telegram_html import EntityError, check_length, visible_text

TOKEN = "123456:TEST-fake-token"
BOT_ID = 123456
BOT_USERNAME = "kamu_test_bot"


@dataclass
class Sent:
    """A message the bot sent, as the user sees it."""

    chat_id: int
    message_id: int
    text: str
    html: str
    parse_mode: str | None
    buttons: list[list[tuple[str, str]]]
    raw: dict[str, Any]
    # When the request arrived (time.perf_counter), for latency measurements.
    at: float = 0.0

    @property
    def button_data(self) -> list[str]:
        return [data for row in self.buttons for _, data in row]

    @property
    def button_labels(self) -> list[str]:
        return [label for row in self.buttons for label, _ in row]


@dataclass
class Fault:
    status: int
    retry_after: int | None = None
    description: str = "Internal Server Error"
    # Never answer: the request hangs as on a dead connection.
    hold: bool = False


@dataclass
class Webhook:
    url: str
    secret: str | None
    statuses: list[int] = field(default_factory=list)


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


class FakeBotApi:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.next_update_id = 500
        self.next_message_id = 1
        self.sent: list[Sent] = []
        self.callback_answers: list[str] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.calls: defaultdict[str, int] = defaultdict(int)
        self.held: list[str] = []
        self.webhook: Webhook | None = None
        self._faults: defaultdict[str, deque[Fault]] = defaultdict(deque)
        self._changed = asyncio.Condition()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._pusher: asyncio.Task[None] | None = None
        self.port = 0

    # -- lifecycle -----------------------------------------------------------

    async def start(self) -> FakeBotApi:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._client = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        self._closing.set()
        async with self._changed:
            self._changed.notify_all()
        if self._pusher is not None:
            self._pusher.cancel()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # -- what a test does ------------------------------------------------------

    def message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        language_code: str | None = "en",
        chat_type: str = "private",
        reply_to: Sent | None = None,
    ) -> int:
        user_id = chat_id if user_id is None else user_id
        message: dict[str, Any] = {
            "message_id": self._message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type},
            "from": self._user(user_id, language_code),
            "text": text,
        }
        if entities := _entities(text):
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to.raw
        return self._add_update({"message": message})

    def press(self, sent: Sent, data: str, *, user_id: int | None = None, language_code: str | None = "en") -> int:
        user_id = sent.chat_id if user_id is None else user_id
        query = {
            "id": f"cq{self.next_update_id}",
            "from": self._user(user_id, language_code),
            "chat_instance": f"ci{sent.chat_id}",
            "message": sent.raw,
            "data": data,
        }
        return self._add_update({"callback_query": query})

    def fail(
        self, method: str, status: int, *, times: int = 1, retry_after: int | None = None, description: str = ""
    ) -> None:
        fault = Fault(status, retry_after, description or "Internal Server Error")
        self._faults[method].extend(fault for _ in range(times))

    def clear_faults(self) -> None:
        self._faults.clear()

    def hold(self, method: str, *, times: int = 1) -> None:
        self._faults[method].extend(Fault(0, hold=True) for _ in range(times))

    def sent_to(self, chat_id: int) -> list[Sent]:
        return [sent for sent in self.sent if sent.chat_id == chat_id]

    async def wait_sent(self, chat_id: int, count: int, timeout: float = 15) -> list[Sent]:
        """The first `count` messages to the chat, once that many were sent."""
        await self.wait_for(lambda: len(self.sent_to(chat_id)) >= count, timeout)
        return self.sent_to(chat_id)[:count]

    async def wait_for(self, condition: Any, timeout: float = 15) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), timeout)

    @property
    def pending_updates(self) -> list[int]:
        return [update["update_id"] for update in self.updates]

    async def post_to_webhook(self, update: dict[str, Any], secret: str | None) -> int:
        """POST an update to the webhook as anyone could, with this secret; the HTTP status."""
        assert self.webhook is not None and self._client is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with self._client.post(self.webhook.url, json=update, headers=headers) as response:
            return response.status

    # -- the Bot API -------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.Response:
        arrived = time.perf_counter()
        method = request.match_info["method"]
        self.calls[method] += 1
        await self._notify()
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            params = await _params(request)
            await self._maybe_fault(method)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler({**params, "_arrived": arrived})
        except ApiError as error:
            body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return web.json_response(body, status=error.status)
        return web.json_response({"ok": True, "result": result})

    async def _maybe_fault(self, method: str) -> None:
        faults = self._faults[method]
        if not faults:
            return
        fault = faults.popleft()
        if fault.hold:
            self.held.append(method)
            await self._notify()
            await self._closing.wait()
            raise ApiError(503, "Service Unavailable")
        if fault.retry_after is not None:
            raise ApiError(fault.status, f"Too Many Requests: retry after {fault.retry_after}",
                           {"retry_after": fault.retry_after})  # fmt: skip
        raise ApiError(fault.status, fault.description)

    async def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._bot_user()

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")  # fmt: skip
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        if offset > 0:
            # Telegram forgets every update older than the offset: confirmed.
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            await self._notify()

        def ready() -> bool:
            return bool(self.updates) or self._closing.is_set()

        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(ready), timeout)
        return self.updates[:limit]

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        raw_text = str(params.get("text", ""))
        parse_mode = params.get("parse_mode")
        try:
            text = visible_text(raw_text) if parse_mode == "HTML" else raw_text
            check_length(text)
        except EntityError as error:
            raise ApiError(400, str(error)) from None
        markup = params.get("reply_markup")
        buttons = _buttons(markup)
        message = {
            "message_id": self._message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": self._bot_user(),
            "text": text,
        }
        if markup:
            message["reply_markup"] = markup
        self.sent.append(
            Sent(chat_id, message["message_id"], text, raw_text, parse_mode, buttons, message, params["_arrived"])
        )
        await self._notify()
        return message

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self.callback_answers.append(str(params["callback_query_id"]))
        await self._notify()
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        scope = params.get("scope") or {"type": "default"}
        self.commands[(scope["type"], params.get("language_code") or "")] = params["commands"]
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self.updates.clear()
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url") or ""
        if not url:
            return await self._api_deleteWebhook(params)
        self.webhook = Webhook(url, params.get("secret_token"))
        if self._pusher is None or self._pusher.done():
            self._pusher = asyncio.create_task(self._push_updates())
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        url = self.webhook.url if self.webhook else ""
        return {"url": url, "has_custom_certificate": False, "pending_update_count": len(self.updates)}

    async def _push_updates(self) -> None:
        """Deliver updates to the webhook one by one; a refused one is retried."""
        assert self._client is not None
        while self.webhook is not None and not self._closing.is_set():
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self.updates) or self.webhook is None)
            webhook = self.webhook
            if webhook is None or not self.updates:
                continue
            update = self.updates[0]
            headers = {"X-Telegram-Bot-Api-Secret-Token": webhook.secret} if webhook.secret else {}
            try:
                async with self._client.post(webhook.url, json=update, headers=headers) as response:
                    webhook.statuses.append(response.status)
                    delivered = response.status == 200
            except aiohttp.ClientError:
                delivered = False
            if delivered:
                self.updates.remove(update)
                await self._notify()
            else:
                await asyncio.sleep(0.2)

    # -- helpers ---------------------------------------------------------------------

    def _add_update(self, body: dict[str, Any]) -> int:
        update_id = self.next_update_id
        self.next_update_id += 1
        self.updates.append({"update_id": update_id, **body})
        asyncio.get_running_loop().create_task(self._notify())
        return update_id

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _message_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id

    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Kamu", "username": BOT_USERNAME}

    @staticmethod
    def _user(user_id: int, language_code: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    values: dict[str, Any] = dict(request.query)
    if request.body_exists:
        values.update((key, value) for key, value in (await request.post()).items() if isinstance(value, str))
    for key in ("reply_markup", "scope", "commands", "allowed_updates"):
        if isinstance(values.get(key), str):
            values[key] = json.loads(values[key])
    return values


def _buttons(markup: Any) -> list[list[tuple[str, str]]]:
    if not markup:
        return []
    rows = []
    for row in markup.get("inline_keyboard", []):
        buttons = []
        for button in row:
            data = button.get("callback_data", "")
            if not button.get("text") or not 1 <= len(data.encode("utf-8")) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            buttons.append((button["text"], data))
        rows.append(buttons)
    return rows


def _entities(text: str) -> list[dict[str, Any]]:
    """bot_command and mention entities, with offsets in UTF-16 units as Telegram sends them."""
    entities = []
    for kind, pattern in (("bot_command", r"^/[A-Za-z0-9_]+(?:@\w+)?"), ("mention", r"(?<![\w/])@\w{5,32}")):
        for match in re.finditer(pattern, text):
            offset = len(text[: match.start()].encode("utf-16-le")) // 2
            length = len(match.group(0).encode("utf-16-le")) // 2
            entities.append({"type": kind, "offset": offset, "length": length})
    return entities
