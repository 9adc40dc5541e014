"""What the adapter reads out of message bodies as clients write them (shapes recorded from Element)."""

from __future__ import annotations

from adapters.matrix.render import formatted, keycap_index, number_index, plain, text_content
from adapters.matrix.translate import _command_text, _is_command, _selections, _without_reply_fallback


def test_a_pill_in_the_html_becomes_a_core_mention() -> None:
    formatted = '!kindling ambassador add <a href="https://matrix.to/#/@amy:example.org">Amy</a>'
    assert _command_text(formatted, "!kindling ambassador add Amy") == "ambassador add <@@amy:example.org>"


def test_a_bare_user_id_becomes_a_core_mention_and_html_is_unescaped() -> None:
    assert (
        _command_text(None, "!kindling organiser add @ann:example.org") == "organiser add <@@ann:example.org>"
    )
    assert _command_text("!kindling tip Fish &amp; chips", "!kindling tip Fish & chips") == "tip Fish & chips"


def test_a_reply_fallback_is_not_part_of_the_reply() -> None:
    body = "> <@kindling:example.org> Poll: Best day?\n> 1. Monday\n\n2"
    assert _without_reply_fallback(body) == "2"
    formatted = "<mx-reply><blockquote>Poll</blockquote></mx-reply>!kindling goal"
    assert _command_text(formatted, "> Poll\n\n!kindling goal") == "goal"


def test_keycaps_and_numbers_pick_a_button() -> None:
    assert keycap_index("1️⃣") == 0 and keycap_index("1\u20e3") == 0 and keycap_index("🔟") == 9
    assert keycap_index("💡") is None
    assert number_index(" 2. ") == 1 and number_index("0") is None and number_index("two") is None


def test_mentions_in_plain_text_are_user_ids_and_rooms_are_named() -> None:
    text = plain("Welcome <@@bob:example.org>, see <#!abc:example.org>", room_name=lambda _: "home")
    assert text == "Welcome @bob:example.org, see #home"


def test_a_command_is_the_prefix_alone_or_followed_by_a_space() -> None:
    assert _is_command("!kindling goal") and _is_command("!Kindling") and _is_command("!kindling\nhelp")
    assert not _is_command("!kindlingfoo") and not _is_command("say !kindling goal")


def test_a_poll_response_is_read_from_the_msc3381_block_the_stable_block_or_selections() -> None:
    assert _selections({"org.matrix.msc3381.poll.response": {"answers": ["1", "0", "1"]}}) == [1, 0]
    assert _selections({"m.poll.response": {"answers": ["2"]}}) == [2]
    assert _selections({"m.selections": ["0"]}) == [0]
    assert _selections({"m.selections": "0"}) == [] and _selections({}) == []
    assert _selections({"m.selections": ["x", None, "3"]}) == [3]


def test_a_post_link_is_a_matrix_to_permalink_in_both_forms() -> None:
    text = "See <post:!abc:example.org:$Ev3nt_id-x> for @room"
    assert plain(text, room_name=str) == "See https://matrix.to/#/!abc:example.org/$Ev3nt_id-x for @room"
    assert formatted(text, user_name=str, room_name=str) == (
        'See <a href="https://matrix.to/#/!abc:example.org/$Ev3nt_id-x">'
        "https://matrix.to/#/!abc:example.org/$Ev3nt_id-x</a> for @room"
    )


def test_every_text_names_whom_it_mentions_so_room_pings_nobody() -> None:
    content = text_content("Tip by <@@ann:example.org>: tell @room", (), user_name=str, room_name=str)
    assert content["m.mentions"] == {"user_ids": ["@ann:example.org"]}
