"""One DescribeVpcs through the official Alibaba Cloud Python SDK, as a script run once per call.

Usage: sdk_once.py URL ACCESS_KEY_ID SECRET. Exits non-zero unless the answer lists vpc-bench.
"""
import sys

from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_vpc20160428.client import Client
from alibabacloud_vpc20160428 import models as vpc_models

url, ak, sk = sys.argv[1], sys.argv[2], sys.argv[3]
scheme, host = url.split("://", 1)
config = open_api_models.Config(
    access_key_id=ak, access_key_secret=sk, endpoint=host, protocol=scheme, region_id="cn-beijing"
)
answer = Client(config).describe_vpcs(vpc_models.DescribeVpcsRequest(region_id="cn-beijing"))
sys.exit(0 if answer.body.vpcs.vpc[0].vpc_id == "vpc-bench" else 1)
