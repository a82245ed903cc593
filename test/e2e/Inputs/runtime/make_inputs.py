"""Writes the .npy inputs of runtime-errors.test into the directory given."""
import sys
import numpy as np

out = sys.argv[1]
rng = np.random.RandomState(1)
np.save(f"{out}/a_1x3.npy", rng.randn(1, 3, 4).astype(np.float32))
np.save(f"{out}/a_1x1.npy", rng.randn(1, 1, 4).astype(np.float32))
np.save(f"{out}/a_1x5.npy", rng.randn(1, 5, 4).astype(np.float32))
np.save(f"{out}/a_1x3x5.npy", rng.randn(1, 3, 5).astype(np.float32))
np.save(f"{out}/ints.npy", np.zeros((1, 3, 4), np.int64))
