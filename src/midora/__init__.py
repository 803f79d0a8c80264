"""midora: one evidence model for MiCA and DORA readiness."""

__version__ = "0.1.0"
