"""The machine: Python, the runtime, libraries, GPU, torch build, memory, disk and Hub settings."""

MESSAGES = {
}
