"""Ingest: where snapshots come from, parsing them, measuring them, and the store they go into."""
