"""/metrics and /healthz of a real alicloudd after a sandbox run, read with the Prometheus
client's text parser (scripts/test.d/python.sh installs it in a venv and sets
ALICLOUDD_TEST_METRICS to the --metrics address)."""

import json
import os
import sys
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import alicloudd_client as ac  # noqa: E402

SOCKET = os.environ.get("ALICLOUDD_TEST_SOCKET")
METRICS = os.environ.get("ALICLOUDD_TEST_METRICS")


@unittest.skipUnless(SOCKET and METRICS, "needs a daemon with --metrics (scripts/test.d/python.sh)")
class MetricsTests(unittest.TestCase):
    def get(self, path):
        with urllib.request.urlopen("http://%s%s" % (METRICS, path), timeout=10) as r:
            return r.status, r.headers.get("Content-Type"), r.read().decode("utf-8")

    def test_metrics_parse_after_a_sandbox_run(self):
        from prometheus_client.parser import text_string_to_metric_families

        with ac.Client(SOCKET) as c:
            vpc = {"cloudParams": "regionId=cn-shanghai", "vpcName": "metrics", "cidrBlock": "10.1.0.0/16"}
            out = c.vpc_create([vpc], timeout=60)["results"]["outputs"][0]
            self.assertEqual(out["errorCode"], "0", out)
            c.vpc_delete([{"cloudParams": vpc["cloudParams"], "vpcId": out["vpcId"]}], timeout=60)
            with self.assertRaises(ac.RPCError):
                c.call("metrics/unknown", timeout=10)
        status, content_type, text = self.get("/metrics")
        self.assertEqual(status, 200)
        self.assertEqual(content_type, "text/plain; version=0.0.4; charset=utf-8")
        families = {f.name: f for f in text_string_to_metric_families(text)}

        def samples(family, suffix=""):
            return {(s.name, tuple(sorted(s.labels.items()))): s.value
                    for s in families[family].samples if s.name == family + suffix}

        # The parser drops a counter's _total suffix from the family name.
        self.assertEqual(families["alicloudd_calls"].type, "counter")
        calls = samples("alicloudd_calls", "_total")
        self.assertGreaterEqual(calls[("alicloudd_calls_total", (("method", "vpc/create"),))], 1)
        errors = samples("alicloudd_call_errors", "_total")
        self.assertGreaterEqual(
            errors[("alicloudd_call_errors_total", (("error", "alicloudd.MethodNotFound"), ("method", "(unknown)")))], 1)
        durations = families["alicloudd_call_duration_seconds"]
        self.assertEqual(durations.type, "histogram")
        buckets = [s for s in durations.samples
                   if s.name.endswith("_bucket") and s.labels["method"] == "vpc/create"]
        self.assertEqual(buckets[-1].labels["le"], "+Inf")
        self.assertEqual([s.value for s in buckets], sorted(s.value for s in buckets), "cumulative buckets")
        requests = samples("alicloudd_cloud_requests", "_total")
        ok = {dict(k[1])["action"]: v for k, v in requests.items() if dict(k[1])["code"] == "OK"}
        self.assertGreaterEqual(ok.get("CreateVpc", 0), 1, requests)
        self.assertGreaterEqual(ok.get("DeleteVpc", 0), 1, requests)
        self.assertEqual(families["alicloudd_cloud_request_duration_seconds"].type, "histogram")
        for name in ("alicloudd_calls_in_flight", "alicloudd_connections", "alicloudd_journal_entries_pending"):
            self.assertEqual(families[name].type, "gauge", name)
        for name in ("alicloudd_cloud_retries", "alicloudd_cloud_throttled"):
            self.assertEqual(families[name].type, "counter", name)

    def test_healthz_is_ready(self):
        status, _, text = self.get("/healthz")
        self.assertEqual(status, 200)
        body = json.loads(text)
        self.assertEqual((body["status"], body["socket"]), ("ready", "listening"))


if __name__ == "__main__":
    unittest.main()
