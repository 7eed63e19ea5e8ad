// AliCloudHTTP
