"""Times DescribeVpcs through the official Alibaba Cloud Python SDK against a local endpoint.

Usage: cloud_call_sdk.py URL CALLS ACCESS_KEY_ID SECRET
Prints one line: wall and CPU (user + system of this process) microseconds per call, after a
short warm-up.
"""
import sys
import time

from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_vpc20160428.client import Client
from alibabacloud_vpc20160428 import models as vpc_models


def main():
    url, calls, ak, sk = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    scheme, host = url.split("://", 1)
    config = open_api_models.Config(
        access_key_id=ak, access_key_secret=sk, endpoint=host, protocol=scheme, region_id="cn-beijing"
    )
    client = Client(config)
    request = vpc_models.DescribeVpcsRequest(region_id="cn-beijing")
    for _ in range(min(50, calls)):
        answer = client.describe_vpcs(request)
    if answer.body.vpcs.vpc[0].vpc_id != "vpc-bench":
        sys.exit("the answer does not list vpc-bench")
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        client.describe_vpcs(request)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{wall / calls * 1e6:.1f} {cpu / calls * 1e6:.1f}")


if __name__ == "__main__":
    main()
