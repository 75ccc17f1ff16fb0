"""Printing through python-escpos's own printers: Dummy, File, Network, Usb.

No mock of escpos: the bytes each real printer class produces are decoded
back (GS v 0 raster into a picture, FS & ... FS . into GB18030 text) and
compared with what was archived.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from escpos.printer import Dummy, File
from PIL import Image, ImageChops

from kiosk.config import PrinterSettings, config_path, load_config
from kiosk.errors import PrinterError, PrinterProblem
from receipts.archive import SlipArchive
from receipts.escpos_printer import (
    EscposSlipPrinter,
    NullSlipPrinter,
    make_printer,
    open_printer,
)
from receipts.render import PAPERS, RenderedSlip, render
from tests.receipts.escpos_stream import parse
from tests.receipts.fake_printer import (
    DLE_EOT_ONLINE,
    DLE_EOT_PAPER,
    Behaviour,
    FakeNetworkPrinter,
)
from tests.receipts.samples import session_slip
from tests.receipts.test_render import twenty_items


def same_pixels(a, b) -> bool:
    return (
        a.size == b.size
        and ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None
    )


def job_bytes(slip: RenderedSlip, **kwargs) -> bytes:
    dummy = Dummy()
    EscposSlipPrinter(dummy, slip.paper, **kwargs).print_slip(slip)
    return dummy.output


@pytest.fixture
def network() -> Iterator[list[FakeNetworkPrinter]]:
    servers: list[FakeNetworkPrinter] = []
    yield servers
    for server in servers:
        server.close()


def network_settings(port: int, **kwargs) -> PrinterSettings:
    values = {"type": "network", "host": "127.0.0.1", "port": port}
    return PrinterSettings(**{**values, "timeout_seconds": 5.0, **kwargs})


@pytest.mark.parametrize("mm", [58, 80])
def test_dummy_raster_decodes_to_the_archived_png(mm: int, tmp_path: Path) -> None:
    rendered = render(session_slip(), PAPERS[mm])
    archived = SlipArchive(tmp_path).save(rendered)
    stream = parse(job_bytes(rendered))
    assert stream.commands[0] == "init"
    assert stream.commands[-2:] == ["feed 6", "cut"]
    assert all(c.startswith("raster") for c in stream.commands[1:-2])
    assert stream.chinese == []  # raster mode sends no text at all
    with Image.open(archived.png) as png:
        assert same_pixels(stream.picture(), png)


def test_a_long_slip_goes_in_fragments_that_stack_up_exactly(tmp_path: Path) -> None:
    rendered = render(twenty_items(), PAPERS[58])
    stream = parse(job_bytes(rendered))
    assert len(stream.pictures) >= 6
    assert all(p.height <= 256 for p in stream.pictures)
    assert same_pixels(stream.picture(), rendered.image)


def test_the_printed_qr_code_reads_back_as_the_transaction() -> None:
    rendered = render(session_slip(), PAPERS[58])
    paper = parse(job_bytes(rendered)).picture().convert("L")
    codes = zxingcpp.read_barcodes(np.asarray(paper))
    assert [c.text for c in codes if c.format.name == "QRCode"] == [
        "kiosk-1-20261125-100530-16"
    ]


def test_gb18030_text_mode_sends_the_slip_text_in_its_own_encoding() -> None:
    rendered = render(session_slip(), PAPERS[58])
    stream = parse(job_bytes(rendered, mode="gb18030"))
    assert stream.commands[:2] == ["init", "chinese"]
    assert stream.commands[-3:] == ["chinese", "feed 6", "cut"]
    text = b"".join(stream.chinese).decode("gb18030")
    assert text == rendered.text
    raw = b"".join(stream.chinese)
    for mark in "《》：，（）":  # full-width punctuation arrives as GB18030, intact
        assert mark.encode("gb18030") in raw
    assert b"?" not in raw  # nothing was replaced for want of an encoding
    # only the QR code goes as a picture, between the two halves of the text
    assert len(stream.pictures) == 1
    codes = zxingcpp.read_barcodes(np.asarray(stream.picture().convert("L")))
    assert [c.text for c in codes] == [rendered.transaction]


def test_file_printer_writes_the_same_bytes(tmp_path: Path) -> None:
    rendered = render(session_slip(), PAPERS[80])
    device = tmp_path / "lp0"
    EscposSlipPrinter(File(str(device)), PAPERS[80]).print_slip(rendered)
    assert device.read_bytes() == job_bytes(rendered)


def test_file_printer_from_settings(tmp_path: Path) -> None:
    rendered = render(session_slip(), PAPERS[58])
    settings = PrinterSettings(type="file", device_file=tmp_path / "lp0")
    printer = open_printer(settings)
    printer.print_slip(rendered)
    # a device file cannot answer status queries, so none are written to it
    assert (tmp_path / "lp0").read_bytes() == job_bytes(rendered)


def test_missing_device_file_is_one_clear_error(tmp_path: Path) -> None:
    settings = PrinterSettings(type="file", device_file=tmp_path / "no" / "lp0")
    with pytest.raises(PrinterError) as err:
        open_printer(settings)
    assert err.value.problem is PrinterProblem.NOT_FOUND
    assert str(err.value).startswith(f"file printer {tmp_path}/no/lp0: opening failed")
    assert "\n" not in str(err.value)


def test_absent_usb_printer_is_one_clear_error() -> None:
    settings = PrinterSettings(
        type="usb", usb_vendor_id=0x0416, usb_product_id=0x5011, timeout_seconds=1
    )
    printer = make_printer(settings)  # building touches no device
    with pytest.raises(PrinterError) as err:
        printer.check()
    message = str(err.value)
    assert message.startswith("usb printer 0416:5011: opening failed: ")
    assert "\n" not in message
    assert "Traceback" not in message
    # without libusb pyusb has no backend; with it, no such device is plugged in
    assert err.value.problem in (PrinterProblem.NO_DRIVER, PrinterProblem.NOT_FOUND)
    if err.value.problem is PrinterProblem.NO_DRIVER:
        assert "libusb" in message


def test_none_prints_nothing() -> None:
    printer = make_printer(PrinterSettings(type="none"))
    assert isinstance(printer, NullSlipPrinter)
    assert not printer.present
    printer.check()
    printer.print_slip(render(session_slip(), PAPERS[58]))


def test_network_printer_receives_the_job(network) -> None:
    server = FakeNetworkPrinter()
    network.append(server)
    rendered = render(session_slip(), PAPERS[58])
    printer = make_printer(network_settings(server.port))
    printer.print_slip(rendered)
    [received] = server.wait_jobs(1)
    # asked online? paper? then the slip, then paper again (ran out mid-slip?)
    expected = DLE_EOT_ONLINE + DLE_EOT_PAPER + job_bytes(rendered) + DLE_EOT_PAPER
    assert received == expected
    assert same_pixels(parse(received).picture(), rendered.image)


def test_network_printer_without_status_checks(network) -> None:
    server = FakeNetworkPrinter()
    network.append(server)
    rendered = render(session_slip(), PAPERS[80])
    settings = network_settings(server.port, check_status=False, paper_width_mm=80)
    make_printer(settings).print_slip(rendered)
    assert server.wait_jobs(1) == [job_bytes(rendered)]


@pytest.mark.parametrize(
    ("behaviour", "problem"),
    [
        (Behaviour(paper=0x72), PrinterProblem.PAPER_OUT),
        (Behaviour(online=0x1A), PrinterProblem.OFFLINE),
    ],
)
def test_printer_status_stops_the_slip_before_it_starts(
    network, behaviour: Behaviour, problem: PrinterProblem
) -> None:
    server = FakeNetworkPrinter(behaviour)
    network.append(server)
    printer = make_printer(network_settings(server.port))
    with pytest.raises(PrinterError) as err:
        printer.print_slip(render(session_slip(), PAPERS[58]))
    assert err.value.problem is problem
    [received] = server.wait_jobs(1)
    assert b"\x1dv0" not in received  # not a dot was printed


def test_a_printer_that_does_not_answer_status_still_prints(network) -> None:
    server = FakeNetworkPrinter(Behaviour(answer_status=False))
    network.append(server)
    rendered = render(session_slip(), PAPERS[58])
    make_printer(network_settings(server.port, timeout_seconds=0.2)).print_slip(
        rendered
    )
    [received] = server.wait_jobs(1)
    assert job_bytes(rendered) in received


def test_a_printer_that_jams_mid_slip_times_out(network) -> None:
    # It answers the status queries, takes 1000 bytes of the slip, then stops
    # reading: the rest waits in socket buffers or blocks the sender, and the
    # status query after the slip goes unanswered.
    server = FakeNetworkPrinter(Behaviour(stall_after=1000), rcvbuf=4096)
    network.append(server)
    settings = network_settings(server.port, timeout_seconds=0.3)
    with pytest.raises(PrinterError) as err:
        make_printer(settings).print_slip(render(twenty_items(), PAPERS[58]))
    assert err.value.problem is PrinterProblem.TIMEOUT
    assert "\n" not in str(err.value)


def test_nobody_listening_is_printer_not_found(network) -> None:
    server = FakeNetworkPrinter()
    port = server.port
    server.close()  # the port is now closed: connection refused
    with pytest.raises(PrinterError) as err:
        open_printer(network_settings(port, timeout_seconds=1))
    assert err.value.problem is PrinterProblem.NOT_FOUND
    assert str(err.value).startswith(f"network printer 127.0.0.1:{port}: opening")
    assert "\n" not in str(err.value)


@pytest.mark.hardware
@pytest.mark.skipif(
    os.environ.get("KIOSK_HARDWARE") != "1",
    reason="needs the printer configured in KIOSK_CONFIG; KIOSK_HARDWARE=1",
)
def test_real_printer_prints_both_modes() -> None:
    settings = load_config(config_path(None)).printer
    open_printer(settings)  # there, online, with paper
    paper = PAPERS[settings.paper_width_mm]
    for mode in ("raster", "gb18030"):
        printer = make_printer(dataclasses.replace(settings, mode=mode))
        printer.print_slip(render(session_slip(), paper))
