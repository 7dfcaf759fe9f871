"""`frontline sources`: every registered source of snapshots and its layers, in plain text."""

from __future__ import annotations

from frontline.registry import DEFAULT_SOURCE, LAYERS, SOURCES, Source


def source_lines(source: Source) -> list[str]:
    """A source's facts, one per line, the first naming it."""
    default = ", the default" if source.id == DEFAULT_SOURCE else ""
    layers = ", ".join(f"{layer} ({LAYERS[layer].legend})" for layer in source.layers)
    return [
        f"{source.id}: {source.title}, the {source.name} (--source {source.cli_name}{default})",
        f"  cited as: {source.citation}",
        f"  provides: {source.provides}",
        f"  {source.cadence}, {source.span}; files named {source.naming.shown} "
        f"({source.format} format)",
        f"  layers: {layers}",
        f"  fetched from: {source.base_url or 'a folder only'}",
        f"  home: {source.home}",
        f"  licence: {source.licence}",
    ]


def sources_text() -> str:
    """Every registered source, best first (the history prefers the earlier where two overlap)."""
    return "\n".join("\n".join(source_lines(s)) for s in SOURCES.values()) + "\n"
