"""A local Hugging Face Hub for tests and the offline demo: real HTTP on 127.0.0.1, driven by a scenario."""
