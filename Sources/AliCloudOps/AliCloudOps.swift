// AliCloudOps
