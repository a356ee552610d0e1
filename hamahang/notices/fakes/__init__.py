"""Local stand-ins for the providers' HTTP APIs, for tests and demo runs."""
