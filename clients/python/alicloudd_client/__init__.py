"""Python client for alicloudd: length-prefixed JSON-RPC 2.0 over a Unix socket.

Standard library only. :class:`Client` is thread-based and may be shared between threads;
:class:`AsyncClient` is its asyncio counterpart. Both have ``call(method, params)`` and one typed
method per operation (``vpc_create(inputs)``), generated from protocol/openrpc.json. Every
exception raised is an :class:`AliclouddError`.

    from alicloudd_client import Client
    with Client() as c:
        print(c.ping())
        envelope = c.vpc_create([{"cloudParams": "regionId=cn-hangzhou", "vpcName": "demo",
                                  "cidrBlock": "10.0.0.0/16"}],
                                progress=lambda value: print(value.get("message")))
"""

from .aio import AsyncClient
from .client import DEFAULT_CANCEL_GRACE, Client
from .errors import AliclouddError, CallTimeout, DaemonUnreachable, RPCError
from .framing import DEFAULT_MAX_FRAME, HEADER, default_socket_path, encode_frame, read_frame, recv_exact
from .operations import OPERATIONS, PROTOCOL_VERSION, __version__

__all__ = [
    "AliclouddError",
    "AsyncClient",
    "CallTimeout",
    "Client",
    "DaemonUnreachable",
    "DEFAULT_CANCEL_GRACE",
    "DEFAULT_MAX_FRAME",
    "HEADER",
    "OPERATIONS",
    "PROTOCOL_VERSION",
    "RPCError",
    "__version__",
    "default_socket_path",
    "encode_frame",
    "read_frame",
    "recv_exact",
]
