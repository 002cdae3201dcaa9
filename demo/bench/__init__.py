"""The benchmark of the members' space (docs/benchmarks.md): data set builders and measures."""
