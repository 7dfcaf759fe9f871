"""`frontline sources`: every registered source, with its layers or national figure, as text."""

from __future__ import annotations

from frontline.registry import (
    DEFAULT_SOURCE,
    LAYERS,
    NATIONAL_SOURCES,
    SOURCES,
    NationalSource,
    Source,
)


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


def national_lines(source: NationalSource) -> list[str]:
    """A source of national figures, one fact per line, the first naming it."""
    return [
        f"{source.id}: {source.title} (--source {source.cli_name})",
        f"  cited as: {source.citation}",
        f"  provides: {source.provides}",
        f"  {source.cadence}, from {source.first_day.isoformat()}; "
        f"its table's rows of type {source.row_type!r}",
        f"  fetched from: {source.url}",
        f"  home: {source.home}",
        f"  licence: {source.licence}",
    ]


def sources_text() -> str:
    """Every registered source of snapshots, best first (the history prefers the earlier where
    two overlap), then every source of national figures."""
    blocks = [source_lines(s) for s in SOURCES.values()]
    blocks += [national_lines(s) for s in NATIONAL_SOURCES.values()]
    return "\n".join("\n".join(block) for block in blocks) + "\n"
