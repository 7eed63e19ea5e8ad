print("alicloudd: not built yet")
