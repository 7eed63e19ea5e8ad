"""The AliCloud action facts the generators read: actions.json, plus a supplement."""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CANDIDATES = [os.path.join(ROOT, up, "shared", "alicloud-api", "actions.json") for up in ("..", "../..")]


# Actions the operations use that the fact file lacks, written from the product's public API
# reference in the fact file's shape.
SUPPLEMENT = [
    {
        "product": "R-kvstore", "productCode": "r-kvstore", "version": "2015-01-01", "action": "ModifySecurityIps", "clientToken": False,
        "params": [
            {"name": n, "required": n in ("InstanceId", "SecurityIps"), "type": "int" if n.endswith("OwnerId") else "str"}
            for n in (
                "InstanceId", "ModifyMode", "OwnerAccount", "OwnerId", "ResourceOwnerAccount", "ResourceOwnerId",
                "SecurityIpGroupAttribute", "SecurityIpGroupName", "SecurityIps", "SecurityToken",
            )
        ],
        "responseFields": ["RequestId"],
    },
    {
        "product": "Rds", "productCode": "rds", "version": "2014-08-15", "action": "DescribeSecurityGroupConfiguration",
        "clientToken": False,
        "params": [
            {"name": n, "required": n == "DBInstanceId", "type": "int" if n.endswith("OwnerId") else "str"}
            for n in ("DBInstanceId", "OwnerId", "ResourceOwnerAccount", "ResourceOwnerId")
        ],
        "responseFields": ["DBInstanceName", "Items", "RequestId"],
        "responseShape": {
            "DBInstanceName": "str",
            "Items": {"EcsSecurityGroupRelation": [{"NetworkType": "str", "RegionId": "str", "SecurityGroupId": "str"}]},
            "RequestId": "str",
        },
    },
    {
        "product": "R-kvstore", "productCode": "r-kvstore", "version": "2015-01-01",
        "action": "DescribeSecurityGroupConfiguration", "clientToken": False,
        "params": [
            {"name": n, "required": n == "InstanceId", "type": "int" if n.endswith("OwnerId") else "str"}
            for n in (
                "InstanceId", "OwnerAccount", "OwnerId", "ResourceOwnerAccount", "ResourceOwnerId", "SecurityToken",
            )
        ],
        "responseFields": ["Items", "RequestId"],
        "responseShape": {
            "Items": {"EcsSecurityGroupRelation": [{"NetworkType": "str", "RegionId": "str", "SecurityGroupId": "str"}]},
            "RequestId": "str",
        },
    },
    {
        "product": "Ecs", "productCode": "ecs", "version": "2014-05-26", "action": "DescribeSecurityGroupAttribute",
        "clientToken": False,
        "params": [
            {"name": n, "required": n in ("RegionId", "SecurityGroupId"), "type": "int" if n.endswith("OwnerId") or n == "MaxResults" else "str"}
            for n in (
                "Direction", "MaxResults", "NextToken", "NicType", "OwnerAccount", "OwnerId", "RegionId",
                "ResourceOwnerAccount", "ResourceOwnerId", "SecurityGroupId",
            )
        ],
        "responseFields": [
            "Description", "InnerAccessPolicy", "NextToken", "Permissions", "RegionId", "RequestId", "SecurityGroupId",
            "SecurityGroupName", "VpcId",
        ],
    },
]


def load(path=None):
    """Every action with parameters: the fact file's (default: shared/ beside the repository),
    then the supplement's actions the file lacks."""
    path = path or next((c for c in CANDIDATES if os.path.exists(c)), CANDIDATES[0])
    with open(path) as f:
        actions = [a for a in json.load(f)["actions"] if "params" in a and not a.get("missing")]
    known = {(a["product"], a["action"]) for a in actions}
    return actions + [a for a in SUPPLEMENT if (a["product"], a["action"]) not in known]
