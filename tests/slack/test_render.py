"""Core messages as Block Kit within Slack's limits, always with a plain-text fallback."""

from __future__ import annotations

from adapters.slack.render import MAX_BLOCKS, MAX_BUTTON_TEXT, MAX_SECTION_TEXT, escape, render, unescape
from bot.messages import Button, Message


def test_short_message_is_one_section_with_the_same_fallback() -> None:
    rendered = render(Message("Welcome <@U0BOB>! Start in <#C0HOME> & say hi"))
    assert rendered.text == "Welcome <@U0BOB>! Start in <#C0HOME> &amp; say hi"
    assert rendered.blocks == [{"type": "section", "text": {"type": "mrkdwn", "text": rendered.text}}]


def test_escaping_keeps_mentions_and_is_idempotent() -> None:
    text = "if a < b and <@U1|ann> & <#C1> then <!here> &amp;"
    # Mentions of members and channels stay; a special mention never pings: it is shown as text.
    assert escape(text) == "if a &lt; b and <@U1|ann> &amp; <#C1> then &lt;!here&gt; &amp;"
    assert escape(escape(text)) == escape(text)
    assert unescape("a &lt; b &amp; c") == "a < b & c"


def test_long_text_is_split_into_sections_within_limits() -> None:
    paragraph = "word " * 500
    rendered = render(Message("\n\n".join([paragraph] * 4)))
    sections = [b["text"]["text"] for b in rendered.blocks]
    assert len(sections) > 1
    assert all(0 < len(s) <= MAX_SECTION_TEXT for s in sections)
    assert "".join(sections).replace(" ", "").replace("\n", "") == rendered.text.replace(" ", "").replace(
        "\n", ""
    )


def test_huge_text_stays_within_fifty_blocks_and_keeps_the_buttons() -> None:
    rendered = render(Message("x " * 200_000, buttons=(Button("kindling.greeted", "I greeted them", "7"),)))
    assert len(rendered.blocks) == MAX_BLOCKS
    assert rendered.blocks[-1]["type"] == "actions"
    assert rendered.blocks[-2]["text"]["text"].endswith("…")
    assert len(rendered.text) <= 40_000


def test_buttons_respect_label_limits_style_and_unique_action_ids_per_block() -> None:
    buttons = (
        Button("kindling.greeted", "I greeted them", "12", "primary"),
        Button("kindling.poll.vote", "A" * 100, "0"),
        Button("kindling.poll.vote", "B", "1", "danger"),
    )
    rendered = render(Message("Pick one", buttons=buttons))
    actions = [b for b in rendered.blocks if b["type"] == "actions"]
    assert len(actions) == 2  # the second vote button cannot share a block with the first
    first, second = actions[0]["elements"], actions[1]["elements"]
    assert first[0] == {
        "type": "button",
        "action_id": "kindling.greeted",
        "text": {"type": "plain_text", "text": "I greeted them", "emoji": True},
        "value": "12",
        "style": "primary",
    }
    assert len(first[1]["text"]["text"]) == MAX_BUTTON_TEXT and "style" not in first[1]
    assert second[0]["style"] == "danger"
    for block in actions:
        ids = [e["action_id"] for e in block["elements"]]
        assert len(ids) == len(set(ids))
    assert len({b["block_id"] for b in actions}) == 2


def test_a_message_of_only_buttons_still_has_fallback_text() -> None:
    rendered = render(Message("", buttons=(Button("kindling.greeted", "I greeted them", "1"),)))
    assert rendered.text == "I greeted them"
    assert [b["type"] for b in rendered.blocks] == ["actions"]
