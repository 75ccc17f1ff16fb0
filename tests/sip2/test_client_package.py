"""A SIP2 client we did not write (the ``Sip2`` package) against the server."""

from __future__ import annotations

import logging

from Sip2.sip2 import Sip2

from kiosk.db import models as db
from tests.sip2.helpers import Running

PUPIL = "S2602016"


def client_for(sip2: Running, *, checked: bool) -> Sip2:
    client = Sip2()
    client.log = logging.getLogger("sip2-client")  # not its sip2.log in the CWD
    client.hostName = "127.0.0.1"
    client.hostPort = sip2.server.port
    client.tlsEnable = False
    client.withCrc = checked
    client.withSeq = checked
    client.institutionId = "kiosk-1"
    client.socketTimeout = 10
    assert client.connect()
    return client


def test_a_session_through_the_sip2_package(sip2: Running) -> None:
    books = sip2.demo.shelf(2)
    for checked in (False, True):  # without error detection, then with it
        client = client_for(sip2, checked=checked)
        try:
            login = client.sip_login_response(
                client.get_response(client.sip_login_request("sc1", "sc1-password"))
            )
            assert login["fixed"]["Ok"] == "1"
            client.patron = PUPIL
            info = client.sip_patron_information_response(
                client.get_response(client.sip_patron_information_request("charged"))
            )
            assert info["fixed"]["ChargedItemsCount"] == "0000", client.last_response
            assert info["variable"]["BL"] == ["Y"]
            if not checked:
                continue
            for book in books:
                out = client.sip_checkout_response(
                    client.get_response(client.sip_checkout_request(book))
                )
                assert out["fixed"]["Ok"] == "1", out
                assert out["variable"]["AH"] == ["20261209    235959"]
            sip2.clock.advance(days=7)
            renewed = client.sip_renew_response(
                client.get_response(client.sip_renew_request(itemIdentifier=books[0]))
            )
            assert renewed["fixed"]["Ok"] == "1", renewed
            assert renewed["variable"]["AH"] == ["20261216    235959"]
            back = client.sip_checkin_response(
                client.get_response(client.sip_checkin_request(books[1]))
            )
            assert back["fixed"]["Ok"] == "1", back
            charged = client.sip_patron_information_response(
                client.get_response(client.sip_patron_information_request("charged"))
            )
            assert charged["fixed"]["ChargedItemsCount"] == "0001"
            assert charged["variable"]["AU"] == [books[0]]
            ended = client.sip_end_patron_session_response(
                client.get_response(client.sip_end_patron_session_request())
            )
            assert ended["fixed"]["EndSession"] == "Y"
        finally:
            client.disconnect()
    loans = db.Loan.select().where(db.Loan.kiosk == "sip2-demo")
    assert sorted((ln.item.barcode, ln.returned_at is None) for ln in loans) == [
        (books[0], True),
        (books[1], False),
    ]
