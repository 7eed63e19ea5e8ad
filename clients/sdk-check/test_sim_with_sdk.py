"""The official Alibaba Cloud Python SDK against alicloud-sim.

Run by scripts/test.d/sdk.sh, which starts the simulator and sets ALICLOUD_SIM_PORT. The SDK signs
with V3 (ACS3-HMAC-SHA256) by default and with HMAC-SHA1 (SignatureVersion=1.0) when
Config.signature_algorithm is 'v2'.
"""
import json
import os
import time
import unittest
import urllib.request

from alibabacloud_tea_openapi.utils_models import Config
from alibabacloud_vpc20160428 import models
from alibabacloud_vpc20160428.client import Client

PORT = os.environ["ALICLOUD_SIM_PORT"]
KEY_ID = "LTAI5tSandboxAccessKey01"
SECRET = "alicloud-sim-sandbox-secret"
REGION = "cn-hangzhou"


def signings_seen():
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/__sim/requests") as r:
        return [entry["signing"] for entry in json.load(r)["requests"]]


def client(secret=SECRET, algorithm=None):
    config = Config(
        access_key_id=KEY_ID,
        access_key_secret=secret,
        endpoint=f"127.0.0.1:{PORT}",
        protocol="http",
        region_id=REGION,
    )
    if algorithm:
        config.signature_algorithm = algorithm
    return Client(config)


class SimulatorWithOfficialSdk(unittest.TestCase):
    def lifecycle(self, c, cidr):
        created = c.create_vpc(models.CreateVpcRequest(region_id=REGION, cidr_block=cidr, vpc_name="sdk-check"))
        vpc_id = created.body.vpc_id
        self.assertTrue(vpc_id.startswith("vpc-"))
        self.assertTrue(created.body.route_table_id.startswith("vtb-"))
        status = None
        for _ in range(100):
            found = c.describe_vpcs(models.DescribeVpcsRequest(region_id=REGION, vpc_id=vpc_id))
            self.assertEqual(found.body.total_count, 1)
            status = found.body.vpcs.vpc[0].status
            if status == "Available":
                break
            time.sleep(0.02)
        self.assertEqual(status, "Available")
        self.assertEqual(found.body.vpcs.vpc[0].cidr_block, cidr)
        c.delete_vpc(models.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
        for _ in range(100):
            left = c.describe_vpcs(models.DescribeVpcsRequest(region_id=REGION, vpc_id=vpc_id))
            if left.body.total_count == 0:
                return
            time.sleep(0.02)
        self.fail("the VPC was not deleted")

    def test_v3_signature_create_describe_delete(self):
        before = len(signings_seen())
        self.lifecycle(client(), "10.10.0.0/16")
        self.assertEqual(set(signings_seen()[before:]), {"v3"})

    def test_v1_signature_create_describe_delete(self):
        before = len(signings_seen())
        self.lifecycle(client(algorithm="v2"), "10.20.0.0/16")
        self.assertEqual(set(signings_seen()[before:]), {"v1"})

    def test_wrong_secret_is_rejected(self):
        for algorithm in (None, "v2"):
            with self.subTest(algorithm=algorithm or "v3"):
                with self.assertRaises(Exception) as caught:
                    client(secret="not-the-secret", algorithm=algorithm).describe_vpcs(
                        models.DescribeVpcsRequest(region_id=REGION)
                    )
                self.assertEqual(getattr(caught.exception, "code", None), "SignatureDoesNotMatch")
                self.assertEqual(getattr(caught.exception, "status_code", 400), 400)

    def test_missing_parameter_reaches_the_sdk(self):
        with self.assertRaises(Exception) as caught:
            client().create_vswitch(models.CreateVSwitchRequest(region_id=REGION, zone_id="cn-hangzhou-h", cidr_block="10.0.0.0/24"))
        self.assertEqual(getattr(caught.exception, "code", None), "MissingVpcId")


if __name__ == "__main__":
    unittest.main()
