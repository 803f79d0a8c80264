"""Evidence packs: a chosen slice of the evidence model as one signed archive that anyone can
verify offline (`verify.py`), and the register of the packs this installation issued."""
