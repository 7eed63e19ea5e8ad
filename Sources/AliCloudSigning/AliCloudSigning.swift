// AliCloudSigning
