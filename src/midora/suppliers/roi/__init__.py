"""DORA Register of Information engine (ITS (EU) 2024/2956; EBA DORA taxonomy 4.0)."""
