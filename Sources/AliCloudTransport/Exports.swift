// The event loops serving connections are part of this module's interface.
@_exported import AliCloudEventLoop
