"""Benchmarks of kehoach as a person meets it: whole processes in a pseudo-terminal."""
