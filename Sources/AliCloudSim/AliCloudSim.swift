// AliCloudSim
