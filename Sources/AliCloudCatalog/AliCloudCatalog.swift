// AliCloudCatalog
