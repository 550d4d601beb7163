"""Fault tests: restarts, flapping and broken sources, clock jumps, storage, bad service data."""
