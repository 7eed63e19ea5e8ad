#!/usr/bin/env python3
"""Resource soak of alicloudd: thousands of idle connections, slow (trickling) clients,
clients that never read, and connect-send-close churn, with the daemon's RSS and thread count
sampled after each phase and a ping timed on a separate connection throughout.

    bench/soak.sh [--connections 3000] [--slow 300] [--non-reading 50] [--churn 5000]

Only the standard library; talks to the daemon over its socket like any client."""
import argparse, json, os, resource, socket, struct, subprocess, sys, tempfile, time


def frame(obj):
    body = json.dumps(obj).encode()
    return struct.pack(">I", len(body)) + body


def read_frame(s, timeout=10.0):
    s.settimeout(timeout)
    head = b""
    while len(head) < 4:
        chunk = s.recv(4 - len(head))
        if not chunk:
            return None
        head += chunk
    (n,) = struct.unpack(">I", head)
    body = b""
    while len(body) < n:
        chunk = s.recv(n - len(body))
        if not chunk:
            return None
        body += chunk
    return json.loads(body)


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def proc_stat(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "Threads"):
                out[k] = int(v.split()[0])
    return out["VmRSS"] * 1024, out["Threads"]


class Soak:
    def __init__(self, binary, args):
        self.dir = tempfile.mkdtemp(prefix="acd-soak-")
        self.path = os.path.join(self.dir, "alicloudd.sock")
        self.log = open(os.path.join(self.dir, "alicloudd.log"), "w")
        limit = str(args.connections + args.slow + args.non_reading + 64)
        self.daemon = subprocess.Popen(
            [binary, "--socket", self.path, "--state-dir", self.dir + "/state", "--log-level", "warning",
             "--max-connections", limit, "--max-connections-per-uid", limit, "--frame-timeout", str(args.frame_timeout)],
            stderr=self.log, env={"HOME": self.dir, "PATH": "/usr/bin:/bin"})
        for _ in range(300):
            try:
                self.control = connect(self.path)
                break
            except OSError:
                time.sleep(0.05)
        else:
            sys.exit("alicloudd did not start; see " + self.dir)
        self.next_id = 0
        self.rows = []

    def call(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        t = time.perf_counter()
        self.control.sendall(frame(msg))
        reply = read_frame(self.control)
        return reply, (time.perf_counter() - t) * 1e6

    def sample(self, phase, note=""):
        rss, threads = proc_stat(self.daemon.pid)
        status, _ = self.call("daemon.status")
        conns = status["result"].get("connections")
        queued = status["result"].get("outputQueued", 0)
        pings = sorted(self.call("daemon.ping")[1] for _ in range(50))
        row = (phase, rss / 2**20, threads, conns, queued / 2**20, pings[len(pings) // 2], pings[-2], note)
        self.rows.append(row)
        print("%-34s RSS %7.1f MB  threads %3d  connections %-5s  queued %5.1f MiB  ping p50 %5.0f µs p98 %6.0f µs  %s"
              % row, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--connections", type=int, default=3000)
    ap.add_argument("--slow", type=int, default=300)
    ap.add_argument("--non-reading", type=int, default=50)
    ap.add_argument("--churn", type=int, default=5000)
    ap.add_argument("--frame-timeout", type=float, default=3)
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = args.connections + args.slow + args.non_reading + 256
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, want), hard), hard))
    s = Soak(args.binary, args)
    try:
        s.sample("started")
        idle = [connect(s.path) for _ in range(args.connections)]
        time.sleep(0.5)
        s.sample(f"{args.connections} idle connections")

        ping = frame({"jsonrpc": "2.0", "id": 1, "method": "daemon.ping"})
        slow = [connect(s.path) for _ in range(args.slow)]
        start = time.time()
        sent = 0
        while time.time() - start < args.frame_timeout + 2 and sent < len(ping) - 1:
            for c in slow:
                try:
                    c.send(ping[sent:sent + 1])
                except OSError:
                    pass
            sent += 1
            time.sleep(0.1)
        closed = 0
        for c in slow:
            c.settimeout(2)
            try:
                r = read_frame(c, 2)
                if r and r.get("error", {}).get("data", {}).get("name") == "alicloudd.FrameTimeout":
                    closed += 1
            except OSError:
                pass
        s.sample(f"+{args.slow} trickling clients", f"{closed}/{args.slow} cut off with FrameTimeout")

        discover = frame({"jsonrpc": "2.0", "id": 2, "method": "rpc.discover"}) * 2000
        pushed = 0
        deaf = []
        for _ in range(args.non_reading):
            c = connect(s.path)
            c.setblocking(False)
            try:
                pushed += c.send(discover)
            except OSError:
                pass
            deaf.append(c)
        time.sleep(1.0)
        s.sample(f"+{args.non_reading} non-reading clients", f"{pushed / 2**20:.1f} MiB of requests taken")

        t = time.perf_counter()
        for i in range(args.churn):
            c = connect(s.path)
            c.sendall([frame({"jsonrpc": "2.0", "method": "daemon.ping"}), ping[:7], ping][i % 3])
            c.close()
        churn_s = time.perf_counter() - t
        time.sleep(0.5)
        s.sample(f"+{args.churn} connect-send-close", f"{args.churn / churn_s:.0f} cycles/s")

        for c in idle + slow + deaf:
            c.close()
        for _ in range(100):
            status, _ = s.call("daemon.status")
            if status["result"].get("connections") == 1:
                break
            time.sleep(0.1)
        s.sample("all clients gone", "only the sampling connection left" if status["result"].get("connections") == 1 else "CONNECTIONS LEFT OPEN")
    finally:
        s.daemon.terminate()
        s.daemon.wait(10)
    peak = max(r[1] for r in s.rows)
    print(f"peak RSS {peak:.1f} MB; log in {s.dir}/alicloudd.log")


if __name__ == "__main__":
    main()
