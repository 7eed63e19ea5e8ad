"""The client's exceptions: every one is an :class:`AliclouddError`."""

from typing import Any, Dict, Optional


class AliclouddError(Exception):
    """The base of every exception this package raises."""


class RPCError(AliclouddError):
    """An error answered by the daemon: ``code``, stable ``name`` (``alicloudd.InvalidParams``),
    ``message`` and ``data`` (a dict; e.g. ``field`` for invalid params, ``suggestions`` for an
    unknown method)."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        self.code = code
        self.message = message
        self.data: Dict[str, Any] = data if isinstance(data, dict) else {}
        self.name: str = self.data.get("name", "")
        super().__init__("%s (%s, code %d)" % (message, self.name or "error", code))


class DaemonUnreachable(AliclouddError):
    """The daemon's socket cannot be reached, or the connection was lost."""


class CallTimeout(RPCError):
    """A call did not finish within its timeout. A cancel request was sent to the daemon and its
    final reply awaited for ``cancel_grace`` seconds: a cancelled operation still answers with its
    envelope, which names whatever it already created. ``reply`` is that final message (None if it
    did not come), ``result`` its result (also ``data["result"]``); an error answer is in
    ``data["error"]`` and its ``partial`` in ``data["partial"]``."""

    def __init__(self, method: str, timeout: Optional[float], reply: Optional[Dict[str, Any]] = None) -> None:
        data: Dict[str, Any] = {"name": "alicloudd.TimedOut"}
        message = "%s did not finish within %gs; the call was cancelled" % (method, timeout or 0)
        self.reply: Optional[Dict[str, Any]] = reply if isinstance(reply, dict) else None
        self.result: Any = None
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


def error_from_reply(reply: Dict[str, Any]) -> RPCError:
    """The :class:`RPCError` of a reply carrying ``error``."""
    err = reply.get("error") or {}
    return RPCError(err.get("code", -32603), err.get("message", ""), err.get("data"))
