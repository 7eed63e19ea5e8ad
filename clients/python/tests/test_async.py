"""The asyncio client: against a scripted peer (no daemon needed) and against a real alicloudd
(scripts/test.d/python.sh starts one with --sandbox and sets ALICLOUDD_TEST_SOCKET)."""

import asyncio
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import alicloudd_client as ac  # noqa: E402
from alicloudd_client.framing import HEADER, encode_frame  # noqa: E402

import json  # noqa: E402

SOCKET = os.environ.get("ALICLOUDD_TEST_SOCKET")
VPC = {"cloudParams": "regionId=cn-hangzhou", "vpcName": "aio", "cidrBlock": "10.0.0.0/16"}


class ScriptedPeerTests(unittest.TestCase):
    """A Unix server answering with out-of-order replies, progress and a dropped connection."""

    def run_with_peer(self, answer, body):
        async def main():
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "peer.sock")

                async def serve(reader, writer):
                    try:
                        while True:
                            header = await reader.readexactly(HEADER.size)
                            (n,) = HEADER.unpack(header)
                            request = json.loads((await reader.readexactly(n)).decode("utf-8"))
                            for message in await answer(request):
                                if message is None:
                                    writer.close()
                                    return
                                writer.write(encode_frame(message))
                            await writer.drain()
                    except asyncio.IncompleteReadError:
                        writer.close()

                server = await asyncio.start_unix_server(serve, path)
                try:
                    client = ac.AsyncClient(path, cancel_grace=0.5)
                    try:
                        return await body(client)
                    finally:
                        await client.close()
                finally:
                    server.close()
                    await server.wait_closed()

        return asyncio.run(main())

    def test_out_of_order_replies_and_progress(self):
        waiting = {}

        async def answer(request):
            if request.get("method") == "slow":
                waiting["slow"] = request
                return [{"jsonrpc": "2.0", "method": "$/progress",
                         "params": {"token": request["params"]["progressToken"], "value": {"kind": "begin", "message": "1"}}}]
            replies = [{"jsonrpc": "2.0", "id": request["id"], "result": request["method"]}]
            if "slow" in waiting:
                slow = waiting.pop("slow")
                replies.append({"jsonrpc": "2.0", "id": slow["id"], "result": "slow done"})
            return replies

        seen = []

        async def body(client):
            slow = asyncio.ensure_future(client.call("slow", {}, progress=seen.append))
            await asyncio.sleep(0)
            while not waiting:
                await asyncio.sleep(0.01)
            fast = await client.call("fast")
            return fast, await slow

        self.assertEqual(self.run_with_peer(answer, body), ("fast", "slow done"))
        self.assertEqual(seen, [{"kind": "begin", "message": "1"}])

    def test_errors_share_one_base(self):
        async def answer(request):
            if request.get("method") == "drop":
                return [None]
            return [{"jsonrpc": "2.0", "id": request["id"],
                     "error": {"code": -32602, "message": "bad", "data": {"name": "alicloudd.InvalidParams", "field": "x"}}}]

        async def body(client):
            errors = []
            for method in ("bad", "drop"):
                try:
                    await client.call(method)
                except ac.AliclouddError as e:
                    errors.append(e)
            return errors

        bad, dropped = self.run_with_peer(answer, body)
        self.assertIsInstance(bad, ac.RPCError)
        self.assertEqual((bad.code, bad.name, bad.data["field"]), (-32602, "alicloudd.InvalidParams", "x"))
        self.assertIsInstance(dropped, ac.DaemonUnreachable)

    def test_timeout_sends_cancel_and_keeps_the_final_reply(self):
        held = {}

        async def answer(request):
            if request.get("method") == "$/cancelRequest":
                return [{"jsonrpc": "2.0", "id": request["params"]["id"], "result": {"resultCode": "1", "partial": True}}]
            held[request["id"]] = request
            return []

        async def body(client):
            with self.assertRaises(ac.CallTimeout) as caught:
                await client.call("vpc/create", {"inputs": []}, timeout=0.05)
            return caught.exception

        e = self.run_with_peer(answer, body)
        self.assertEqual(e.result, {"resultCode": "1", "partial": True})
        self.assertIsInstance(e, ac.AliclouddError)

    def test_absent_daemon(self):
        async def main():
            with tempfile.TemporaryDirectory() as d:
                client = ac.AsyncClient(os.path.join(d, "none.sock"))
                with self.assertRaises(ac.DaemonUnreachable) as ctx:
                    await client.ping()
                self.assertIn("none.sock", str(ctx.exception))

        asyncio.run(main())


@unittest.skipUnless(SOCKET, "needs a running daemon: ALICLOUDD_TEST_SOCKET (scripts/test.d/python.sh)")
class AsyncDaemonTests(unittest.TestCase):
    def test_typed_create_and_delete_with_progress(self):
        async def main():
            async with ac.AsyncClient(SOCKET) as client:
                seen = []
                created = await client.vpc_create([dict(VPC, guid="aio-1")], request_id="r-aio", operator="py",
                                                  progress=seen.append, timeout=60)
                out = created["results"]["outputs"][0]
                self.assertEqual(out["errorCode"], "0", out)
                self.assertTrue(out["vpcId"].startswith("vpc-"))
                deleted = await client.vpc_delete([{"cloudParams": VPC["cloudParams"], "vpcId": out["vpcId"]}],
                                                  timeout=60)
                self.assertEqual(deleted["resultCode"], "0", deleted)
                for value in seen:
                    self.assertIn(value.get("kind"), ("begin", "report", "end"))

        asyncio.run(main())

    def test_many_calls_at_once_on_one_connection(self):
        async def main():
            async with ac.AsyncClient(SOCKET) as client:
                async def unknown(i):
                    try:
                        await client.call("aio/unknown%d" % i, timeout=10)
                    except ac.RPCError as e:
                        return e.message
                    return None

                pings = await asyncio.gather(*(client.ping(timeout=10) for _ in range(50)))
                errors = await asyncio.gather(*(unknown(i) for i in range(50)))
                self.assertEqual(len(pings), 50)
                for i, message in enumerate(errors):
                    self.assertIn("aio/unknown%d" % i, message or "", "each call gets its own reply")

        asyncio.run(main())

    def test_invalid_params_name_the_field(self):
        async def main():
            async with ac.AsyncClient(SOCKET) as client:
                with self.assertRaises(ac.RPCError) as ctx:
                    await client.vpc_create([{"vpcName": {"nested": 1}}])  # type: ignore[typeddict-item]
                self.assertEqual(ctx.exception.data.get("field"), "inputs[0].vpcName")

        asyncio.run(main())


if __name__ == "__main__":
    unittest.main()
