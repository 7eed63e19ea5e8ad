#!/usr/bin/env python3
"""Resident memory of an idle alicloudd next to baselines started in the same run, split by
mapping: the binary's own pages, shared libraries, and anonymous memory (heap, stacks, data
written). Usage: bench/idle-memory.sh (builds the binaries, then runs this)."""
import argparse, json, os, socket, struct, subprocess, sys, tempfile, time


def mappings(pid):
    """RSS in KiB by kind: the executable's file pages, libraries, anonymous."""
    exe = os.readlink(f"/proc/{pid}/exe")
    out = {"binary": 0, "libraries": 0, "anonymous": 0}
    name = ""
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if "-" in parts[0] and len(parts) >= 5 and ":" in parts[3]:
                name = parts[5] if len(parts) > 5 else ""
            elif parts[0] == "Rss:":
                kb = int(parts[1])
                if name == exe:
                    out["binary"] += kb
                elif name.startswith("/"):
                    out["libraries"] += kb
                else:
                    out["anonymous"] += kb
            elif parts[0] == "Anonymous:" and name.startswith("/"):
                # Written pages of a file mapping (relocated data) are private memory.
                kb = int(parts[1])
                out["binary" if name == exe else "libraries"] -= kb
                out["anonymous"] += kb
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                out["rss"] = int(line.split()[1])
            if line.startswith("Threads:"):
                out["threads"] = int(line.split()[1])
    return out


def wait_ready(p):
    line = p.stdout.readline()
    if not line:
        sys.exit(f"baseline {p.args} did not start")
    time.sleep(0.3)


def frame(obj):
    body = json.dumps(obj).encode()
    return struct.pack(">I", len(body)) + body


def call(path, method, n=1):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    for i in range(n):
        s.sendall(frame({"jsonrpc": "2.0", "id": i, "method": method}))
        head = s.recv(4, socket.MSG_WAITALL)
        (size,) = struct.unpack(">I", head)
        s.recv(size, socket.MSG_WAITALL)
    s.close()


def row(name, m):
    mb = lambda kb: f"{kb / 1024:.1f}"
    print(f"| {name} | {mb(m['rss'])} | {mb(m['binary'])} | {mb(m['libraries'])} | {mb(m['anonymous'])} | {m['threads']} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--daemon", required=True)
    ap.add_argument("--c-floor", required=True)
    ap.add_argument("--swift-floor", required=True)
    args = ap.parse_args()
    print("| process | RSS MB | binary's pages | libraries | anonymous | threads |")
    print("|---|---|---|---|---|---|")
    for name, argv in [("C, libcurl linked, idle", [args.c_floor]),
                       ("C, after curl_global_init", [args.c_floor, "init"]),
                       ("Swift + Foundation, libcurl linked", [args.swift_floor])]:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
        wait_ready(p)
        row(name, mappings(p.pid))
        p.kill()
        p.wait()
    d = tempfile.mkdtemp(prefix="acd-idle-")
    path = os.path.join(d, "alicloudd.sock")
    env = {"HOME": d, "PATH": "/usr/bin:/bin", "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIidle",
           "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "idle-secret"}
    log = open(os.path.join(d, "alicloudd.log"), "w")
    p = subprocess.Popen([args.daemon, "--socket", path, "--state-dir", d + "/state", "--log-level", "warning"],
                         stderr=log, env=env)
    for _ in range(200):
        if os.path.exists(path):
            break
        time.sleep(0.05)
    time.sleep(0.5)
    row("alicloudd, started", mappings(p.pid))
    call(path, "daemon.ping", 100)
    call(path, "daemon.status", 3)
    time.sleep(0.2)
    row("alicloudd, after 100 pings and 3 status calls", mappings(p.pid))
    p.terminate()
    p.wait()


main()
