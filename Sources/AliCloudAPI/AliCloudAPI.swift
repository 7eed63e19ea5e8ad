// AliCloudAPI
