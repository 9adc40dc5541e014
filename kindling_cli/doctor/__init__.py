"""`kindling doctor`: checks what Kindling needs outside itself and says in plain words what is missing.

The database (it answers; its schema is the newest), and for each configured platform its tokens, its
scopes or intents, and its permissions. Every check runs even when an earlier one failed, so one run shows
everything to fix; the exit code is 1 when anything is missing.
"""
