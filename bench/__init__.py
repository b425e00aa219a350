"""The benchmark tool: `python -m bench.run`. Not a test; see README, "Benchmark"."""
