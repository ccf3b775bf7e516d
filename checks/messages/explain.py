"""`explain`: what it says around a diagnosis (the causes themselves are in cause.py)."""

MESSAGES = {
}
