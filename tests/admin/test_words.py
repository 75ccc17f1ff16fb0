from kiosk.i18n.admin import ADMIN


def test_admin_catalogues_have_the_same_keys() -> None:
    assert ADMIN["zh-CN"].keys() == ADMIN["en"].keys()
    assert all(ADMIN["zh-CN"].values())
    assert all(ADMIN["en"].values())
