// AliCloudTransport
