"""Development-only app: demo data, the data generator and the benchmarks' tooling. Never installed in production."""
