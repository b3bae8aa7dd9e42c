print("policytrace")
