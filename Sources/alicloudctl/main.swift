print("alicloudctl: not built yet")
