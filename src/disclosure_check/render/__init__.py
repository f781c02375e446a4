"""Renderers: pure functions from a RunResult to text or bytes. They know nothing but the Result."""
