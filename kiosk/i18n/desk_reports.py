"""Words of the desk's reports page, zh-CN and en (merged by kiosk.i18n.desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "nav_reports": "统计报表",
        "rep_period_label": "统计时段",
        "rep_period_week": "本周",
        "rep_period_month": "本月",
        "rep_period_term": "本学期",
        "rep_period_year": "本学年",
        "rep_period_dates": "自选日期",
        "rep_from": "从",
        "rep_to": "到",
        "rep_kiosk_label": "借还机",
        "rep_all_kiosks_option": "全部借还机",
        "rep_show": "统计",
        "rep_download_pdf": "下载 PDF",
        "rep_download_xlsx": "下载 Excel",
        "rep_dates_bad": "请选择起止日期（年-月-日）。",
        "rep_dates_backwards": "开始日期不能晚于结束日期。",
        "rep_no_loans_page": "{start} 至 {end} 没有借阅记录。",
    },
    "en": {
        "nav_reports": "Reports",
        "rep_period_label": "Period",
        "rep_period_week": "This week",
        "rep_period_month": "This month",
        "rep_period_term": "This term",
        "rep_period_year": "This school year",
        "rep_period_dates": "Dates",
        "rep_from": "From",
        "rep_to": "to",
        "rep_kiosk_label": "Kiosk",
        "rep_all_kiosks_option": "All kiosks",
        "rep_show": "Show",
        "rep_download_pdf": "Download PDF",
        "rep_download_xlsx": "Download Excel",
        "rep_dates_bad": "Choose the first and last day (year-month-day).",
        "rep_dates_backwards": "The first day cannot be after the last.",
        "rep_no_loans_page": "No loans between {start} and {end}.",
    },
}
