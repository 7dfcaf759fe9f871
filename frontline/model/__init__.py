"""Model: boundaries, figures and the date choice, the dataset, events, settlements, provenance.

Pure data and queries over it; nothing here draws, and nothing here imports `present`.
"""
