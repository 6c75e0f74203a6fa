"""posture maps: layers -> one self-contained, safe HTML map."""
