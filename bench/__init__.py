"""The project's benchmarks: `bench/run [scenario ...]` prints their figures."""
