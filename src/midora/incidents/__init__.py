"""DORA incident engine: classification, deadlines, report content and MiCA decision points."""
