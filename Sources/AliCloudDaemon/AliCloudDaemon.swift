// AliCloudDaemon
