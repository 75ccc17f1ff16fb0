"""Words of ``admin catalogue`` and ``admin purchases``, zh-CN and en."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "cat_help": "编目：按 ISBN 加书、导入书商清单或 MARC、打印书标",
        "cat_add_help": "扫描或输入 ISBN 加一种书（已有的书增加复本），"
        "每册分配登录号条码",
        "cat_isbn_help": "ISBN-10 或 ISBN-13（可带连字符）",
        "cat_copies_help": "册数（默认 1）",
        "cat_title_help": "书名（新书必填）",
        "cat_author_help": "作者",
        "cat_publisher_help": "出版社",
        "cat_year_help": "出版年",
        "cat_price_help": "定价（元）",
        "cat_clc_help": "中图法分类号，例如 I247.5",
        "cat_location_help": "馆藏地（默认 catalogue.default_location）",
        "cat_import_help": "从书商清单（.xlsx/.csv）或 MARC 文件（.mrc/.iso，CNMARC 或 "
        "MARC21）导入图书和复本",
        "cat_file_help": "清单文件（.xlsx、.csv、.mrc 或 .iso）",
        "cat_supplier_help": "书商名称：每一行同时记入购书登记",
        "cat_invoice_help": "发票号或订单号（记入购书登记）",
        "cat_labels_help": "生成可打印的 A4 书标 PDF"
        "（每页 24 张：索书号、登录号条码、书名）",
        "cat_barcodes_help": "只打印这些登录号，用逗号分隔",
        "cat_since_help": "只打印这一天（YYYY-MM-DD）以后入藏的复本",
        "cat_title_isbn_help": "只打印这些 ISBN 的全部复本，用逗号分隔",
        "cat_where_sep": "：",
        "cat_where_row": "第 {number} 行",
        "cat_where_record": "第 {number} 条记录",
        "cat_no_isbn": "{where}没有 ISBN（{title}），未加入馆藏",
        "cat_bad_check": "{where}ISBN {isbn} 的校验位不对（可能输错了一位），"
        "未加入馆藏",
        "cat_bad_isbn": "{where}“{isbn}”不是 ISBN，未加入馆藏",
        "cat_no_title": "{where}ISBN {isbn} 没有书名，未加入馆藏",
        "cat_bad_price": "{where}ISBN {isbn} 的定价“{price}”不是金额，未加入馆藏",
        "cat_bad_copies": "{where}ISBN {isbn} 的册数“{copies}”不对（应为 1 到 999），"
        "未加入馆藏",
        "cat_bad_year": "{where}ISBN {isbn} 的出版年“{year}”不是年份，未加入馆藏",
        "cat_bad_record": "{where}MARC 记录已损坏，无法读取，未加入馆藏",
        "cat_line_new": "{where}新书 {isbn}《{title}》{copies} 册",
        "cat_line_more": "{where}{isbn}《{title}》增加 {copies} 册（原有 {had} 册）",
        "cat_line_merged": "{where}同一个 ISBN {isbn}，册数已合并为 {copies} 册",
        "cat_summary": "新书 {new} 种，增加复本 {more} 种，共 {copies} 册；"
        "{errors} 行未加入馆藏。",
        "cat_nothing": "没有可以导入的图书，未写入任何内容。",
        "cat_would_number": "登录号将是 {first} 到 {last}（如果期间没有别人编目）",
        "cat_saved": "已保存：{count} 册，登录号 {first} 到 {last}。",
        "cat_registered": "已记入购书登记 {lines} 行（书商：{supplier}）。",
        "cat_added_new": "新书 {isbn}《{title}》{copies} 册，登录号 {barcodes}",
        "cat_added_more": "{isbn}《{title}》增加 {copies} 册（现有 {total} 册），"
        "登录号 {barcodes}",
        "cat_add_needs_title": "馆里还没有 ISBN {isbn} 这本书："
        "新书请用 --title 给出书名。"
        "未写入任何内容。",
        "cat_not_saved": "编目没有保存（未写入任何内容）：{reason}",
        "cat_file_type": "{path}：只能导入 .xlsx、.csv、.mrc 或 .iso 文件。",
        "cat_file_empty": "{path} 是空的：没有表头或没有图书。未写入任何内容。",
        "cat_wrong_columns": "{path} 的列不对：缺少 {absent}。找到的列：{columns}。"
        "未写入任何内容。",
        "cat_not_marc": "{path} 不是 MARC（ISO 2709）文件，"
        "可能是改了扩展名的文本或表格。"
        "未写入任何内容。",
        "cat_invoice_needs_supplier": "--invoice 要和 --supplier 一起用"
        "（购书登记需要书商）。",
        "cat_series_full": "登录号已经用完（最后一个是 {last}）：请增加 "
        "catalogue.accession_digits 或换一个前缀。未写入任何内容。",
        "cat_series_pattern": "登录号 {code} 不符合 "
        "circulation.item_pattern（{pattern}），"
        "自助机会不认这些书：请修改 [catalogue] 的前缀或位数。未写入任何内容。",
        "cat_labels_none": "没有符合条件的复本，没有生成 PDF。",
        "cat_label_too_long": "登录号 {barcode} 太长，书标上放不下条码。",
        "cat_labels_title": "书标",
        "cat_drawing": "绘制书标",
        "cat_labels_written": "已生成 {path}：{count} 张书标，共 {pages} 页。",
        "pur_help": "购书登记：列出或导出为 XLSX",
        "pur_list_help": "列出购书登记",
        "pur_export_help": "把购书登记导出为 XLSX",
        "pur_out_help": "输出的 XLSX 文件",
        "pur_from_help": "从这一天（YYYY-MM-DD）起",
        "pur_to_help": "到这一天（YYYY-MM-DD，含）为止",
        "pur_line": "{date} {supplier} {invoice} {isbn}《{title}》{copies} 册 "
        "单价 {price} 金额 {total}",
        "pur_total": "共 {lines} 行，{copies} 册，金额 {total} 元。",
        "pur_not_xlsx": "{path}：导出文件必须是 .xlsx。",
        "pur_written": "已导出 {path}：{lines} 行。",
        "pur_sheet": "购书登记",
        "pur_total_label": "合计",
        "pur_col_date": "日期",
        "pur_col_supplier": "书商",
        "pur_col_invoice": "发票号或订单号",
        "pur_col_isbn": "ISBN",
        "pur_col_title": "书名",
        "pur_col_copies": "册数",
        "pur_col_unit_price": "单价",
        "pur_col_total": "金额",
        "pur_col_note": "备注",
    },
    "en": {
        "cat_help": "Catalogue: add books by ISBN, import supplier lists or MARC, "
        "print labels",
        "cat_add_help": "Add a title by scanning or typing its ISBN (an existing title "
        "gets more copies); each copy gets an accession barcode",
        "cat_isbn_help": "ISBN-10 or ISBN-13 (hyphens allowed)",
        "cat_copies_help": "number of copies (default 1)",
        "cat_title_help": "title (needed for a new title)",
        "cat_author_help": "author",
        "cat_publisher_help": "publisher",
        "cat_year_help": "year published",
        "cat_price_help": "list price (yuan)",
        "cat_clc_help": "CLC class, e.g. I247.5",
        "cat_location_help": "shelf location (default catalogue.default_location)",
        "cat_import_help": "Import titles and copies from a supplier list (.xlsx/.csv) "
        "or a MARC file (.mrc/.iso, CNMARC or MARC21)",
        "cat_file_help": "the list (.xlsx, .csv, .mrc or .iso)",
        "cat_supplier_help": "supplier: every line is also entered in the purchases "
        "register",
        "cat_invoice_help": "invoice or order number (for the purchases register)",
        "cat_labels_help": "Write printable A4 label sheets (24 a page: call number, "
        "accession barcode, title)",
        "cat_barcodes_help": "only these accession barcodes, comma-separated",
        "cat_since_help": "only copies added on or after this day (YYYY-MM-DD)",
        "cat_title_isbn_help": "every copy of these ISBNs, comma-separated",
        "cat_where_sep": ": ",
        "cat_where_row": "row {number}",
        "cat_where_record": "record {number}",
        "cat_no_isbn": "{where}no ISBN ({title}); not added",
        "cat_bad_check": "{where}ISBN {isbn} has a wrong check digit (a mistyped "
        "digit?); not added",
        "cat_bad_isbn": "{where}“{isbn}” is not an ISBN; not added",
        "cat_no_title": "{where}ISBN {isbn} has no title; not added",
        "cat_bad_price": "{where}ISBN {isbn}: price “{price}” is not an amount; "
        "not added",
        "cat_bad_copies": "{where}ISBN {isbn}: copies “{copies}” must be 1 to 999; "
        "not added",
        "cat_bad_year": "{where}ISBN {isbn}: year “{year}” is not a year; not added",
        "cat_bad_record": "{where}damaged MARC record, cannot be read; not added",
        "cat_line_new": "{where}new {isbn} “{title}”, {copies} copies",
        "cat_line_more": "{where}{isbn} “{title}” +{copies} copies (had {had})",
        "cat_line_merged": "{where}the same ISBN {isbn}; copies added together: "
        "{copies}",
        "cat_summary": "{new} new title(s), {more} title(s) with more copies, {copies} "
        "copies; {errors} line(s) not added.",
        "cat_nothing": "Nothing to import; nothing was written.",
        "cat_would_number": "Accession barcodes would be {first} to {last} (unless "
        "someone else catalogues first)",
        "cat_saved": "Saved: {count} copies, accession barcodes {first} to {last}.",
        "cat_registered": "Entered {lines} line(s) in the purchases register "
        "(supplier: {supplier}).",
        "cat_added_new": "New {isbn} “{title}”, {copies} copies, barcodes {barcodes}",
        "cat_added_more": "{isbn} “{title}” +{copies} copies (now {total}), barcodes "
        "{barcodes}",
        "cat_add_needs_title": "The library has no ISBN {isbn} yet: give a new title "
        "with --title. Nothing was written.",
        "cat_not_saved": "The catalogue was not changed (nothing was "
        "written): {reason}",
        "cat_file_type": "{path}: only .xlsx, .csv, .mrc and .iso files can be "
        "imported.",
        "cat_file_empty": "{path} is empty: no header or no books. "
        "Nothing was written.",
        "cat_wrong_columns": "{path} has the wrong columns: {absent} missing. Columns "
        "found: {columns}. Nothing was written.",
        "cat_not_marc": "{path} is not a MARC (ISO 2709) file; it may be text or a "
        "spreadsheet renamed. Nothing was written.",
        "cat_invoice_needs_supplier": "--invoice needs --supplier (the purchases "
        "register names the supplier).",
        "cat_series_full": "The accession series is used up (the last is {last}): "
        "raise catalogue.accession_digits or use another prefix. Nothing was written.",
        "cat_series_pattern": "Accession barcode {code} does not match "
        "circulation.item_pattern ({pattern}), so the kiosk would not take these "
        "books: change the [catalogue] prefix or digits. Nothing was written.",
        "cat_labels_none": "No copy matches; no PDF was written.",
        "cat_label_too_long": "Accession barcode {barcode} is too long for a label.",
        "cat_labels_title": "spine labels",
        "cat_drawing": "drawing labels",
        "cat_labels_written": "Wrote {path}: {count} label(s) on {pages} page(s).",
        "pur_help": "Purchases register: list it or export it to XLSX",
        "pur_list_help": "List the purchases register",
        "pur_export_help": "Export the purchases register to XLSX",
        "pur_out_help": "the XLSX file to write",
        "pur_from_help": "from this day (YYYY-MM-DD)",
        "pur_to_help": "to this day (YYYY-MM-DD, included)",
        "pur_line": "{date} {supplier} {invoice} {isbn} “{title}” {copies} copies "
        "at {price}, {total}",
        "pur_total": "{lines} line(s), {copies} copies, {total} yuan.",
        "pur_not_xlsx": "{path}: the export must be an .xlsx file.",
        "pur_written": "Wrote {path}: {lines} line(s).",
        "pur_sheet": "Purchases",
        "pur_total_label": "Total",
        "pur_col_date": "Date",
        "pur_col_supplier": "Supplier",
        "pur_col_invoice": "Invoice/order",
        "pur_col_isbn": "ISBN",
        "pur_col_title": "Title",
        "pur_col_copies": "Copies",
        "pur_col_unit_price": "Unit price",
        "pur_col_total": "Total",
        "pur_col_note": "Note",
    },
}
