"""Tests for the Sleep Coach integration."""
