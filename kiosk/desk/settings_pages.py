"""Settings (librarian only): loan rules, the school calendar, accounts, the PIN.

A rule or calendar change takes effect on the next loan; due dates already
given stay. Each page shows the effect: the due date of a loan made today.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from kiosk.circulation.calendar import LibraryCalendar
from kiosk.circulation.model import Event, LoanRule, PatronType
from kiosk.db import accounts, rules
from kiosk.db.accounts import AccountError, Role
from kiosk.db.rules import RuleError
from kiosk.desk.auth import LIBRARIAN, allowed, staff_name, t, user
from kiosk.desk.context import desk
from kiosk.desk.forms import Form, grade_name

bp = Blueprint("settings", __name__, url_prefix="/settings")

MONTHS_SHOWN = 6


@bp.route("/")
@allowed(*LIBRARIAN)
def index() -> Any:
    """Settings open on the loan rules."""
    return redirect(url_for("settings.loan_rules"))


# -- loan rules ---------------------------------------------------------------------


@dataclass(frozen=True)
class RuleLine:
    """A rule as the page lists it, with the due date of a loan made today."""

    rule: LoanRule
    due: dt.date


def _rule_lines() -> list[RuleLine]:
    service = desk().circulation
    return [
        RuleLine(rule, service.preview_due(rule.patron_type, rule.grade))
        for rule in rules.list_rules(desk().database)
    ]


@bp.route("/rules", methods=["GET", "POST"])
@allowed(*LIBRARIAN)
def loan_rules() -> Any:
    """Loan rules per patron type and grade: limit, days, renewals."""
    form = Form(request.form)
    if request.method == "POST":
        rule = _rule_from(form)
        if rule is not None:
            try:
                rules.save_rule(
                    desk().database,
                    rule,
                    at=desk().clock.now(),
                    staff=staff_name(),
                )
            except RuleError as e:
                form.fail(e.field, t(e.code.value, **e.params))
            else:
                flash(t("rule_saved_note"), "info")
                return redirect(url_for("settings.loan_rules"))
    status = 400 if form.errors else 200
    return render_template(
        "settings/rules.html",
        lines=_rule_lines(),
        form=form,
        types=list(PatronType),
        grade_name=grade_name,
    ), status


def _rule_from(form: Form) -> LoanRule | None:
    patron_type = form.choice("patron_type", [p.value for p in PatronType])
    grade = form.integer("grade", required=False)
    max_items = form.integer("max_items")
    loan_days = form.integer("loan_days")
    max_renewals = form.integer("max_renewals")
    renewal_days = form.integer("renewal_days", required=False)
    if form.errors:
        return None
    return LoanRule(
        PatronType(patron_type),
        loan_days,  # type: ignore[arg-type]
        max_items,  # type: ignore[arg-type]
        max_renewals,  # type: ignore[arg-type]
        grade,
        renewal_days,
    )


@bp.route("/rules/delete", methods=["POST"])
@allowed(*LIBRARIAN)
def delete_rule() -> Any:
    """Remove one grade's rule: the grade follows its type's rule again."""
    form = Form(request.form)
    patron_type = form.choice("patron_type", [p.value for p in PatronType])
    grade = form.integer("grade", required=False)
    if not form.errors:
        try:
            rules.delete_rule(
                desk().database,
                PatronType(patron_type),
                grade,
                at=desk().clock.now(),
                staff=staff_name(),
            )
            flash(t("rule_deleted_note"), "info")
        except RuleError as e:
            flash(t(e.code.value, **e.params), "error")
    return redirect(url_for("settings.loan_rules"))


# -- the school calendar -------------------------------------------------------------


@bp.route("/calendar", methods=["GET", "POST"])
@allowed(*LIBRARIAN)
def school_calendar() -> Any:
    """Holidays and vacations as date ranges, on a month calendar."""
    form = Form(request.form)
    if request.method == "POST":
        start = form.date("start")
        end = form.date("end")
        reason = form.text("reason", limit=rules.REASON_MAX)
        if not form.errors:
            try:
                rules.add_closed_period(
                    desk().database,
                    start,  # type: ignore[arg-type]
                    end,  # type: ignore[arg-type]
                    reason,
                    at=desk().clock.now(),
                    staff=staff_name(),
                )
            except RuleError as e:
                form.fail(e.field, t(e.code.value, **e.params))
            else:
                flash(t("period_saved_note"), "info")
                return redirect(url_for("settings.school_calendar"))
    return _calendar_page(form), 400 if form.errors else 200


@bp.route("/calendar/<int:period_id>/delete", methods=["POST"])
@allowed(*LIBRARIAN)
def delete_period(period_id: int) -> Any:
    """Open the library again on a closed period's days."""
    try:
        rules.delete_closed_period(
            desk().database, period_id, at=desk().clock.now(), staff=staff_name()
        )
        flash(t("period_deleted_note"), "info")
    except RuleError as e:
        flash(t(e.code.value, **e.params), "error")
    return redirect(url_for("settings.school_calendar"))


def _calendar_page(form: Form) -> str:
    context = desk()
    periods = rules.list_closed_periods(context.database)
    circ = context.settings.circulation
    library_calendar = LibraryCalendar.build(
        frozenset(circ.closed_weekdays), [p.period for p in periods], circ.term_end
    )
    today = context.clock.today()
    return render_template(
        "settings/calendar.html",
        periods=periods,
        form=form,
        months=_months(today, library_calendar, periods),
        lines=_rule_lines(),
        term_end=circ.term_end,
        closed_weekdays=circ.closed_weekdays,
        today=today,
        grade_name=grade_name,
    )


@dataclass(frozen=True)
class Day:
    """One cell of the month calendar."""

    date: dt.date | None
    open: bool = True
    holiday: bool = False


def _months(
    today: dt.date, library_calendar: LibraryCalendar, periods: list[Any]
) -> list[tuple[str, list[list[Day]]]]:
    months = []
    year, month = today.year, today.month
    for _ in range(MONTHS_SHOWN):
        weeks = []
        for week in calendar.Calendar().monthdatescalendar(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append(Day(None))
                    continue
                holiday = any(p.start <= day <= p.end for p in periods)
                row.append(Day(day, library_calendar.is_open(day), holiday))
            weeks.append(row)
        months.append((f"{year}-{month:02d}", weeks))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# -- staff accounts and the kiosks' PIN -------------------------------------------


@bp.route("/accounts", methods=["GET", "POST"])
@allowed(*LIBRARIAN)
def staff_accounts() -> Any:
    """The desk's accounts: add one, change a role, disable, reset a password."""
    form = Form(request.form)
    if request.method == "POST":
        _account_action(form)
        if not form.errors:
            return redirect(url_for("settings.staff_accounts"))
    return render_template(
        "settings/accounts.html",
        accounts=accounts.list_accounts(desk().database),
        form=form,
        roles=list(Role),
        me=user(),
        pin_file=_pin_file(),
    ), 400 if form.errors else 200


def _account_action(form: Form) -> None:
    action = form.choice("action", ["add", "role", "disable", "enable", "password"])
    name = form.text("name", limit=accounts.NAME_MAX)
    if form.errors:
        return
    database, now, staff = desk().database, desk().clock.now(), staff_name()
    try:
        if action == "add":
            role = form.choice("role", [r.value for r in Role])
            password = _new_password(form)
            if form.errors:
                return
            accounts.add_account(database, name, role, password, at=now, staff=staff)
        elif action == "role":
            role = form.choice("role", [r.value for r in Role])
            if not form.errors:
                accounts.set_role(database, name, role, at=now, staff=staff)
        elif action == "password":
            password = _new_password(form)
            if not form.errors:
                accounts.set_password(database, name, password, at=now, staff=staff)
        else:
            accounts.set_active(database, name, action == "enable", at=now, staff=staff)
    except AccountError as e:
        form.fail(e.field, t(e.problem.value))
        return
    if not form.errors:
        flash(t("account_saved_note", name=name), "info")


def _new_password(form: Form) -> str:
    password = form.raw("password")
    if len(password) < accounts.MIN_PASSWORD:
        form.fail("password", t("account_password_short"))
    elif password != form.raw("password2"):
        form.fail("password2", t("account_password_differs"))
    return password


def _pin_file() -> Any:
    """The kiosks' state file (PIN) when the library is a SQLite file here."""
    from kiosk.state import state_path

    context = desk()
    if context.settings.database.url and not context.demo:
        return None
    database = (
        context.settings.demo.database
        if context.demo
        else context.settings.database.path
    )
    return state_path(database)


@bp.route("/pin", methods=["POST"])
@allowed(*LIBRARIAN)
def reset_pin() -> Any:
    """Set the kiosks' staff PIN (kept only as a scrypt hash)."""
    from kiosk.staff import hash_pin
    from kiosk.state import update_state

    form = Form(request.form)
    pin = form.raw("pin")
    path = _pin_file()
    if path is None:
        form.fail("pin", t("pin_not_here"))
    elif not (pin.isdigit() and 4 <= len(pin) <= 12):
        form.fail("pin", t("pin_bad"))
    elif pin != form.raw("pin2"):
        form.fail("pin2", t("pin_differs"))
    if form.errors:
        return render_template(
            "settings/accounts.html",
            accounts=accounts.list_accounts(desk().database),
            form=form,
            roles=list(Role),
            me=user(),
            pin_file=path,
        ), 400
    update_state(path, pin_hash=hash_pin(pin))
    desk().circulation.record(
        Event(
            at=desk().clock.now(),
            kiosk="desk",
            action="pin_reset",
            outcome="DONE",
            patron_id=None,
            item_id=None,
            scan="",
            staff=staff_name(),
        )
    )
    flash(t("pin_saved_note"), "info")
    return redirect(url_for("settings.staff_accounts"))
