"""Words the SIP2 server sends to other vendors' machines, zh-CN and en."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "renewed_all": "续借了 {renewed} 本，{kept} 本没有续借。",
        "hold_bin": "预约",
        "hold_shelf": "预约书架",
        "hold_mode": "只能新增或取消预约。",
        "unavailable": "图书馆数据库暂时连不上，请稍后再试，或找管理员帮忙。",
        "bad_pin": "密码不对，请重新输入；忘了密码请找管理员。",
    },
    "en": {
        "renewed_all": "{renewed} renewed, {kept} not renewed.",
        "hold_bin": "HOLD",
        "hold_shelf": "hold shelf",
        "hold_mode": "A hold can only be placed or cancelled.",
        "unavailable": "The library's database cannot be reached; try again later"
        " or ask the librarian.",
        "bad_pin": "That PIN is not right. Try again, or ask the librarian.",
    },
}


def say(key: str, lang: str, **params: object) -> str:
    """One phrase in ``lang`` (English when the language has none)."""
    words = WORDS.get(lang, WORDS["en"])
    return words.get(key, WORDS["en"][key]).format(**params)
