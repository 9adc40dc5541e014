"""Kindling on Matrix: a community is a room; direct chats, threads, MSC3381 polls, edits, numbered reactions.

payloads (the wire JSON, typed) -> rooms (what Kindling knows of its rooms) -> translate (events in) /
render (messages out) -> platform (the port) and sync (the /sync loop) -> runtime (start and stop).
"""
