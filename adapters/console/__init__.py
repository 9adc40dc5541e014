"""The console adapter: Kindling in a terminal, driven line by line (and the test double for the core)."""
