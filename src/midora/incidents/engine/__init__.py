"""The DORA incident engine: pure functions and data, no Django.

Fact parsing, classification (Delegated Regulation (EU) 2024/1772), report deadlines (Delegated
Regulation (EU) 2025/301), report content (Implementing Regulation (EU) 2025/302) and the MiCA
decision points. The Django side (models, forms, views, API, CLI, services) sits beside it.
"""
