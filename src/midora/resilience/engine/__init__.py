"""Pure resilience engines: plain data in, plain data out, no Django import."""
