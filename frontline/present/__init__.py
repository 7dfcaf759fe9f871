"""Present: wording, style, the interactive and print maps, charts and the export formats."""
