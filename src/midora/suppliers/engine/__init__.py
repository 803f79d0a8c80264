"""Pure suppliers engines: plain data in, plain data out, no Django import."""
