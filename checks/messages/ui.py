"""The command line and the renderers: headers, errors and notebook output."""

MESSAGES = {
}
