"""Kindling on Discord (discord.py 2.x): gateway events in, core events out; core messages out as REST calls.

`runtime.run_discord` is the entry point; `invite.invite_url` and `runtime.fetch_invite_url` install the bot.

What Kindling uses of Discord, all of it:

REST (base `KINDLING_DISCORD_API_URL`, default https://discord.com/api/v10)
    GET  /users/@me, GET /oauth2/applications/@me            log in; the application id (invite URL)
    PUT  /applications/{app}/guilds/{guild}/commands         /kindling, synced per guild on ready and on join
    POST /interactions/{id}/{token}/callback                 defer (type 5, ephemeral); autocomplete (type 8)
    POST /webhooks/{app}/{token}?wait=true                   the ephemeral answer (follow-up)
    POST /users/@me/channels                                 open a DM
    POST /channels/{channel}/messages                        DMs, posts, threads, polls; nonce+enforce_nonce
    POST /channels/{channel}/messages/{id}/threads           open the thread under a post before posting in it
    PATCH /channels/{channel}/messages/{id}                  live count of an anonymous poll (buttons)
    GET/POST /guilds/{guild}/scheduled-events                a meetup as a scheduled event (looked up first)
    (these two POSTs are multipart, `payload_json` + `files[n]`, when a message has files: the pulse chart)
Gateway (`KINDLING_DISCORD_GATEWAY_URL`): READY, GUILD_CREATE (its recent joiners: joins missed while down;
    and the guild/channel/role updates discord.py caches), GUILD_MEMBERS_CHUNK,
    GUILD_MEMBER_ADD, GUILD_MEMBER_REMOVE, MESSAGE_CREATE (content not needed),
    MESSAGE_REACTION_ADD (a 💡 keeps the message as a tip), MESSAGE_POLL_VOTE_ADD/REMOVE,
    GUILD_SCHEDULED_EVENT_USER_ADD/REMOVE (interested in a meetup: an RSVP),
    INTERACTION_CREATE (slash command, autocomplete, button).
Intents: GUILDS, GUILD_MEMBERS (privileged), GUILD_MESSAGES, GUILD_MESSAGE_REACTIONS, GUILD_MESSAGE_POLLS,
    GUILD_SCHEDULED_EVENTS; not MESSAGE_CONTENT.
Permissions: `invite.PERMISSIONS` (580851377114112), each one justified there.
"""
