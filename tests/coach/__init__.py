"""Tests for the coaching core (no Home Assistant needed)."""
