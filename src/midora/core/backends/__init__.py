"""Database backends of midora (the SQLite one queues its writers)."""
