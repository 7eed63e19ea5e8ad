"""The thread-based client: one connection, safe to share between threads. A reader thread
matches replies to calls by id and delivers ``$/progress`` notifications to the callback of the
call that asked for them."""

import itertools
import socket
import threading
from typing import Any, Callable, Dict, Optional, Union, cast

from .errors import CallTimeout, DaemonUnreachable, error_from_reply
from .framing import DEFAULT_MAX_FRAME, default_socket_path, encode_frame, read_frame, request_frame
from .operations import Operations

DEFAULT_CANCEL_GRACE = 5.0

Progress = Callable[[Dict[str, Any]], None]


class _Pending:
    __slots__ = ("event", "reply", "progress", "token")

    def __init__(self, progress: Optional[Progress], token: Optional[str]) -> None:
        self.event = threading.Event()
        self.reply: Union[Dict[str, Any], Exception, None] = None
        self.progress = progress
        self.token = token


class Client(Operations):
    """A connection to alicloudd. Connects on first use and again after the connection is lost.
    Besides :meth:`call`, it has one typed method per operation (``vpc_create(inputs, ...)``)."""

    def __init__(self, socket_path: Optional[str] = None, connect_timeout: float = 5.0,
                 max_frame: int = DEFAULT_MAX_FRAME, cancel_grace: float = DEFAULT_CANCEL_GRACE) -> None:
        self.socket_path = socket_path or default_socket_path()
        self.cancel_grace = cancel_grace
        self.connect_timeout = connect_timeout
        self.max_frame = max_frame
        self._ids = itertools.count(1)
        self._lock = threading.Lock()  # guards _sock, _pending, _by_token
        self._send_lock = threading.Lock()
        self._sock: Optional[socket.socket] = None
        self._pending: Dict[int, _Pending] = {}
        self._by_token: Dict[str, _Pending] = {}

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def ping(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        return cast(Dict[str, Any], self.call("daemon.ping", timeout=timeout))

    def status(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        return cast(Dict[str, Any], self.call("daemon.status", timeout=timeout))

    def discover(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        return cast(Dict[str, Any], self.call("rpc.discover", timeout=timeout))

    def call(self, method: str, params: Optional[Dict[str, Any]] = None, progress: Optional[Progress] = None,
             timeout: Optional[float] = None) -> Any:
        """Calls ``method`` and returns its result. ``progress(value)`` receives the ``value`` of
        each ``$/progress`` notification (``{"kind", "message", ...}``) on the reader thread.
        Raises RPCError, CallTimeout or DaemonUnreachable. Re-sending the same call after any of
        them is safe: the daemon treats it as the same mutation and never makes a second resource."""
        call_id = next(self._ids)
        frame, token = request_frame(call_id, method, params, "py" if progress is not None else None)
        pending = _Pending(progress, token)
        sock = self._connection()
        with self._lock:
            self._pending[call_id] = pending
            if token is not None:
                self._by_token[token] = pending
        try:
            self._send(sock, frame)
            if not pending.event.wait(timeout):
                self._cancel(sock, call_id)
                pending.event.wait(self.cancel_grace)
                reply = pending.reply
                raise CallTimeout(method, timeout, reply if isinstance(reply, dict) else None)
        finally:
            with self._lock:
                self._pending.pop(call_id, None)
                if token is not None:
                    self._by_token.pop(token, None)
        reply = pending.reply
        if isinstance(reply, Exception):
            raise reply
        assert reply is not None
        if "error" in reply:
            raise error_from_reply(reply)
        return reply.get("result")

    # Connection and reader thread.

    def _connection(self) -> socket.socket:
        with self._lock:
            if self._sock is not None:
                return self._sock
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.connect_timeout)
            try:
                sock.connect(self.socket_path)
            except OSError as e:
                sock.close()
                raise DaemonUnreachable("cannot connect to %s: %s" % (self.socket_path, e.strerror or e)) from None
            sock.settimeout(None)
            self._sock = sock
            threading.Thread(target=self._read_loop, args=(sock,), name="alicloudd-reader", daemon=True).start()
            return sock

    def _send(self, sock: socket.socket, frame: bytes) -> None:
        try:
            with self._send_lock:
                sock.sendall(frame)
        except OSError as e:
            self._lost(sock, "connection lost while sending: %s" % e)
            raise DaemonUnreachable("connection lost while sending: %s" % e) from None

    def _cancel(self, sock: socket.socket, call_id: int) -> None:
        try:
            self._send(sock, encode_frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": call_id}}))
        except DaemonUnreachable:
            pass

    def _read_loop(self, sock: socket.socket) -> None:
        reason = "the daemon closed the connection"
        try:
            while True:
                message = read_frame(sock, self.max_frame)
                if message is None:
                    break
                self._dispatch(message)
        except (OSError, ValueError, DaemonUnreachable) as e:
            reason = "connection lost: %s" % e
        self._lost(sock, reason)

    def _dispatch(self, message: Any) -> None:
        if not isinstance(message, dict):
            return
        if message.get("method") == "$/progress":
            params: Dict[str, Any] = message.get("params") or {}
            with self._lock:
                pending = self._by_token.get(str(params.get("token")))
            if pending is not None and pending.progress is not None:
                try:
                    pending.progress(params.get("value") or {})
                except Exception:  # a broken callback must not stop the reader
                    pass
            return
        if "id" not in message:
            return
        with self._lock:
            pending = self._pending.get(message["id"]) if isinstance(message["id"], int) else None
        if pending is not None:
            pending.reply = message
            pending.event.set()

    def _lost(self, sock: socket.socket, reason: str) -> None:
        with self._lock:
            if self._sock is sock:
                self._sock = None
            waiting = list(self._pending.values())
        for pending in waiting:
            if not pending.event.is_set():
                pending.reply = DaemonUnreachable(reason)
                pending.event.set()
        try:
            sock.close()
        except OSError:
            pass
