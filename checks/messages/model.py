"""The model: support, fit, download and the timed generation."""

MESSAGES = {
}
