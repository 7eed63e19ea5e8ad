"""Framing and dispatch against a scripted peer over a socketpair (no daemon needed)."""

import json
import os
import socket
import struct
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import alicloudd_client as ac  # noqa: E402


class FakeDaemon:
    """Answers each request on one end of a socketpair using ``answer(request) -> [messages]``,
    writing replies one byte at a time when ``trickle`` is set."""

    def __init__(self, answer, trickle=False):
        self.server, self.client_sock = socket.socketpair()
        self.answer = answer
        self.trickle = trickle
        self.requests = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            try:
                message = ac.read_frame(self.server)
            except (OSError, ac.DaemonUnreachable):
                return
            if message is None:
                return
            self.requests.append(message)
            for reply in self.answer(message):
                frame = ac.encode_frame(reply)
                if self.trickle:
                    for i in range(len(frame)):
                        self.server.send(frame[i:i + 1])
                else:
                    self.server.sendall(frame)

    def close(self):
        for s in (self.server, self.client_sock):
            try:
                s.close()
            except OSError:
                pass

    def client(self, cancel_grace=0.2):
        c = ac.Client("/unused", cancel_grace=cancel_grace)
        c._sock = self.client_sock
        threading.Thread(target=c._read_loop, args=(self.client_sock,), daemon=True).start()
        return c


def echo(request):
    return [{"jsonrpc": "2.0", "id": request.get("id"), "result": {"echo": request.get("params")}}]


class FramingTests(unittest.TestCase):
    def fake(self, answer, trickle=False):
        fake = FakeDaemon(answer, trickle)
        self.addCleanup(fake.close)
        return fake

    def test_frame_length_counts_utf8_bytes(self):
        frame = ac.encode_frame({"s": "中文✓"})
        (length,) = struct.unpack(">I", frame[:4])
        self.assertEqual(length, len(frame) - 4)
        self.assertEqual(length, len('{"s":"中文✓"}'.encode("utf-8")))
        self.assertGreater(length, len('{"s":"中文✓"}'))

    def test_split_reads_and_non_ascii(self):
        fake = self.fake(echo, trickle=True)
        with fake.client() as c:
            params = {"text": "云服务器 ✓ " * 50}
            self.assertEqual(c.call("x", params, timeout=10), {"echo": params})

    def test_rpc_error_fields(self):
        def fail(request):
            return [{"jsonrpc": "2.0", "id": request["id"], "error": {
                "code": -32602, "message": "invalid params: inputs[0].vpcName: expected a string",
                "data": {"name": "alicloudd.InvalidParams", "field": "inputs[0].vpcName"}}}]
        with self.fake(fail).client() as c:
            with self.assertRaises(ac.RPCError) as ctx:
                c.call("vpc/create", {"inputs": [{"vpcName": {}}]}, timeout=10)
        e = ctx.exception
        self.assertEqual((e.code, e.name, e.data["field"]), (-32602, "alicloudd.InvalidParams", "inputs[0].vpcName"))

    def test_out_of_order_replies_and_progress(self):
        held = []
        lock = threading.Lock()

        def answer(request):
            with lock:
                held.append(request)
                if len(held) < 2:
                    return []
                first, second = held
            token = first["params"]["progressToken"]
            progress = {"jsonrpc": "2.0", "method": "$/progress",
                        "params": {"token": token, "value": {"kind": "report", "message": "i-1: Pending -> Running"}}}
            return [progress, echo(second)[0], echo(first)[0]]

        fake = self.fake(answer)
        c = fake.client()
        seen = []
        results = {}
        t = threading.Thread(target=lambda: results.update(a=c.call("a", {"n": 1}, progress=seen.append, timeout=10)))
        t.start()
        while not fake.requests:
            threading.Event().wait(0.01)
        results["b"] = c.call("b", {"n": 2}, timeout=10)
        t.join(10)
        self.assertEqual(results["a"]["echo"]["n"], 1)
        self.assertEqual(results["b"], {"echo": {"n": 2}})
        self.assertEqual(seen, [{"kind": "report", "message": "i-1: Pending -> Running"}])
        c.close()

    def test_timeout_sends_cancel(self):
        fake = self.fake(lambda request: [])
        c = fake.client()
        with self.assertRaises(ac.CallTimeout) as caught:
            c.call("slow", {}, timeout=0.2)
        self.assertIsNone(caught.exception.reply, "the fake never answers the cancelled call")
        self.assertIsNone(caught.exception.result)
        deadline = threading.Event()
        for _ in range(100):
            if len(fake.requests) >= 2:
                break
            deadline.wait(0.02)
        self.assertEqual(fake.requests[1]["method"], "$/cancelRequest")
        self.assertEqual(fake.requests[1]["params"], {"id": fake.requests[0]["id"]})
        c.close()

    def test_timeout_keeps_the_final_envelope(self):
        """A cancelled operation answers with its envelope naming what it created: the timeout
        error carries it instead of dropping it."""
        envelope = {"resultCode": "1", "resultMessage": "cancelled",
                    "results": {"outputs": [{"errorCode": "1", "instanceId": "i-created"}]}}

        def answer(request):
            if request.get("method") == "$/cancelRequest":
                return [{"jsonrpc": "2.0", "id": request["params"]["id"], "result": envelope}]
            return []

        c = self.fake(answer).client(cancel_grace=5)
        with self.assertRaises(ac.CallTimeout) as caught:
            c.call("vm/create", {"inputs": [{}]}, timeout=0.1)
        e = caught.exception
        self.assertEqual(e.name, "alicloudd.TimedOut")
        self.assertEqual(e.code, -32002)
        self.assertEqual(e.result, envelope)
        self.assertEqual(e.data["result"]["results"]["outputs"][0]["instanceId"], "i-created")
        self.assertEqual(e.reply["result"], envelope)
        c.close()

    def test_timeout_keeps_an_error_reply_and_its_partial(self):
        error = {"code": -32001, "message": "cancelled",
                 "data": {"name": "alicloudd.Cancelled", "partial": {"vpcId": "vpc-1"}}}

        def answer(request):
            if request.get("method") == "$/cancelRequest":
                return [{"jsonrpc": "2.0", "id": request["params"]["id"], "error": error}]
            return []

        c = self.fake(answer).client(cancel_grace=5)
        with self.assertRaises(ac.CallTimeout) as caught:
            c.call("vpc/delete", {"inputs": [{}]}, timeout=0.1)
        self.assertEqual(caught.exception.data["partial"], {"vpcId": "vpc-1"})
        self.assertEqual(caught.exception.data["error"], error)
        self.assertIsNone(caught.exception.result)
        c.close()

    def test_connection_loss_fails_waiting_calls(self):
        fake = self.fake(lambda request: fake.server.close() or [])
        c = fake.client()
        with self.assertRaises(ac.DaemonUnreachable):
            c.call("x", timeout=10)

    def test_default_socket_path(self):
        self.assertEqual(ac.default_socket_path({"ALICLOUDD_SOCKET": "/s"}, 1000), "/s")
        self.assertEqual(ac.default_socket_path({}, 0), "/run/alicloudd/alicloudd.sock")
        self.assertEqual(ac.default_socket_path({"XDG_RUNTIME_DIR": "/run/user/7"}, 7),
                         "/run/user/7/alicloudd/alicloudd.sock")
        self.assertEqual(ac.default_socket_path({}, 7), "/tmp/alicloudd-7/alicloudd.sock")


if __name__ == "__main__":
    unittest.main()
