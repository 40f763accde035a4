"""HTTP for python-telegram-bot on aiohttp instead of its default httpx.

PTB talks to the Bot API through a `BaseRequest`, and says so in its docs:
any HTTP library can serve. Measured through the fake Bot API
(`python -m benchmarks.telegram`), httpx's request path was most of a reply's
latency, more than the whole engine step, and capped a burst at about 250
answers a second; on aiohttp (already here for matrix-nio) a reply arrives
sooner and a burst goes about three times faster. The PTB team's own
ptbcontrib has an aiohttp request for the same reason.

PTB's four timeouts map onto aiohttp's: `connect` is the socket connect,
`pool` the wait for a free connection (aiohttp counts both in its `connect`),
`read` the longest wait for the next bytes of the answer. aiohttp has no
write timeout of its own, so the whole request is bounded by the sum of the
four. Proxies come from HTTPS_PROXY and the like, as with httpx.
"""

from __future__ import annotations

import re

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# Bot API URLs hold the token: …/bot<token>/<method>.
_TOKEN_IN_URL = re.compile(r"/bot[^/\s'\"]+/")


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        connection_pool_size: int = 1,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 5.0,
        write_timeout: float = 5.0,
        pool_timeout: float = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._connect, self._read, self._write, self._pool = connect_timeout, read_timeout, write_timeout, pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        # PTB adds a long poll's own timeout to this one for getUpdates.
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size)
            self._session = aiohttp.ClientSession(connector=connector, trust_env=True)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("this AiohttpRequest is not initialized")
        timeout = _timeout(
            _chosen(connect_timeout, self._connect),
            _chosen(read_timeout, self._read),
            _chosen(write_timeout, self._write),
            _chosen(pool_timeout, self._pool),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), headers={"User-Agent": self.USER_AGENT}, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # The class name helps when the message is empty, as it often is;
            # the token goes, as some errors quote the URL.
            message = _TOKEN_IN_URL.sub("/bot<token>/", str(error))
            raise NetworkError(f"aiohttp.{type(error).__name__}: {message}") from error


def _chosen(given: ODVInput[float], default: float) -> float | None:
    # PTB's convention: not passed is the default, None is no limit.
    return default if isinstance(given, DefaultValue) else given


def _timeout(
    connect: float | None, read: float | None, write: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    parts = (connect, read, write, pool)
    total = None if None in parts else sum(p for p in parts if p is not None)
    both = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(total=total, connect=both, sock_connect=connect, sock_read=read)


def _body(request_data: RequestData | None) -> dict[str, str] | aiohttp.FormData | None:
    """The parameters form-encoded, or as multipart when there are files to upload."""
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
