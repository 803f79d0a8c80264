"""Pure rules of the authorisation dossier (no Django import): completeness and the Art. 63 clock."""
