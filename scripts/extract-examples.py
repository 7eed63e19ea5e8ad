#!/usr/bin/env python3
"""Extracts the request bodies of the API guide's curl examples into examples/<operation>.json.

Usage: scripts/extract-examples.py GUIDE [OUTDIR]      (writes OUTDIR, default examples/)
       scripts/extract-examples.py --check GUIDE [OUTDIR]  (exit 1 if a file differs)

The operation of an example is the one of the guide section it sits in (the `[POST] /alicloud/v1/...`
line), not the URL of its curl command: the guide's rds/backup/delete section shows a curl to
rds/backup/create. Sections without an example (vpc/nat/delete) are reported; their files are
written by hand and kept.

So that the files run as they are, the guide's placeholders become usable values:
- `identityParams` becomes empty: the daemon's default credentials apply (the sandbox's own, or
  ALIBABA_CLOUD_* / ~/.aliyun/config.json on a real account);
- `xx.xx.xx.xx/xx` CIDR blocks become blocks that fit together (a 10.128.0.0/16 VPC, its
  vSwitches 10.128.64.0/24 and 10.128.65.0/24), SNAT IPs become example public addresses, and any
  other `xx` octet becomes 10.
Ids in the examples (vpc-..., i-...) are the guide's; replace them with your own.
"""
import json
import re
import sys
from pathlib import Path

PREFIX = "/alicloud/v1/"
CIDRS = {
    ("vpc/create", "cidrBlock"): "10.128.0.0/16",
    ("vswitch/create", "cidrBlock"): "10.128.64.0/24",
    ("vswitch/create/route_table/bind", "cidrBlock"): "10.128.65.0/24",
    ("route_table/route_entry/create", "destinationCidrBlock"): "192.168.100.0/24",
    ("route_table/route_entry/delete", "destinationCidrBlock"): "192.168.100.0/24",
}
SNAT_IPS = ["47.74.0.10", "47.74.0.11"]


def sections(text):
    """Yields (operation, section text) for every `[POST] /alicloud/v1/...` section."""
    marks = list(re.finditer(r"^\[POST\]\s+(\S+)\s*$", text, re.M))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        path = m.group(1)
        if not path.startswith(PREFIX):
            raise SystemExit(f"unexpected path {path}")
        yield path[len(PREFIX):], text[m.end():end]


def curl_bodies(section):
    """Yields (url operation, parsed body) for every curl example of a section."""
    for m in re.finditer(r"curl -X POST \S*?/alicloud/v1/(\S+)[^`]*?-d '(.*?)'", section, re.S):
        yield m.group(1), json.loads(m.group(2))


def usable(operation, body):
    """The guide's body with its placeholders replaced (see the module comment)."""
    for field in ("inputs",):
        for item in body.get(field, []):
            if "identityParams" in item:
                item["identityParams"] = ""
            for key, value in list(item.items()):
                if not isinstance(value, str) or "xx" not in value:
                    continue
                if (operation, key) in CIDRS:
                    item[key] = CIDRS[(operation, key)]
                elif key == "snatIp":
                    count = value.count("xx.xx.xx.xx")
                    ips = SNAT_IPS[:count] if "remove" not in operation else SNAT_IPS[1:1 + count]
                    item[key] = "[" + ",".join(ips) + "]"
                else:
                    item[key] = re.sub(r"\bxx\b", "10", value)
    return body


def extract(guide):
    """{file name: text} for every example, and notes about the guide."""
    files, notes = {}, []
    for operation, section in sections(Path(guide).read_text(encoding="utf-8")):
        bodies = list(curl_bodies(section))
        if not bodies:
            notes.append(f"{operation}: no example in the guide (file written by hand)")
            continue
        url_op, body = bodies[0]
        if url_op != operation:
            notes.append(f"{operation}: the guide's example posts to {url_op}; filed under {operation}")
        name = operation.replace("/", "_") + ".json"
        files[name] = json.dumps(usable(operation, body), indent=2, ensure_ascii=False) + "\n"
    return files, notes


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if args else 2
    guide = args[0]
    out = Path(args[1] if len(args) > 1 else "examples")
    files, notes = extract(guide)
    for note in notes:
        print("note:", note, file=sys.stderr)
    stale = []
    for name, text in sorted(files.items()):
        path = out / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if check and stale:
        print("out of date (run scripts/extract-examples.py):", *stale, sep="\n  ", file=sys.stderr)
        return 1
    print(f"{len(files)} examples {'checked' if check else 'written'} in {out}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
