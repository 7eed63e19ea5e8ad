"""The asyncio client: one connection per client, many calls at once on it. A reader task
matches replies to calls by id and delivers ``$/progress`` notifications to the callback of the
call that asked for them."""

import asyncio
import inspect
import itertools
import json
from typing import Any, Dict, Optional, Tuple, cast

from .client import DEFAULT_CANCEL_GRACE
from .errors import CallTimeout, DaemonUnreachable, error_from_reply
from .framing import DEFAULT_MAX_FRAME, HEADER, decode_length, default_socket_path, encode_frame, request_frame
from .operations import AsyncOperations, Progress


class AsyncClient(AsyncOperations):
    """An asyncio connection to alicloudd, used from one event loop. Connects on first use and
    again after the connection is lost. Besides :meth:`call`, it has one typed coroutine per
    operation (``await client.vpc_create(inputs, ...)``)::

        async with AsyncClient() as client:
            envelope = await client.vpc_create([{"cloudParams": "regionId=cn-hangzhou",
                                                 "vpcName": "demo", "cidrBlock": "10.0.0.0/16"}])
    """

    def __init__(self, socket_path: Optional[str] = None, connect_timeout: float = 5.0,
                 max_frame: int = DEFAULT_MAX_FRAME, cancel_grace: float = DEFAULT_CANCEL_GRACE) -> None:
        self.socket_path = socket_path or default_socket_path()
        self.connect_timeout = connect_timeout
        self.max_frame = max_frame
        self.cancel_grace = cancel_grace
        self._ids = itertools.count(1)
        self._connect_lock: Optional[asyncio.Lock] = None
        self._conn: Optional[Tuple[asyncio.StreamReader, asyncio.StreamWriter, "asyncio.Task[None]"]] = None
        self._pending: Dict[int, "asyncio.Future[Dict[str, Any]]"] = {}
        self._by_token: Dict[str, Progress] = {}

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            _, writer, reader_task = conn
            writer.close()
            reader_task.cancel()
            try:
                await writer.wait_closed()
            except (OSError, ConnectionError):
                pass
            self._fail_all("the client was closed")

    async def ping(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        return cast(Dict[str, Any], await self.call("daemon.ping", timeout=timeout))

    async def status(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        return cast(Dict[str, Any], await self.call("daemon.status", timeout=timeout))

    async def discover(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        return cast(Dict[str, Any], await self.call("rpc.discover", timeout=timeout))

    async def call(self, method: str, params: Optional[Dict[str, Any]] = None, progress: Optional[Progress] = None,
                   timeout: Optional[float] = None) -> Any:
        """Calls ``method`` and returns its result. ``progress(value)`` receives the ``value`` of
        each ``$/progress`` notification (a coroutine function is scheduled as a task). On
        ``timeout`` (seconds) or when the awaiting task is cancelled, a ``$/cancelRequest`` is sent;
        a timeout then waits ``cancel_grace`` seconds for the final reply and raises CallTimeout
        carrying it. Raises RPCError, CallTimeout or DaemonUnreachable. Re-sending the same call
        after any of them is safe: the daemon treats it as the same mutation."""
        call_id = next(self._ids)
        frame, token = request_frame(call_id, method, params, "py-aio" if progress is not None else None)
        writer = await self._connection()
        future: "asyncio.Future[Dict[str, Any]]" = asyncio.get_running_loop().create_future()
        self._pending[call_id] = future
        if token is not None and progress is not None:
            self._by_token[token] = progress
        try:
            await self._send(writer, frame)
            try:
                reply = await asyncio.wait_for(asyncio.shield(future), timeout)
            except asyncio.TimeoutError:
                await self._cancel(writer, call_id)
                try:
                    final: Optional[Dict[str, Any]] = await asyncio.wait_for(asyncio.shield(future), self.cancel_grace)
                except (asyncio.TimeoutError, DaemonUnreachable):
                    final = None
                raise CallTimeout(method, timeout, final) from None
            except asyncio.CancelledError:
                await asyncio.shield(self._cancel(writer, call_id))
                raise
        finally:
            self._pending.pop(call_id, None)
            if token is not None:
                self._by_token.pop(token, None)
        if "error" in reply:
            raise error_from_reply(reply)
        return reply.get("result")

    async def _connection(self) -> asyncio.StreamWriter:
        if self._connect_lock is None:
            self._connect_lock = asyncio.Lock()
        async with self._connect_lock:
            if self._conn is not None:
                return self._conn[1]
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_unix_connection(self.socket_path), self.connect_timeout)
            except (OSError, asyncio.TimeoutError) as e:
                reason = getattr(e, "strerror", None) or str(e) or "timed out"
                raise DaemonUnreachable("cannot connect to %s: %s" % (self.socket_path, reason)) from None
            task = asyncio.ensure_future(self._read_loop(reader, writer))
            self._conn = (reader, writer, task)
            return writer

    async def _send(self, writer: asyncio.StreamWriter, frame: bytes) -> None:
        try:
            writer.write(frame)
            await writer.drain()
        except (OSError, ConnectionError) as e:
            self._lost(writer, "connection lost while sending: %s" % e)
            raise DaemonUnreachable("connection lost while sending: %s" % e) from None

    async def _cancel(self, writer: asyncio.StreamWriter, call_id: int) -> None:
        try:
            await self._send(writer, encode_frame({"jsonrpc": "2.0", "method": "$/cancelRequest",
                                                   "params": {"id": call_id}}))
        except DaemonUnreachable:
            pass

    async def _read_loop(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        reason = "the daemon closed the connection"
        try:
            while True:
                try:
                    header = await reader.readexactly(HEADER.size)
                except asyncio.IncompleteReadError as e:
                    if e.partial:
                        reason = "connection closed in the middle of a frame"
                    break
                length = decode_length(header, self.max_frame)
                try:
                    body = await reader.readexactly(length)
                except asyncio.IncompleteReadError:
                    reason = "connection closed in the middle of a frame"
                    break
                self._dispatch(json.loads(body.decode("utf-8")))
        except asyncio.CancelledError:
            return
        except (OSError, ValueError, ConnectionError, DaemonUnreachable) as e:
            reason = "connection lost: %s" % e
        self._lost(writer, reason)

    def _dispatch(self, message: Any) -> None:
        if not isinstance(message, dict):
            return
        if message.get("method") == "$/progress":
            params: Dict[str, Any] = message.get("params") or {}
            callback = self._by_token.get(str(params.get("token")))
            if callback is not None:
                try:
                    result = callback(params.get("value") or {})
                    if inspect.isawaitable(result):
                        asyncio.ensure_future(result)
                except Exception:  # a broken callback must not stop the reader
                    pass
            return
        call_id = message.get("id")
        future = self._pending.get(call_id) if isinstance(call_id, int) else None
        if future is not None and not future.done():
            future.set_result(message)

    def _lost(self, writer: asyncio.StreamWriter, reason: str) -> None:
        if self._conn is not None and self._conn[1] is writer:
            self._conn = None
        writer.close()
        self._fail_all(reason)

    def _fail_all(self, reason: str) -> None:
        for future in list(self._pending.values()):
            if not future.done():
                future.set_exception(DaemonUnreachable(reason))
