"""newskg benchmark harness (see bench/README.md)."""
