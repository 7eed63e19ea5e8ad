// AliCloudClient
