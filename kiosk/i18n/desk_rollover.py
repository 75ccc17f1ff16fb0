"""Words of the desk's school-year rollover page (merged by kiosk.i18n.desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "roll_title": "学年升级",
        "roll_intro": "每个班升一级，初三学生标记为离校。下面是将要做的修改，"
        "点“确认升级”之前不会保存任何东西。",
        "roll_moves": "班级变化",
        "roll_before": "原班级",
        "roll_after": "新班级",
        "roll_students": "人数",
        "roll_leavers": "初三毕业离校：{count} 人",
        "roll_loans": "离校学生未还的书（{count} 本）",
        "roll_no_loans": "离校学生都已还清。",
        "roll_card": "借书证号",
        "roll_name": "姓名",
        "roll_due": "应还日期",
        "roll_unknown": "班级无法识别、不会升级的学生（{count} 人）",
        "roll_confirm": "确认升级（升级 {promoted} 人，离校 {left} 人）",
        "roll_changed": "名单在预览后有变化，请核对下面新的预览后再确认。",
        "roll_done": "学年升级已保存：升级 {promoted} 人，离校 {left} 人。",
    },
    "en": {
        "roll_title": "School-year rollover",
        "roll_intro": "Every class moves up a grade and 初三 pupils are marked as"
        " left. This is what would change; nothing is saved before you confirm.",
        "roll_moves": "Classes",
        "roll_before": "Class now",
        "roll_after": "Class after",
        "roll_students": "Pupils",
        "roll_leavers": "Leaving (初三): {count} pupil(s)",
        "roll_loans": "Books the leavers still have ({count})",
        "roll_no_loans": "The leavers have returned every book.",
        "roll_card": "Card",
        "roll_name": "Name",
        "roll_due": "Due",
        "roll_unknown": "Class not understood, not promoted ({count})",
        "roll_confirm": "Confirm the rollover ({promoted} promoted, {left} leaving)",
        "roll_changed": "The roster changed after the preview: check the new preview"
        " below, then confirm.",
        "roll_done": "Rollover saved: {promoted} promoted, {left} left.",
    },
}
