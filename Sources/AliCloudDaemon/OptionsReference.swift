import AliCloudSim

/// docs/options.md: the reference of every option of `alicloudd` and `alicloud-sim`, made from
/// their option tables (a test keeps the file current).
public enum OptionsReference {
  public static var markdown: String {
    """
    # Options

    Generated from the option tables (`DaemonOptions.table`, `SimCommandLine.table`); do not edit
    by hand. Every option of `alicloudd` except `config`, `help` and `version` may also be set in
    its configuration file (`alicloudd --config PATH`, see `deploy/alicloudd.conf.sample`): one
    `key = value` per line, the key being the option's name without `--`; a switch takes `true` or
    `false`; a repeatable option may be given on several lines. Options on the command line win
    over the file's.

    Durations in SECONDS take decimals (`2.5`). KIND is one of the resource kinds listed under
    `--wait-timeout`.

    ## alicloudd

    \(DaemonOptions.table.markdown(defaults: DaemonOptions()))
    ## alicloud-sim

    The simulator's tuning options are the same as `alicloudd --sandbox`'s, without the
    `sandbox-` prefix (its transitions last 1000 ms by default, the sandbox's 300 ms).

    \(SimCommandLine.table.markdown(defaults: SimCommandLine(), configKeys: false))
    """
  }
}
