#!/usr/bin/env python3
"""Runs the shell snippets of a document against a daemon (ALICLOUDD_SOCKET must be set).

Each ```sh block must follow a marker line: `<!-- test expect="REGEX" -->` (its stdout must match
REGEX, a Python regular expression searched line by line), `<!-- test defines -->` (functions the
later blocks use; run along with each of them), or `<!-- not tested: WHY -->`. The first block
of a document may set the socket path and is not run. Blocks run with bash -euo pipefail from
the repository's root."""

import os
import re
import subprocess
import sys

MARKER = re.compile(r'<!-- (test defines|test expect="((?:[^"\\]|\\.)*)"|not tested: [^>]*) -->\s*\n```sh\n(.*?)```', re.S)
BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def main():
    path = sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    text = open(path, encoding="utf-8").read()
    blocks = BLOCK.findall(text)
    marked = MARKER.findall(text)
    # Every block but the first (the socket's export) carries a marker.
    if len(marked) != len(blocks) - 1:
        sys.exit("%s: %d sh blocks, %d with a test marker (all but the first need one)" % (path, len(blocks), len(marked)))
    defines, ran, failed = [], 0, 0
    for kind, expect, code in marked:
        if kind == "test defines":
            defines.append(code)
            continue
        if kind.startswith("not tested"):
            continue
        script = "set -euo pipefail\n" + "\n".join(defines) + "\n" + code
        p = subprocess.run(["bash", "-c", script], cwd=root, capture_output=True, text=True, timeout=300)
        pattern = expect.replace('\\"', '"')
        ok = p.returncode == 0 and re.search(pattern, p.stdout, re.M)
        ran += 1
        if not ok:
            failed += 1
            print("FAILED (exit %d, expected /%s/):\n%s\n--- stdout\n%s--- stderr\n%s" % (
                p.returncode, pattern, code, p.stdout, p.stderr))
    print("%s: %d passed, %d failed" % (os.path.basename(path), ran - failed, failed))
    sys.exit(1 if failed or ran == 0 else 0)


if __name__ == "__main__":
    main()
