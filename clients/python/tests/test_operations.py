"""The typed helpers generated from protocol/openrpc.json."""

import asyncio
import inspect
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import alicloudd_client as ac  # noqa: E402
from alicloudd_client import operations  # noqa: E402

OPENRPC = os.path.join(os.path.dirname(__file__), "..", "..", "..", "protocol", "openrpc.json")


def method_name(operation):
    return operation.replace("/", "_").replace("-", "_")


class Recording(ac.Client):
    def __init__(self):
        super().__init__("/unused")
        self.sent = []

    def call(self, method, params=None, progress=None, timeout=None):
        self.sent.append((method, params, progress, timeout))
        return {"resultCode": "0"}


class AsyncRecording(ac.AsyncClient):
    def __init__(self):
        super().__init__("/unused")
        self.sent = []

    async def call(self, method, params=None, progress=None, timeout=None):
        self.sent.append((method, params, progress, timeout))
        return {"resultCode": "0"}


class OperationsTests(unittest.TestCase):
    def setUp(self):
        with open(OPENRPC, encoding="utf-8") as f:
            self.doc = json.load(f)
        self.ops = [m["name"] for m in self.doc["methods"] if "/" in m["name"]]

    def test_every_operation_has_a_sync_and_an_async_method(self):
        self.assertEqual(operations.OPERATIONS, self.ops)
        for op in self.ops:
            sync = getattr(ac.Client, method_name(op))
            coro = getattr(ac.AsyncClient, method_name(op))
            self.assertFalse(inspect.iscoroutinefunction(sync), op)
            self.assertTrue(inspect.iscoroutinefunction(coro), op)

    def test_the_version_is_the_daemons(self):
        self.assertEqual(ac.__version__, self.doc["info"]["version"])
        self.assertEqual(ac.PROTOCOL_VERSION, self.doc["info"]["x-protocolVersion"])

    def test_typed_inputs_name_the_catalogues_fields(self):
        spec = next(m for m in self.doc["methods"] if m["name"] == "vm/security-group/bind")
        fields = set(spec["params"][0]["schema"]["items"]["properties"])
        self.assertEqual(set(operations.VmSecurityGroupBindInput.__annotations__), fields)

    def test_helpers_send_the_call_with_request_id_and_operator(self):
        c = Recording()
        seen = []
        c.vpc_nat_snat_entry_modify_append([{"guid": "1"}], request_id="r", operator="o", progress=seen.append,
                                           timeout=3)
        c.vpc_delete([{"vpcId": "vpc-1"}])
        self.assertEqual(c.sent[0], ("vpc/nat/snat_entry/modify/append",
                                     {"inputs": [{"guid": "1"}], "requestId": "r", "operator": "o"}, seen.append, 3))
        self.assertEqual(c.sent[1], ("vpc/delete", {"inputs": [{"vpcId": "vpc-1"}]}, None, None))
        a = AsyncRecording()
        asyncio.run(a.vm_security_group_bind([{"instanceId": "i-1"}], operator="o"))
        self.assertEqual(a.sent, [("vm/security-group/bind", {"inputs": [{"instanceId": "i-1"}], "operator": "o"},
                                   None, None)])


if __name__ == "__main__":
    unittest.main()
