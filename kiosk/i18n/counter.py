"""Words of the staff menu's counter tools: lost/damaged, stocktake, overdue list.

Keys ``counter_<outcome>`` follow the register outcome codes of
``kiosk.db.registers`` and ``counter_st_<outcome>`` the stocktake scan codes of
``kiosk.db.stocktake``; tests check that every code has words in both languages.
"""

from __future__ import annotations

COUNTER: dict[str, dict[str, str]] = {
    "zh-CN": {
        "mark_lost": "登记丢失",
        "mark_damaged": "登记损坏",
        "stocktake": "盘点扫描",
        "overdue_list": "逾期名单",
        "mark_lost_title": "丢失：扫描或输入条码",
        "mark_damaged_title": "损坏：扫描或输入条码",
        "counter_failed": "操作没有完成（数据库不可用），请稍后再试",
        "counter_marked_lost": "已登记丢失：{barcode}《{title}》（不在借出中）",
        "counter_marked_damaged": "已登记损坏：{barcode}《{title}》（不在借出中）",
        "counter_marked_lost_loan": "已登记丢失：{barcode}《{title}》，借阅已结束，"
        "请 {name} 赔偿 {asked} 元",
        "counter_marked_damaged_loan": "已登记损坏：{barcode}《{title}》，借阅已结束，"
        "请 {name} 赔偿 {asked} 元",
        "counter_repair_sent": "已送修：{barcode}",
        "counter_repair_back": "已修好归架：{barcode}",
        "counter_withdrawn": "已注销：{barcode}",
        "counter_paid": "已收赔偿款",
        "counter_found": "已找回：{barcode}",
        "counter_not_lost": "{barcode} 没有登记为丢失",
        "counter_unknown_item": "没有这个条码的书：{barcode}",
        "counter_on_loan": "{barcode} 正在借出，请先处理借阅",
        "counter_already_in_repair": "{barcode} 已经在修补中",
        "counter_not_in_repair": "{barcode} 不在修补中",
        "counter_already_withdrawn": "{barcode} 已经注销",
        "counter_already_lost": "{barcode} 已经登记为丢失",
        "counter_already_damaged": "{barcode} 已经登记为损坏",
        "counter_wrong_status": "{barcode} 现在的状态不能这样登记",
        "counter_unknown_card": "没有这个借书证",
        "counter_not_the_borrower": "这本书不是这位读者借的",
        "counter_no_reason": "请写明原因",
        "counter_unknown_entry": "没有这条登记",
        "counter_bad_amount": "金额不对",
        "counter_overpaid": "付款超过应赔金额",
        "counter_no_stocktake": "现在没有进行中的盘点。请管理员先运行 "
        "python kiosk.py admin stocktake start",
        "counter_stocktake_open": "盘点中：{location}，已扫描 {scanned} 册",
        "counter_st_found": "{barcode}《{title}》在架",
        "counter_st_found_on_loan": "{barcode}《{title}》记录为借给 {name}，"
        "却在架上：请放到还书处",
        "counter_st_found_lost": "{barcode}《{title}》记录为丢失，找到了",
        "counter_st_found_withdrawn": "{barcode}《{title}》已注销，请下架",
        "counter_st_found_off_shelf": "{barcode}《{title}》记录为修补中或损坏",
        "counter_st_wrong_location": "{barcode}《{title}》放错了位置，应在 {shelf}",
        "counter_st_duplicate": "{barcode} 已经扫描过",
        "counter_st_unknown_barcode": "{barcode} 不是本馆的条码（已记下）",
        "counter_st_scan_label": "{barcode} 是 ISBN：请扫描书上的馆藏条码",
        "counter_st_not_a_book": "{barcode} 是借书证，不是书",
        "counter_st_bad_check_digit": "{barcode} 校验位不对，请重新扫描",
        "counter_st_no_stocktake": "现在没有进行中的盘点",
        "overdue_class": "{class_name}：{count} 本逾期",
        "overdue_line": "  {name}《{title}》{barcode} 逾期 {days} 天",
        "overdue_more": "……另有 {count} 行（完整名单：admin overdue list）",
        "overdue_total": "共 {count} 本逾期",
        "overdue_none": "没有逾期的书",
    },
    "en": {
        "mark_lost": "Mark lost",
        "mark_damaged": "Mark damaged",
        "stocktake": "Stocktake scanning",
        "overdue_list": "Overdue list",
        "mark_lost_title": "Lost: scan or type the barcode",
        "mark_damaged_title": "Damaged: scan or type the barcode",
        "counter_failed": "Not done (the database is unavailable); try again later",
        "counter_marked_lost": "Marked lost: {barcode} “{title}” (not on loan)",
        "counter_marked_damaged": "Marked damaged: {barcode} “{title}” (not on loan)",
        "counter_marked_lost_loan": "Marked lost: {barcode} “{title}”; loan closed, "
        "{name} is asked for {asked} yuan",
        "counter_marked_damaged_loan": "Marked damaged: {barcode} “{title}”; loan "
        "closed, {name} is asked for {asked} yuan",
        "counter_repair_sent": "Sent to repair: {barcode}",
        "counter_repair_back": "Back from repair: {barcode}",
        "counter_withdrawn": "Withdrawn: {barcode}",
        "counter_paid": "Payment recorded",
        "counter_found": "Found again: {barcode}",
        "counter_not_lost": "{barcode} is not marked lost",
        "counter_unknown_item": "No copy has the barcode {barcode}",
        "counter_on_loan": "{barcode} is on loan: deal with the loan first",
        "counter_already_in_repair": "{barcode} is already in repair",
        "counter_not_in_repair": "{barcode} is not in repair",
        "counter_already_withdrawn": "{barcode} is already withdrawn",
        "counter_already_lost": "{barcode} is already marked lost",
        "counter_already_damaged": "{barcode} is already marked damaged",
        "counter_wrong_status": "{barcode} cannot be marked so in its present state",
        "counter_unknown_card": "No such library card",
        "counter_not_the_borrower": "This patron did not borrow this copy",
        "counter_no_reason": "Please give a reason",
        "counter_unknown_entry": "No such register entry",
        "counter_bad_amount": "That amount is not valid",
        "counter_overpaid": "That is more than the compensation asked",
        "counter_no_stocktake": "No stocktake is open. The librarian starts one "
        "with: python kiosk.py admin stocktake start",
        "counter_stocktake_open": "Stocktake open: {location}, {scanned} copies "
        "scanned",
        "counter_st_found": "{barcode} “{title}” on the shelf",
        "counter_st_found_on_loan": "{barcode} “{title}” is recorded on loan to "
        "{name} but is on the shelf: put it on the returns trolley",
        "counter_st_found_lost": "{barcode} “{title}” was marked lost: found",
        "counter_st_found_withdrawn": "{barcode} “{title}” is withdrawn: take it off "
        "the shelf",
        "counter_st_found_off_shelf": "{barcode} “{title}” is recorded in repair or "
        "damaged",
        "counter_st_wrong_location": "{barcode} “{title}” is in the wrong place: "
        "it belongs in {shelf}",
        "counter_st_duplicate": "{barcode} was already scanned",
        "counter_st_unknown_barcode": "{barcode} is not one of ours (noted)",
        "counter_st_scan_label": "{barcode} is an ISBN: scan the copy's own label",
        "counter_st_not_a_book": "{barcode} is a library card, not a book",
        "counter_st_bad_check_digit": "{barcode}: bad check digit, scan again",
        "counter_st_no_stocktake": "No stocktake is open",
        "overdue_class": "{class_name}: {count} overdue",
        "overdue_line": "  {name}: “{title}” {barcode}, {days} days late",
        "overdue_more": "... {count} more lines (full list: admin overdue list)",
        "overdue_total": "{count} books overdue",
        "overdue_none": "No books are overdue",
    },
}
