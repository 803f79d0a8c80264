"""The incident engine as it was before the single-pass parser (kept to compare results).

A frozen copy of midora.incidents.engine before issue 17: the property test runs it and the
product side by side on random facts and expects identical results. Not used by the product.
"""
