"""The slip desk: a slip after the loans are committed, and never at their cost.

The failure paths run on the small real SQLite library and a loopback network
printer: the loans stay, the failure is reported with the due dates, written
to the event log, the slip is kept for one reprint, and nothing is printed by
itself when the printer comes back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import ImageChops

from kiosk.config import PrinterSettings
from kiosk.db import models as db
from kiosk.errors import PrinterError, PrinterProblem
from kiosk.session import PrintSlip
from receipts.archive import SlipArchive
from receipts.desk import SlipDesk
from receipts.escpos_printer import FailedSlipPrinter, make_printer
from receipts.render import PAPERS, RenderedSlip
from receipts.report import SlipStatus
from receipts.slip import LibraryInfo
from tests.conftest import ISBN_TWO, Small
from tests.receipts.escpos_stream import parse
from tests.receipts.fake_printer import Behaviour, FakeNetworkPrinter

LIBRARY = LibraryInfo("示范中学图书馆", "kiosk-1")


@pytest.fixture
def server() -> Iterator[FakeNetworkPrinter]:
    # The first job is cut off by a reset after 3000 bytes (the printer is
    # switched off mid-slip); every later connection prints normally.
    printer = FakeNetworkPrinter(Behaviour(reset_after=3000), Behaviour(), rcvbuf=4096)
    yield printer
    printer.close()


def desk_for(small: Small, settings: PrinterSettings, tmp_path: Path) -> SlipDesk:
    service = small.service
    return SlipDesk(
        make_printer(settings),
        SlipArchive(tmp_path / "archive"),
        PAPERS[settings.paper_width_mm],
        LIBRARY,
        small.clock,
        record=service.record,
        loans_of=lambda patron_id: service.status(patron_id).loans,
    )


def network(port: int) -> PrinterSettings:
    return PrinterSettings(type="network", host="127.0.0.1", port=port)


def borrow(small: Small, card: str, *scans: str) -> tuple[object, list]:
    pid = small.patron_id(card)
    identified = small.service.identify(card)
    results = [identified, *(small.service.check_out(pid, s) for s in scans)]
    return identified.patron, results


def printed_picture(job: bytes):
    return parse(job).picture()


def same(picture, rendered: RenderedSlip) -> bool:
    diff = ImageChops.difference(picture.convert("L"), rendered.image.convert("L"))
    return picture.size == rendered.image.size and diff.getbbox() is None


def slip_events() -> list[str]:
    query = (
        db.Event.select().where(db.Event.action == "print_slip").order_by(db.Event.id)
    )
    return [e.outcome for e in query]


def test_printer_lost_mid_slip_costs_no_loan_and_no_reprint_storm(
    small: Small, server: FakeNetworkPrinter, tmp_path: Path
) -> None:
    desk = desk_for(small, network(server.port), tmp_path)
    pid = small.patron_id("S0000001")
    patron, results = borrow(small, "S0000001", "10000001", ISBN_TWO)

    failed = desk.issue(desk.session_slip(patron, results))

    assert failed.status is SlipStatus.FAILED
    assert failed.problem is PrinterProblem.CONNECTION_LOST
    assert "127.0.0.1" in failed.detail
    assert "打印中断开" in failed.message("zh-CN")
    assert "请记下应还日期" in failed.message("zh-CN")
    assert [(e.title, str(e.due)) for e in failed.due] == [
        ("红楼梦", "2026-12-09"),
        ("草房子", "2026-12-09"),
    ]
    assert failed.archive is not None
    assert failed.archive.exists()
    # the loans are recorded all the same
    assert [ln.item.barcode for ln in small.service.status(pid).loans] == [
        "10000001",
        "10000003",
    ]
    kept = desk.pending
    assert kept is not None
    assert kept.transaction == failed.transaction
    assert not desk.state.ready
    assert slip_events() == ["SLIP_FAILED"]

    # The printer is back. The next patron's slip prints: only that slip.
    small.clock.advance(60)
    patron2, results2 = borrow(small, "S0000002", "10000002")
    second = desk.issue(desk.session_slip(patron2, results2))
    assert second.status is SlipStatus.PRINTED
    jobs = server.wait_jobs(2)
    assert same(printed_picture(jobs[1]), desk.archive.last().load())
    assert desk.pending is kept  # not printed by itself
    assert desk.state.ready

    # One explicit reprint prints the failed slip, once.
    again = desk.reprint()
    assert again.status is SlipStatus.REPRINTED
    assert same(printed_picture(server.wait_jobs(3)[2]), kept)
    assert desk.pending is None
    assert slip_events() == ["SLIP_FAILED", "SLIP_PRINTED", "SLIP_REPRINTED"]


def test_no_printer_configured_archives_the_slip(small: Small, tmp_path: Path) -> None:
    desk = desk_for(small, PrinterSettings(type="none"), tmp_path)
    patron, results = borrow(small, "S0000001", "10000003")
    report = desk.issue(desk.session_slip(patron, results))
    assert report.status is SlipStatus.ARCHIVED
    assert not report.printed
    assert not report.failed
    assert report.archive is not None
    assert report.archive.parent == tmp_path / "archive" / "2026-11-25"
    assert "应还 2026-12-09 周三" in report.archive.with_suffix(".txt").read_text(
        encoding="utf-8"
    )
    assert (
        report.message("en") == "No slip printer is connected; the slip was archived."
    )
    assert desk.check().words("zh-CN") == "未配置打印机（凭条只存档）"


def test_absent_printer_at_start_up_is_a_state_not_a_crash(
    small: Small, tmp_path: Path
) -> None:
    settings = PrinterSettings(type="file", device_file=tmp_path / "gone" / "lp0")
    desk = desk_for(small, settings, tmp_path)
    state = desk.check()
    assert state.present
    assert not state.ready
    assert state.problem is PrinterProblem.NOT_FOUND
    assert state.words("zh-CN") == "找不到打印机"
    patron, results = borrow(small, "S0000001", "10000003")
    report = desk.issue(desk.session_slip(patron, results))
    assert report.failed
    assert small.service.status(patron.id).loans  # the loan stands


def test_a_printer_that_cannot_be_set_up_fails_every_slip_loudly(
    small: Small, tmp_path: Path
) -> None:
    error = PrinterError(
        "cups printer POS58: setting up failed", PrinterProblem.NO_DRIVER
    )
    desk = desk_for(small, PrinterSettings(), tmp_path)
    desk.printer = FailedSlipPrinter(error)
    assert desk.check().problem is PrinterProblem.NO_DRIVER
    patron, results = borrow(small, "S0000001", "10000003")
    report = desk.issue(desk.session_slip(patron, results))
    assert report.problem is PrinterProblem.NO_DRIVER
    assert "缺少打印机驱动" in report.message("zh-CN")


def test_reprint_with_nothing_archived(small: Small, tmp_path: Path) -> None:
    desk = desk_for(
        small, PrinterSettings(type="file", device_file=tmp_path / "lp0"), tmp_path
    )
    assert desk.reprint().status is SlipStatus.NOTHING
    assert desk.reprint_last("zh-CN") is None


def test_reprint_last_prints_the_archived_slip_again(
    small: Small, tmp_path: Path
) -> None:
    device = tmp_path / "lp0"
    desk = desk_for(small, PrinterSettings(type="file", device_file=device), tmp_path)
    patron, results = borrow(small, "S0000001", "10000003")
    first = desk.issue(desk.session_slip(patron, results))
    assert first.printed
    printed = device.read_bytes()
    assert desk.reprint_last("zh-CN") is True
    assert device.read_bytes() == printed  # the same slip, byte for byte


def test_the_screens_slip_sink(small: Small, tmp_path: Path) -> None:
    """``KioskApp`` hands the session's PrintSlip effect to the desk."""
    device = tmp_path / "lp0"
    desk = desk_for(small, PrinterSettings(type="file", device_file=device), tmp_path)
    patron, results = borrow(small, "S0000001", "10000003")
    assert desk.print_slip(PrintSlip(patron, tuple(results)), "en") is True
    text = desk.archive.last().txt.read_text(encoding="utf-8")
    assert "Loan receipt" in text
    assert "due Wed 2026-12-09" in text


def test_class_session_summary_slip(small: Small, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    desk = desk_for(small, PrinterSettings(type="file", device_file=device), tmp_path)
    _, results = borrow(small, "S0000001", "10000003")
    _, more = borrow(small, "S0000002", "10000001")
    roster = tuple(small.service.roster("初二(3)班"))
    request = PrintSlip(None, tuple(results + more), "初二(3)班", roster)
    assert desk.print_slip(request, "zh-CN") is True
    text = desk.archive.last().txt.read_text(encoding="utf-8")
    assert "班级借阅汇总" in text
    assert "初二(3)班 学生 3 人" in text  # the class's active students
    assert "本次借出 2 本，归还 0 本。" in text
    for line in ("1. 李明", "2. 王芳", "3. 陈静"):
        assert line in text
    assert text.count("本次借") == 3  # two new loans and the session line
    assert parse(device.read_bytes()).pictures


def test_no_printer_is_not_a_failure_for_the_screens(
    small: Small, tmp_path: Path
) -> None:
    # Regression: with type = "none" the demo showed "the slip did not print".
    desk = desk_for(small, PrinterSettings(type="none"), tmp_path)
    patron, results = borrow(small, "S0000001", "10000003")
    assert desk.print_slip(PrintSlip(patron, tuple(results)), "zh-CN") is None
    assert desk.archive.last() is not None
