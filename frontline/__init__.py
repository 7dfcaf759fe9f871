"""frontline: control of Donetsk and Luhansk oblasts over time, from DeepStateMap snapshots."""

__version__ = "0.1.0"
