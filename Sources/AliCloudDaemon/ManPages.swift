import AliCloudCore
import AliCloudSim

/// The manual pages of `alicloudd` (8) and `alicloud-sim` (1), from their option tables
/// (docs/man/; a test keeps them current, scripts/install.sh installs them).
public enum ManPages {
  public static var alicloudd: ManPage {
    ManPage(
      name: "alicloudd", section: 8, summary: "AliCloud operations for local callers over a Unix socket",
      synopsis: ["alicloudd [--config PATH] [options]"],
      sections: [
        (
          "Description",
          ManPage.paragraphs(
            """
            alicloudd runs AliCloud operations (VPC, vSwitch, NAT, ECS, SLB, RDS, Redis and more) for local \
            callers. It listens on a Unix socket and speaks length-prefixed JSON-RPC 2.0 (see alicloudctl(1) \
            for the command line client); with --http it also serves an HTTP gateway.

            Options come from the command line and from the configuration file given with --config: one \
            key = value per line, the key being the option's name without --. Options on the command line \
            win over the file's.
            """)
        ),
        ("Options", DaemonOptions.table.manSections(defaults: DaemonOptions())),
        (
          "Signals",
          ManPage.entries([
            (
              "SIGTERM, SIGINT",
              "Graceful shutdown: new calls are refused, calls in flight get the --grace period, then are cancelled and still answered."
            ),
            (
              "SIGHUP",
              "Reload: the configuration file and the command line are read again. The log level changes at once; the default credentials are read again, so a rotated profile file takes effect without a restart; other changed options are listed in daemon.status (service.restartNeeded) and take effect at the next start. A file that does not parse changes nothing."
            ),
          ])
        ),
        (
          "Environment",
          ManPage.entries([
            ("ALICLOUDD_SOCKET", "The socket path when --socket is not given."),
            (
              "ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN",
              "Default credentials for calls with an empty identityParams."
            ),
            ("HOME", "The default credentials' profile is read from $HOME/.aliyun/config.json."),
            ("STATE_DIRECTORY", "Where the mutation journal is kept when --state-dir is not given."),
            ("LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES", "systemd socket activation: the socket to serve."),
            (
              "NOTIFY_SOCKET",
              "systemd Type=notify: READY=1 once listening, RELOADING=1 and READY=1 around a reload, STOPPING=1 at shutdown."
            ),
            ("WATCHDOG_USEC", "systemd WatchdogSec=: WATCHDOG=1 is sent every half of this interval."),
          ])
        ),
        (
          "Exit Status",
          ManPage.entries([
            ("0", "Clean shutdown."), ("64", "Usage error."),
            ("69", "The socket cannot be used (another daemon is listening, or the path is not a socket)."),
            ("70", "Other errors."),
          ])
        ),
        (
          "Files",
          ManPage.entries([
            ("/etc/alicloudd/alicloudd.conf", "The configuration file of the systemd unit."),
            (
              "/run/alicloudd/alicloudd.sock", "The socket (root); $XDG_RUNTIME_DIR/alicloudd/alicloudd.sock otherwise."
            ),
            ("/var/lib/alicloudd", "The mutation journal under systemd."),
          ])
        ),
        ("See Also", ManPage.escape("alicloudctl(1), alicloud-sim(1), systemd.service(5)")),
      ])
  }

  public static var alicloudSim: ManPage {
    ManPage(
      name: "alicloud-sim", section: 1, summary: "a simulated AliCloud on loopback, for tests and demos",
      synopsis: ["alicloud-sim [options]"],
      sections: [
        (
          "Description",
          ManPage.paragraphs(
            """
            alicloud-sim answers the AliCloud OpenAPI actions alicloudd uses, with resources that move through \
            their states over time and injectable faults. Point alicloudd at it with --endpoint, or use \
            alicloudd --sandbox, which runs one inside the daemon.

            By default it accepts the sandbox access key \(SimCredential.sandbox.accessKeyId) / \
            \(SimCredential.sandbox.accessKeySecret) (not a secret: it only opens this simulator).
            """)
        ),
        ("Options", SimCommandLine.table.manSections(defaults: SimCommandLine())),
        ("See Also", ManPage.escape("alicloudd(8), alicloudctl(1)")),
      ])
  }
}
