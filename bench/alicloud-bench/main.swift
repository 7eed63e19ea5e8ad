print("alicloud-bench: not built yet")
