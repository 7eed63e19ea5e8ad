// swift-tools-version:6.0
import PackageDescription

// alicloudd: one target per job. Dependencies point downwards only:
// executables -> Daemon/Client -> Ops -> API/Catalog -> Wire/Signing -> Core.
let package = Package(
  name: "alicloudd",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "alicloudd", targets: ["alicloudd"]),
    .executable(name: "alicloudctl", targets: ["alicloudctl"]),
    .executable(name: "alicloud-sim", targets: ["alicloud-sim"]),
    .library(name: "AliCloudClient", targets: ["AliCloudClient"]),
  ],
  targets: [
    // C shims: typed wrappers around variadic libcurl calls; libcrypto as a system library.
    .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
    .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    // epoll, eventfd and thread naming for the transport's event loops.
    .target(name: "CEpoll"),
    // The version and commit a release build is stamped with (scripts/build-release.sh).
    .target(name: "CBuildInfo"),

    // Shared basics: JSON values, logging, redaction. No I/O beyond stderr logging.
    .target(name: "AliCloudCore", dependencies: ["CBuildInfo"]),
    // JSON-RPC 2.0 messages, error codes and names, length-prefixed framing. No I/O.
    .target(name: "AliCloudWire", dependencies: ["AliCloudCore"]),
    // The operation catalogue: names, inputs, outputs; OpenRPC document.
    .target(name: "AliCloudCatalog", dependencies: ["AliCloudCore", "AliCloudWire"]),
    // Event loops: epoll threads running readiness handlers, timers, closures and tasks.
    .target(name: "AliCloudEventLoop", dependencies: ["CEpoll"]),
    // Unix-socket I/O: listener, connections, peer credentials, socket activation.
    .target(name: "AliCloudTransport", dependencies: ["AliCloudCore", "AliCloudWire", "AliCloudEventLoop", "CEpoll"]),
    // AliCloud request signing (V1 HMAC-SHA1, V3 ACS3-HMAC-SHA256) and hashing.
    .target(name: "AliCloudSigning", dependencies: ["AliCloudCore", "CCrypto"]),
    // A small HTTP/1.1 server shared by the simulator and the gateway.
    .target(name: "AliCloudHTTP", dependencies: ["AliCloudCore"]),
    // The AliCloud OpenAPI client: endpoints, HTTP over libcurl, retries, waiters, credentials.
    .target(name: "AliCloudAPI", dependencies: ["AliCloudCore", "AliCloudSigning", "AliCloudEventLoop", "CCurl"]),
    // The durable record of the mutations sent, so that a re-sent call is the same mutation.
    .target(name: "AliCloudJournal", dependencies: ["AliCloudCore"]),
    // The simulated AliCloud.
    .target(name: "AliCloudSim", dependencies: ["AliCloudCore", "AliCloudSigning", "AliCloudHTTP"]),
    // The operations on top of the API client: envelope, validation, one file per family; the reads.
    .target(
      name: "AliCloudOps",
      dependencies: ["AliCloudCore", "AliCloudCatalog", "AliCloudAPI", "AliCloudSigning", "AliCloudJournal"]),
    // The daemon: dispatch, service methods, status, lifecycle, sandbox, gateway.
    .target(
      name: "AliCloudDaemon",
      dependencies: [
        "AliCloudCore", "AliCloudWire", "AliCloudCatalog", "AliCloudTransport", "AliCloudAPI",
        "AliCloudOps", "AliCloudSim", "AliCloudHTTP", "AliCloudJournal",
      ]),
    // The Swift client library.
    .target(name: "AliCloudClient", dependencies: ["AliCloudCore", "AliCloudWire", "AliCloudTransport"]),

    // Thin executables: parse arguments, wire things together.
    .executableTarget(name: "alicloudd", dependencies: ["AliCloudDaemon"]),
    .executableTarget(name: "alicloudctl", dependencies: ["AliCloudClient", "AliCloudCatalog", "AliCloudTransport"]),
    .executableTarget(name: "alicloud-sim", dependencies: ["AliCloudSim"]),
    .executableTarget(
      name: "alicloud-bench",
      dependencies: [
        "AliCloudClient", "AliCloudDaemon", "AliCloudTransport", "AliCloudWire", "AliCloudAPI", "AliCloudSim",
        "AliCloudOps", "AliCloudJournal",
      ],
      path: "bench/alicloud-bench"),

    // Test support: in-process daemon and simulator fixtures.
    .target(
      name: "TestSupport",
      dependencies: ["AliCloudDaemon", "AliCloudClient", "AliCloudSim", "AliCloudOps", "AliCloudJournal"],
      path: "Tests/TestSupport"),

    // One test target per module, named after it; EndToEndTests runs the documented flows.
    .testTarget(name: "AliCloudCoreTests", dependencies: ["AliCloudCore"]),
    .testTarget(name: "AliCloudWireTests", dependencies: ["AliCloudWire"]),
    .testTarget(
      name: "AliCloudTransportTests",
      dependencies: ["AliCloudTransport", "AliCloudWire", "AliCloudCore", "TestSupport"]),
    .testTarget(
      name: "AliCloudSigningTests", dependencies: ["AliCloudSigning"], resources: [.copy("test-vectors.json")]),
    .testTarget(name: "AliCloudHTTPTests", dependencies: ["AliCloudHTTP", "AliCloudCore", "TestSupport"]),
    .testTarget(
      name: "AliCloudAPITests",
      dependencies: ["AliCloudAPI", "AliCloudEventLoop", "AliCloudSim", "AliCloudHTTP", "TestSupport"]),
    .testTarget(name: "AliCloudJournalTests", dependencies: ["AliCloudJournal", "AliCloudCore", "TestSupport"]),
    .testTarget(name: "AliCloudCatalogTests", dependencies: ["AliCloudCatalog", "AliCloudDaemon", "TestSupport"]),
    .testTarget(
      name: "AliCloudOpsTests",
      dependencies: [
        "AliCloudOps", "AliCloudAPI", "AliCloudSim", "AliCloudSigning", "AliCloudClient", "AliCloudJournal",
        "TestSupport",
      ]),
    .testTarget(
      name: "AliCloudSimTests", dependencies: ["AliCloudSim", "AliCloudHTTP", "AliCloudSigning", "TestSupport"]),
    .testTarget(
      name: "AliCloudDaemonTests",
      dependencies: [
        "AliCloudDaemon", "AliCloudOps", "AliCloudClient", "AliCloudSim", "AliCloudAPI", "AliCloudHTTP", "TestSupport",
      ]),
    .testTarget(name: "AliCloudClientTests", dependencies: ["AliCloudClient", "AliCloudCore", "TestSupport"]),
    .testTarget(
      name: "alicloudctlTests",
      dependencies: ["TestSupport", "AliCloudOps", "alicloudctl", "AliCloudCatalog", "AliCloudDaemon"]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "AliCloudDaemon", "AliCloudOps", "AliCloudHTTP", "AliCloudClient", "AliCloudCatalog", "TestSupport",
      ]),
  ]
)
