#!/usr/bin/env bash
# The examples/ files match the API guide, and every operation of the catalogue has one.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/extract-examples.py --check docs/api-guide.md examples
python3 - <<'PY'
import json, os, sys
methods = [m["name"] for m in json.load(open("protocol/openrpc.json"))["methods"] if "/" in m["name"]]
missing = [m for m in methods if not os.path.exists("examples/" + m.replace("/", "_") + ".json")]
for m in methods:
    path = "examples/" + m.replace("/", "_") + ".json"
    if os.path.exists(path):
        body = json.load(open(path))
        assert isinstance(body.get("inputs"), list) and body["inputs"], path + ": no inputs"
if missing:
    sys.exit("operations without an example: " + ", ".join(missing))
print(f"examples: {len(methods)} operations, each with an example")
PY
