"""The process's one HTTP server: operations endpoints, Slack's requests, and any other route set."""
