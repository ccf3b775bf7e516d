"""What each cause id means and its usual fix: the knowledge the checks and `explain` share."""

MESSAGES = {
}
