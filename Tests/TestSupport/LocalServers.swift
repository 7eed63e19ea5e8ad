import Foundation
import Glibc

/// A program from the host (`openssl`, `python3`) run for a test; stopped with `stop()`.
public final class HostProcess: @unchecked Sendable {
  let process = Process()
  private let output = Pipe()

  /// Nil when `program` is not on the PATH.
  public static func find(_ program: String) -> String? {
    for dir in ["/usr/bin", "/bin", "/usr/local/bin"]
      + (ProcessInfo.processInfo.environment["PATH"] ?? "")
      .split(separator: ":").map(String.init)
    where FileManager.default.isExecutableFile(atPath: dir + "/" + program) {
      return dir + "/" + program
    }
    return nil
  }

  public init(_ path: String, _ args: [String], in directory: String) throws {
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }

  /// The first line the program prints that starts with `prefix` (it must print one).
  public func line(startingWith prefix: String) async throws -> String {
    let fd = output.fileHandleForReading.fileDescriptor
    return try await offPool {
      var bytes: [UInt8] = []
      var byte: UInt8 = 0
      while read(fd, &byte, 1) == 1 {
        if byte == UInt8(ascii: "\n") {
          let line = String(decoding: bytes, as: UTF8.self)
          if line.hasPrefix(prefix) { return line }
          bytes = []
        } else {
          bytes.append(byte)
        }
      }
      throw POSIXError(.EPIPE)
    }
  }

  public func stop() {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
  }
}

/// `openssl s_server -www` on 127.0.0.1 with a freshly generated self-signed certificate for
/// 127.0.0.1; nil when the openssl command is missing.
public final class LocalTLSServer: Sendable {
  public let directory: String
  public let port: Int
  let server: HostProcess

  /// The certificate (PEM), usable as a CA bundle.
  public var certificate: String { directory + "/cert.pem" }
  public var endpoint: String { "https://127.0.0.1:\(port)" }

  public static func start() async throws -> LocalTLSServer? {
    guard let openssl = HostProcess.find("openssl") else { return nil }
    let dir = try DaemonFixture.makeTemporaryDirectory()
    let gen = try HostProcess(
      openssl,
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      ], in: dir)
    gen.process.waitUntilExit()
    guard gen.process.terminationStatus == 0 else { throw POSIXError(.EIO) }
    let server = try HostProcess(
      openssl, ["s_server", "-accept", "127.0.0.1:0", "-cert", "cert.pem", "-key", "key.pem", "-www"],
      in: dir)
    let line = try await server.line(startingWith: "ACCEPT")
    guard let port = line.split(separator: ":").last.flatMap({ Int($0) }) else {
      server.stop()
      throw POSIXError(.EIO)
    }
    return LocalTLSServer(directory: dir, port: port, server: server)
  }

  init(directory: String, port: Int, server: HostProcess) {
    self.directory = directory
    self.port = port
    self.server = server
  }

  public func stop() {
    server.stop()
    try? FileManager.default.removeItem(atPath: directory)
  }
}

/// A small HTTP proxy on 127.0.0.1 (python3): CONNECT tunnels and absolute-form forwarding, one
/// request line per request in `log`; or, `silent`, one that accepts and never answers. Nil
/// when python3 is missing.
public final class LocalProxy: Sendable {
  public let directory: String
  public let port: Int
  let process: HostProcess

  public var url: String { "http://127.0.0.1:\(port)" }
  public var log: String { directory + "/requests.log" }

  /// The request lines the proxy has seen.
  public var requests: [String] {
    (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
  }

  public static func start(silent: Bool = false) async throws -> LocalProxy? {
    guard let python = HostProcess.find("python3") else { return nil }
    let dir = try DaemonFixture.makeTemporaryDirectory()
    try Data(script.utf8).write(to: URL(fileURLWithPath: dir + "/proxy.py"))
    let p = try HostProcess(python, ["proxy.py", dir + "/requests.log", silent ? "silent" : "forward"], in: dir)
    let line = try await p.line(startingWith: "PORT ")
    guard let port = Int(line.dropFirst(5)) else {
      p.stop()
      throw POSIXError(.EIO)
    }
    return LocalProxy(directory: dir, port: port, process: p)
  }

  init(directory: String, port: Int, process: HostProcess) {
    self.directory = directory
    self.port = port
    self.process = process
  }

  public func stop() {
    process.stop()
    try? FileManager.default.removeItem(atPath: directory)
  }

  static let script = #"""
    import socket, sys, threading
    log = open(sys.argv[1], "a", buffering=1)
    silent = sys.argv[2] == "silent"
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    print("PORT %d" % srv.getsockname()[1], flush=True)
    held = []

    def pipe(a, b):
        try:
            while True:
                d = a.recv(65536)
                if not d:
                    break
                b.sendall(d)
        except OSError:
            pass
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle(c):
        if silent:
            held.append(c)
            return
        buf = b""
        while b"\r\n\r\n" not in buf:
            d = c.recv(65536)
            if not d:
                c.close()
                return
            buf += d
        head, rest = buf.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        method, target, version = lines[0].split(b" ", 2)
        log.write(lines[0].decode() + "\n")
        if method == b"CONNECT":
            host, port = target.rsplit(b":", 1)
            try:
                u = socket.create_connection((host.decode(), int(port)))
            except OSError:
                c.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                c.close()
                return
            c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                u.sendall(rest)
        else:
            url = target.decode()
            hostport, _, path = url[len("http://"):].partition("/")
            host, _, port = hostport.partition(":")
            u = socket.create_connection((host, int(port or 80)))
            headers = [h for h in lines[1:] if not h.lower().startswith(b"proxy-")]
            u.sendall(b" ".join([method, ("/" + path).encode(), version]) + b"\r\n"
                      + b"".join(h + b"\r\n" for h in headers) + b"Connection: close\r\n\r\n" + rest)
        threading.Thread(target=pipe, args=(u, c), daemon=True).start()
        pipe(c, u)

    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()
    """#
}
