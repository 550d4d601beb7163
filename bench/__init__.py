"""Sleep Coach's benchmark: run with scripts/bench (not part of the test suite)."""
