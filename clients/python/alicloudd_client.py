"""Python client for alicloudd: length-prefixed JSON-RPC 2.0 over a Unix socket.

Standard library only. One connection, safe to share between threads: a reader thread matches
replies to calls by id and delivers ``$/progress`` notifications to the callback of the call that
asked for them.

    from alicloudd_client import Client
    with Client() as c:
        print(c.ping())
        envelope = c.call("vpc/create", {"inputs": [{"cloudParams": "regionId=cn-hangzhou",
                                                     "vpcName": "demo", "cidrBlock": "10.0.0.0/16"}]},
                          progress=lambda value: print(value.get("message")))
"""

import itertools
import json
import os
import socket
import struct
import threading

__all__ = ["Client", "RPCError", "DaemonUnreachable", "CallTimeout", "default_socket_path"]

HEADER = struct.Struct(">I")
DEFAULT_MAX_FRAME = 16 << 20
DEFAULT_CANCEL_GRACE = 5.0


class RPCError(Exception):
    """An error answered by the daemon: ``code``, stable ``name`` (``alicloudd.InvalidParams``),
    ``message`` and ``data`` (a dict; e.g. ``field`` for invalid params, ``suggestions`` for an
    unknown method)."""

    def __init__(self, code, message, data=None):
        self.code = code
        self.message = message
        self.data = data if isinstance(data, dict) else {}
        self.name = self.data.get("name", "")
        super().__init__("%s (%s, code %d)" % (message, self.name or "error", code))


class DaemonUnreachable(Exception):
    """The daemon's socket cannot be reached, or the connection was lost."""


class CallTimeout(RPCError):
    """A call did not finish within its timeout. A cancel request was sent to the daemon and its
    final reply awaited for ``cancel_grace`` seconds: a cancelled operation still answers with its
    envelope, which names whatever it already created. ``reply`` is that final message (None if it
    did not come), ``result`` its result (also ``data["result"]``); an error answer is in
    ``data["error"]`` and its ``partial`` in ``data["partial"]``."""

    def __init__(self, method, timeout, reply=None):
        data = {"name": "alicloudd.TimedOut"}
        message = "%s did not finish within %gs; the call was cancelled" % (method, timeout)
        self.reply = reply if isinstance(reply, dict) else None
        self.result = None
        if self.reply is not None and "result" in self.reply:
            self.result = self.reply["result"]
            data["result"] = self.result
            message += "; its final reply is in .result"
        elif self.reply is not None and isinstance(self.reply.get("error"), dict):
            err = self.reply["error"]
            data["error"] = err
            if isinstance(err.get("data"), dict) and "partial" in err["data"]:
                data["partial"] = err["data"]["partial"]
            message += "; the daemon answered %s" % ((err.get("data") or {}).get("name") or err.get("code"))
        else:
            message += " (no final reply came)"
        super().__init__(-32002, message, data)


def default_socket_path(environ=None, uid=None):
    """``$ALICLOUDD_SOCKET``; ``/run/alicloudd/alicloudd.sock`` for root; else
    ``$XDG_RUNTIME_DIR/alicloudd/alicloudd.sock`` (``/tmp/alicloudd-<uid>/alicloudd.sock`` without it)."""
    environ = os.environ if environ is None else environ
    uid = os.getuid() if uid is None else uid
    if environ.get("ALICLOUDD_SOCKET"):
        return environ["ALICLOUDD_SOCKET"]
    if uid == 0:
        return "/run/alicloudd/alicloudd.sock"
    if environ.get("XDG_RUNTIME_DIR"):
        return os.path.join(environ["XDG_RUNTIME_DIR"], "alicloudd", "alicloudd.sock")
    return "/tmp/alicloudd-%d/alicloudd.sock" % uid


def encode_frame(message):
    """The frame for one JSON message: 4-byte big-endian UTF-8 byte count, then the body."""
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return HEADER.pack(len(body)) + body


def recv_exact(sock, count):
    """Exactly ``count`` bytes from ``sock`` (several reads if needed); None at a clean EOF
    before the first byte."""
    chunks = []
    remaining = count
    while remaining:
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            if remaining == count:
                return None
            raise DaemonUnreachable("connection closed in the middle of a frame")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame(sock, max_frame=DEFAULT_MAX_FRAME):
    """The next JSON message from ``sock``; None at EOF."""
    header = recv_exact(sock, HEADER.size)
    if header is None:
        return None
    (length,) = HEADER.unpack(header)
    if length == 0 or length > max_frame:
        raise DaemonUnreachable("invalid frame length %d from the daemon" % length)
    body = recv_exact(sock, length)
    if body is None:
        raise DaemonUnreachable("connection closed in the middle of a frame")
    return json.loads(body.decode("utf-8"))


class _Pending:
    __slots__ = ("event", "reply", "progress", "token")

    def __init__(self, progress, token):
        self.event = threading.Event()
        self.reply = None
        self.progress = progress
        self.token = token


class Client:
    """A connection to alicloudd. Connects on first use and again after the connection is lost."""

    def __init__(self, socket_path=None, connect_timeout=5.0, max_frame=DEFAULT_MAX_FRAME,
                 cancel_grace=DEFAULT_CANCEL_GRACE):
        self.socket_path = socket_path or default_socket_path()
        self.cancel_grace = cancel_grace
        self.connect_timeout = connect_timeout
        self.max_frame = max_frame
        self._ids = itertools.count(1)
        self._lock = threading.Lock()  # guards _sock, _pending, _by_token
        self._send_lock = threading.Lock()
        self._sock = None
        self._pending = {}
        self._by_token = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def ping(self, timeout=None):
        return self.call("daemon.ping", timeout=timeout)

    def status(self, timeout=None):
        return self.call("daemon.status", timeout=timeout)

    def discover(self, timeout=None):
        return self.call("rpc.discover", timeout=timeout)

    def call(self, method, params=None, progress=None, timeout=None):
        """Calls ``method`` and returns its result. ``progress(value)`` receives the ``value`` of
        each ``$/progress`` notification (``{"kind", "message", ...}``) on the reader thread.
        Raises RPCError, CallTimeout or DaemonUnreachable. Re-sending the same call after any of
        them is safe: the daemon treats it as the same mutation and never makes a second resource."""
        call_id = next(self._ids)
        token = None
        if progress is not None:
            token = "py-%d-%d" % (os.getpid(), call_id)
            params = dict(params or {})
            params["progressToken"] = token
        message = {"jsonrpc": "2.0", "id": call_id, "method": method}
        if params is not None:
            message["params"] = params
        frame = encode_frame(message)
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
        if "error" in reply:
            err = reply["error"] or {}
            raise RPCError(err.get("code", -32603), err.get("message", ""), err.get("data"))
        return reply.get("result")

    # Connection and reader thread.

    def _connection(self):
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

    def _send(self, sock, frame):
        try:
            with self._send_lock:
                sock.sendall(frame)
        except OSError as e:
            self._lost(sock, "connection lost while sending: %s" % e)
            raise DaemonUnreachable("connection lost while sending: %s" % e) from None

    def _cancel(self, sock, call_id):
        try:
            self._send(sock, encode_frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": call_id}}))
        except DaemonUnreachable:
            pass

    def _read_loop(self, sock):
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

    def _dispatch(self, message):
        if not isinstance(message, dict):
            return
        if message.get("method") == "$/progress":
            params = message.get("params") or {}
            with self._lock:
                pending = self._by_token.get(params.get("token"))
            if pending is not None and pending.progress is not None:
                try:
                    pending.progress(params.get("value"))
                except Exception:  # a broken callback must not stop the reader
                    pass
            return
        if "id" not in message:
            return
        with self._lock:
            pending = self._pending.get(message["id"])
        if pending is not None:
            pending.reply = message
            pending.event.set()

    def _lost(self, sock, reason):
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
