"""The Slack adapter: Slack payloads in -> core events; core messages out -> Slack Web API calls.

`runtime.run_slack` is the entry point; the other modules each hold one concept (see the README's note on
the Slack adapter).
"""
