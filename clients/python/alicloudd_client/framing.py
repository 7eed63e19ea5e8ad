"""The wire format: each message is a 4-byte big-endian length (the UTF-8 byte count of the
body) followed by one JSON-RPC 2.0 message as UTF-8 JSON (protocol/README.md)."""

import json
import os
import socket
import struct
from typing import Any, Dict, Mapping, Optional, Tuple

from .errors import DaemonUnreachable

HEADER = struct.Struct(">I")
DEFAULT_MAX_FRAME = 16 << 20


def default_socket_path(environ: Optional[Mapping[str, str]] = None, uid: Optional[int] = None) -> str:
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


def encode_frame(message: Any) -> bytes:
    """The frame for one JSON message: 4-byte big-endian UTF-8 byte count, then the body."""
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return HEADER.pack(len(body)) + body


def request_frame(call_id: int, method: str, params: Optional[Any], token_prefix: Optional[str]) -> Tuple[bytes, Optional[str]]:
    """The frame of request ``call_id``; with ``token_prefix``, params get a progress token
    (``<prefix>-<pid>-<id>``), returned beside the frame."""
    token = None
    if token_prefix is not None:
        token = "%s-%d-%d" % (token_prefix, os.getpid(), call_id)
        params = dict(params or {})
        params["progressToken"] = token
    message: Dict[str, Any] = {"jsonrpc": "2.0", "id": call_id, "method": method}
    if params is not None:
        message["params"] = params
    return encode_frame(message), token


def decode_length(header: bytes, max_frame: int = DEFAULT_MAX_FRAME) -> int:
    """The body length a frame header announces; raises DaemonUnreachable when invalid."""
    length = int(HEADER.unpack(header)[0])
    if length == 0 or length > max_frame:
        raise DaemonUnreachable("invalid frame length %d from the daemon" % length)
    return length


def recv_exact(sock: socket.socket, count: int) -> Optional[bytes]:
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


def read_frame(sock: socket.socket, max_frame: int = DEFAULT_MAX_FRAME) -> Any:
    """The next JSON message from ``sock``; None at EOF."""
    header = recv_exact(sock, HEADER.size)
    if header is None:
        return None
    length = decode_length(header, max_frame)
    body = recv_exact(sock, length)
    if body is None:
        raise DaemonUnreachable("connection closed in the middle of a frame")
    return json.loads(body.decode("utf-8"))
