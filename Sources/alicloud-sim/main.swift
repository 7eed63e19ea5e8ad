print("alicloud-sim: not built yet")
