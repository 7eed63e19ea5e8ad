"""The client against a real alicloudd (scripts/test.d/python.sh starts one and sets
ALICLOUDD_TEST_SOCKET)."""

import json
import os
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import alicloudd_client as ac  # noqa: E402

SOCKET = os.environ.get("ALICLOUDD_TEST_SOCKET")


@unittest.skipUnless(SOCKET, "needs a running daemon: ALICLOUDD_TEST_SOCKET (scripts/test.d/python.sh)")
class DaemonTests(unittest.TestCase):
    def setUp(self):
        self.client = ac.Client(SOCKET)

    def tearDown(self):
        self.client.close()

    def test_ping(self):
        result = self.client.ping(timeout=10)
        self.assertIsInstance(result, dict)

    def test_status_reports_version(self):
        status = self.client.status(timeout=10)
        self.assertIsInstance(status, dict)
        self.assertIn("version", status)

    def test_discover_lists_every_operation(self):
        doc = self.client.discover(timeout=10)
        names = {m["name"] for m in doc["methods"]}
        self.assertIn("vpc/nat/snat_entry/modify/append", names)
        published = os.path.join(os.path.dirname(__file__), "..", "..", "..", "protocol", "openrpc.json")
        with open(published, encoding="utf-8") as f:
            expected = {m["name"] for m in json.load(f)["methods"]}
        self.assertEqual({n for n in names if "/" in n}, {n for n in expected if "/" in n})

    def test_unknown_method_suggests(self):
        with self.assertRaises(ac.RPCError) as ctx:
            self.client.call("vpc/creat", {"inputs": []}, timeout=10)
        e = ctx.exception
        self.assertEqual(e.code, -32601)
        self.assertTrue(e.name.endswith("MethodNotFound"), e.name)
        self.assertIn("vpc/create", e.message)

    def test_non_ascii_payload_round_trips(self):
        # The method name comes back in the error, so byte lengths are checked both ways.
        method = "vpc/创建-" + "云" * 3000
        with self.assertRaises(ac.RPCError) as ctx:
            self.client.call(method, {"inputs": [{"description": "描述 ✓" * 10000}]}, timeout=10)
        self.assertEqual(ctx.exception.code, -32601)
        self.assertIn(method, ctx.exception.message)
        self.assertIsInstance(self.client.ping(timeout=10), dict, "the connection is still usable")

    def test_concurrent_calls_from_eight_threads(self):
        errors = []

        def worker(n):
            try:
                for i in range(25):
                    method = "thread%d/call%d" % (n, i)
                    try:
                        self.client.call(method, timeout=10)
                        errors.append("%s: no error" % method)
                    except ac.RPCError as e:
                        if method not in e.message:
                            errors.append("%s got the reply of another call: %s" % (method, e.message))
                    self.assertIsInstance(self.client.ping(timeout=10), dict)
            except Exception as e:  # collected and reported by the main thread
                errors.append(repr(e))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])

    def test_progress_token_is_accepted(self):
        seen = []
        params = {"inputs": [{"cloudParams": "regionId=cn-hangzhou", "vpcName": "p", "cidrBlock": "10.0.0.0/16"}]}
        try:
            result = self.client.call("vpc/create", params, progress=seen.append, timeout=30)
            self.assertIn("resultCode", result)
        except ac.RPCError as e:
            # Without a handler (or credentials) the call may fail, but never because of the token.
            self.assertNotEqual(e.data.get("field"), "progressToken", e.message)
            self.assertNotEqual(e.code, -32600, e.message)
        for value in seen:
            self.assertIn(value.get("kind"), ("begin", "report", "end"))

    def test_invalid_params_name_the_field(self):
        with self.assertRaises(ac.RPCError) as ctx:
            self.client.call("vpc/create", {"inputs": [{"vpcName": {"nested": 1}}]}, timeout=10)
        self.assertEqual(ctx.exception.code, -32602)
        self.assertEqual(ctx.exception.data.get("field"), "inputs[0].vpcName")

    def test_too_many_inputs_are_refused_before_running(self):
        with self.assertRaises(ac.RPCError) as ctx:
            self.client.call("vpc/create", {"inputs": [{}] * 150000}, timeout=30)
        self.assertEqual(ctx.exception.code, -32602)
        self.assertEqual(ctx.exception.data.get("field"), "inputs")
        self.assertIn("1000", ctx.exception.message)
        self.assertIsInstance(self.client.ping(timeout=10), dict, "the connection is still usable")


class AbsentDaemonTests(unittest.TestCase):
    def test_daemon_absent(self):
        with tempfile.TemporaryDirectory() as d:
            c = ac.Client(os.path.join(d, "none.sock"))
            with self.assertRaises(ac.DaemonUnreachable) as ctx:
                c.ping(timeout=5)
            self.assertIn("none.sock", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
