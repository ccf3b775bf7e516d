"""The Hub: network, token and access to a model."""

MESSAGES = {
}
