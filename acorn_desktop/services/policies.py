"""Marketplace policies (站点政策) and holiday calendars: seeding, deadlines for intake, versioned edits, imports.

* :func:`seed_defaults` (run by ``ensure_reference_data`` on every open) inserts version 1 of every default
  clock (:data:`~acorn_desktop.domain.policy.DEFAULT_POLICIES`) that has no row yet, and the bundled public
  holidays (``resources/calendars/holidays.json``) of every marketplace-year that has none yet. Idempotent,
  safe for two desktops at once (``INSERT … ON CONFLICT DO NOTHING``), and never undoes an edit or an import.
* :func:`deadline_for` gives intake a new case's deadline **and** the ``policy_id`` of the row version it was
  computed with. All rows and holidays are read once per session (cached in ``session.info``), so a bulk
  intake of 100k events costs two queries, not one per event.
* Versions: an edit adds version N+1 and stamps the old row's ``superseded_at`` (when it was replaced). Which
  version is *in force* at an instant is decided by ``effective_from`` (see
  :class:`~acorn_desktop.domain.policy.PolicyTable`). A case keeps the ``policy_id`` it was computed with:
  editing a row never moves existing cases' deadlines.
* Holiday imports (JSON in the bundled format, or CSV ``marketplace,date,name,source``) are all-or-nothing;
  the file is authoritative for every (marketplace, year) it lists: that year's stored days are replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.cases import CaseKind
from ..domain.csv_text import csv_rows
from ..domain.deadlines import default_deadline
from ..domain.marketplaces import MARKETPLACES
from ..domain.marketplaces import marketplace as marketplace_info
from ..domain.policy import (
    CASE_KIND_EVENT,
    DEFAULT_POLICIES,
    MAX_BUSINESS_DAYS,
    MAX_HOURS,
    PolicyEvent,
    PolicyTable,
    PolicyVersion,
    clock_text,
)
from ..errors import AcornError, InputError
from ..models import Holiday, MarketplacePolicy, User
from ..models.base import utcnow
from ..paths import resource
from ..storage.upsert import insert_ignoring_duplicates
from . import audit
from .changes import ActorLike, as_actor
from .permissions import Permission, permissions_of, require

log = logging.getLogger(__name__)

HOLIDAY_FILE_FORMAT = "acorn-holidays/1"
SOURCE_MAX_CHARS = 500  # MarketplacePolicy.source
HOLIDAY_NAME_MAX_CHARS = 80  # Holiday.name
HOLIDAY_SOURCE_MAX_CHARS = 300  # Holiday.source
HOLIDAY_YEARS = range(1990, 2101)
ERRORS_SHOWN = 20
_CACHE_KEY = "acorn.policy_table"


def bundled_holidays_path() -> Path:
    return resource("calendars", "holidays.json")


class StalePolicyError(AcornError):
    """The policy row was changed by someone else since it was shown."""

    exit_code = 5


# -- what callers get --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PolicyRowInfo:
    """One stored policy row (a version of a marketplace × event clock)."""

    id: int
    marketplace: str
    event_kind: str
    hours: int
    business_days: int
    source: str
    effective_from: datetime
    version: int
    superseded_at: datetime | None = None
    created_by: str | None = None  # display name of the editor; None for the seeded defaults

    @property
    def event(self) -> PolicyEvent | None:
        try:
            return PolicyEvent(self.event_kind)
        except ValueError:
            return None

    def event_label(self, lang: str = "zh_CN") -> str:
        event = self.event
        return event.label(lang) if event is not None else self.event_kind

    def clock(self, lang: str = "zh_CN") -> str:
        return clock_text(self.hours, self.business_days, lang)


@dataclass(frozen=True, slots=True)
class HolidayEntry:
    marketplace: str
    day: date
    name: str
    source: str
    line: int  # where it stood in the file (1-based)


@dataclass(frozen=True, slots=True)
class HolidayImportResult:
    file: str
    rows: int
    marketplaces: tuple[str, ...]
    years: tuple[int, ...]
    added: int
    removed: int


@dataclass(frozen=True, slots=True)
class HolidayRow:
    marketplace: str
    day: date
    name: str
    source: str | None


# -- seeding -----------------------------------------------------------------------------------------------------
def seed_defaults(session: Session, holidays_path: Path | None = None) -> None:
    """Version 1 of each default clock without any row, and the bundled holidays of unseeded marketplace-years."""
    session.flush()  # the marketplaces the caller may just have added (foreign keys)
    seed_policies(session)
    path = holidays_path or bundled_holidays_path()
    try:
        entries = parse_holiday_file(path)
    except (InputError, OSError) as exc:  # a broken bundle must not stop the store from opening
        log.error("bundled holidays not loaded from %s: %s", path, exc)
        return
    seed_holidays(session, entries)


def seed_policies(session: Session) -> int:
    have = set(session.execute(sa.select(MarketplacePolicy.marketplace_code, MarketplacePolicy.event_kind)))
    rows = [
        {"marketplace_code": p.marketplace, "event_kind": p.event.value, "hours": p.hours,
         "business_days": p.business_days, "source": p.source, "effective_from": p.effective_from, "version": 1}
        for p in DEFAULT_POLICIES
        if (p.marketplace, p.event.value) not in have
    ]  # fmt: skip
    insert_ignoring_duplicates(
        session.connection(), MarketplacePolicy.__table__, rows, ["marketplace_code", "event_kind", "version"]
    )
    _forget_table(session)
    return len(rows)


def seed_holidays(session: Session, entries: Iterable[HolidayEntry]) -> int:
    """Insert the entries of every (marketplace, year) that has no stored holiday at all (imports win)."""
    seeded = {(code, day.year) for code, day in session.execute(sa.select(Holiday.marketplace_code, Holiday.day))}
    rows = [
        {"marketplace_code": e.marketplace, "day": e.day, "name": e.name, "source": e.source}
        for e in entries
        if (e.marketplace, e.day.year) not in seeded
    ]
    insert_ignoring_duplicates(session.connection(), Holiday.__table__, rows, ["marketplace_code", "day"])
    _forget_table(session)
    return len(rows)


# -- deadlines ---------------------------------------------------------------------------------------------------
def policy_table(session: Session) -> PolicyTable:
    """Every policy version and holiday, read once per session (two queries) and kept in ``session.info``."""
    table = session.info.get(_CACHE_KEY)
    if table is None:
        p = MarketplacePolicy
        versions = [
            PolicyVersion(*row)
            for row in session.execute(
                sa.select(p.id, p.marketplace_code, p.event_kind, p.hours, p.business_days, p.effective_from,
                          p.version)
            )
        ]  # fmt: skip
        holidays: dict[str, list[date]] = {}
        for code, day in session.execute(sa.select(Holiday.marketplace_code, Holiday.day)):
            holidays.setdefault(code, []).append(day)
        table = session.info[_CACHE_KEY] = PolicyTable(versions, holidays)
    return table


def _forget_table(session: Session) -> None:
    session.info.pop(_CACHE_KEY, None)


def current_row(session: Session, marketplace: str, event_kind: str, at: datetime) -> MarketplacePolicy | None:
    """The row version in force at ``at`` for ``marketplace`` × ``event_kind`` (None: no such clock)."""
    version = policy_table(session).version_at(marketplace, event_kind, at)
    return None if version is None else session.get(MarketplacePolicy, version.id)


def deadline_for_event(
    session: Session, event_kind: str, marketplace: str, start: datetime
) -> tuple[datetime, int] | None:
    """(deadline, policy_id) of the clock ``event_kind`` started at ``start``; None when the marketplace has none."""
    try:
        found = policy_table(session).deadline(event_kind, marketplace, start)
    except KeyError:  # a marketplace code the app does not know
        return None
    return None if found is None else (found[0], found[1].id)


def deadline_for(
    session: Session, case_kind: CaseKind, marketplace: str, opened_at: datetime
) -> tuple[datetime, int | None]:
    """(deadline, policy_id) for a new case: its kind's clock (``CASE_KIND_EVENT``) on its marketplace.

    Falls back to the interim per-kind default (``domain.deadlines``, policy_id None) if the store has no row.
    """
    found = deadline_for_event(session, CASE_KIND_EVENT[CaseKind(case_kind)], marketplace, opened_at)
    return found if found is not None else (default_deadline(CaseKind(case_kind), opened_at), None)


# -- holiday files -----------------------------------------------------------------------------------------------
def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1


class _Problems:
    """Per-line problems of one file; raised together, so one import shows everything to fix."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[tuple[int, str, str]] = []

    def add(self, line: int, zh: str, en: str) -> None:
        self.items.append((line, zh, en))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = sorted(self.items)[:ERRORS_SHOWN]
        more = len(self.items) - len(shown)
        zh_lines = [f"第 {line} 行:{zh}" for line, zh, _ in shown]
        en_lines = [f"line {line}: {en}" for line, _, en in shown]
        if more:
            zh_lines.append(f"……另有 {more} 处错误")
            en_lines.append(f"… and {more} more")
        raise InputError(
            f"节假日文件 {self.name} 有 {len(self.items)} 处错误,未导入任何内容:\n" + "\n".join(zh_lines),
            f"The holiday file {self.name} has {len(self.items)} error(s); nothing was imported:\n"
            + "\n".join(en_lines),
            hint_zh="请按提示改正这些行,然后重新导入整个文件。",
            hint_en="Correct these lines as described, then import the whole file again.",
        )


def _file_error(name: str, zh: str, en: str) -> InputError:
    return InputError(
        f"无法导入节假日文件 {name}:{zh}",
        f"Cannot import the holiday file {name}: {en}",
        hint_zh="支持 .json(与内置 holidays.json 相同的格式)或 .csv(列:marketplace,date,name,source)。",
        hint_en="Use .json (the format of the bundled holidays.json) or .csv (columns marketplace,date,name,source).",
    )


def parse_holiday_file(path: Path | str) -> list[HolidayEntry]:
    """Read and check a holiday file; every problem is reported with its line, nothing is half-read."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _file_error(path.name, "文件不存在。", "the file does not exist.") from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise _file_error(path.name, f"无法读取({reason})。", f"cannot read it ({reason}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(path.name, "不是 UTF-8 编码。", "it is not UTF-8 encoded.") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _parse_json(path.name, text)
    if suffix == ".csv":
        return _parse_csv(path.name, text)
    raise _file_error(path.name, "文件类型必须是 .json 或 .csv。", "the file must end in .json or .csv.")


class _EntryChecker:
    """The checks shared by the JSON and CSV readers."""

    def __init__(self, problems: _Problems) -> None:
        self.problems = problems
        self.seen: dict[tuple[str, date], int] = {}
        self.entries: list[HolidayEntry] = []

    def code(self, raw, line: int) -> str | None:
        try:
            return marketplace_info(str(raw)).code
        except KeyError:
            known = "、".join(MARKETPLACES)
            self.problems.add(line, f"未知站点代码「{raw}」,可用:{known}。",
                              f"unknown marketplace code '{raw}'; use one of {', '.join(MARKETPLACES)}.")  # fmt: skip
            return None

    def add(self, code: str | None, raw_day, raw_name, raw_source, line: int) -> None:
        day = None
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(str(raw_day).strip()) if raw_day is not None else None
        if day is None or len(str(raw_day).strip()) != 10:
            self.problems.add(
                line,
                f"日期「{raw_day}」无效,请写成 YYYY-MM-DD(例如 2026-12-25)。",
                f"the date '{raw_day}' is not valid; write it as YYYY-MM-DD (e.g. 2026-12-25).",
            )
            day = None  # fmt: skip
        elif day.year not in HOLIDAY_YEARS:
            self.problems.add(
                line,
                f"年份 {day.year} 超出范围(1990–2100),请检查日期。",
                f"the year {day.year} is out of range (1990–2100); check the date.",
            )
            day = None  # fmt: skip
        name = str(raw_name).strip() if raw_name is not None else ""
        if not name or len(name) > HOLIDAY_NAME_MAX_CHARS:
            self.problems.add(line, f"请填写节日名称(1–{HOLIDAY_NAME_MAX_CHARS} 个字符)。",
                              f"give the holiday's name (1–{HOLIDAY_NAME_MAX_CHARS} characters).")  # fmt: skip
        source = str(raw_source).strip() if raw_source is not None else ""
        if not source or len(source) > HOLIDAY_SOURCE_MAX_CHARS:
            self.problems.add(line, f"请填写来源(官方公告或网址,最多 {HOLIDAY_SOURCE_MAX_CHARS} 个字符)。",
                              f"give the source (official notice or address, at most {HOLIDAY_SOURCE_MAX_CHARS} "
                              "characters).")  # fmt: skip
        if code is None or day is None:
            return
        first = self.seen.get((code, day))
        if first is not None:
            self.problems.add(
                line,
                f"{code} {day} 重复出现(第 {first} 行已有),请删除其中一行。",
                f"{code} {day} appears twice (already on line {first}); remove one of them.",
            )
            return  # fmt: skip
        self.seen[(code, day)] = line
        self.entries.append(HolidayEntry(code, day, name[:HOLIDAY_NAME_MAX_CHARS], source, line))


def _parse_json(name: str, text: str) -> list[HolidayEntry]:
    problems = _Problems(name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(exc.lineno, f"JSON 格式错误({exc.msg}),请检查该行的引号、逗号和括号。",
                     f"invalid JSON ({exc.msg}); check the quotes, commas and brackets on that line.")  # fmt: skip
        problems.raise_if_any()
    markets = data.get("marketplaces") if isinstance(data, dict) else None
    if not isinstance(markets, dict) or not markets:
        problems.add(1, "缺少 \"marketplaces\" 对象(站点代码 → {source, holidays})。",
                     'the "marketplaces" object (marketplace code → {source, holidays}) is missing.')  # fmt: skip
        problems.raise_if_any()
    checker = _EntryChecker(problems)
    cursor = 0
    for raw_code, block in markets.items():
        key_at = text.find(json.dumps(raw_code, ensure_ascii=False), cursor)
        cursor = max(cursor, key_at)
        key_line = _line_of(text, key_at)
        code = checker.code(raw_code, key_line)
        if not isinstance(block, dict) or not isinstance(block.get("holidays"), list):
            problems.add(key_line, f"站点 {raw_code} 需要 \"source\" 和 \"holidays\" 列表。",
                         f'marketplace {raw_code} needs a "source" and a "holidays" list.')  # fmt: skip
            continue
        source = block.get("source")
        for item in block["holidays"]:
            item = item if isinstance(item, dict) else {}
            needle = json.dumps(item.get("date"), ensure_ascii=False) if item.get("date") is not None else None
            found = text.find(needle, cursor) if needle else -1
            if found >= 0:
                cursor = found + len(needle)
            line = _line_of(text, found if found >= 0 else cursor)
            checker.add(code, item.get("date"), item.get("name"), item.get("source", source), line)
    problems.raise_if_any()
    return checker.entries


def _parse_csv(name: str, text: str) -> list[HolidayEntry]:
    problems = _Problems(name)
    reader = csv_rows(text, name)  # CR-only lines, huge cells: an InputError naming the line
    header = [h.strip().lower() for h in next(reader, (1, []))[1]]
    needed = ("marketplace", "date", "name", "source")
    missing = [column for column in needed if column not in header]
    if missing:
        problems.add(
            1,
            f"表头缺少列:{', '.join(missing)}。第一行应为 marketplace,date,name,source。",
            f"the header lacks {', '.join(missing)}; the first line must be marketplace,date,name,source.",
        )
        problems.raise_if_any()  # fmt: skip
    index = {column: header.index(column) for column in needed}
    checker = _EntryChecker(problems)
    for line, row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.add(
                line,
                f"只有 {len(row)} 列,应有 {len(header)} 列(含逗号的名称请加英文双引号)。",
                f"{len(row)} columns instead of {len(header)} (quote names containing commas).",
            )
            continue  # fmt: skip
        code = checker.code(row[index["marketplace"]].strip(), line)
        checker.add(code, row[index["date"]], row[index["name"]], row[index["source"]], line)
    if not checker.entries and not problems.items:
        problems.add(1, "文件里没有任何节假日。", "the file lists no holidays.")
    problems.raise_if_any()
    return checker.entries


# -- the services ------------------------------------------------------------------------------------------------
def _info(row: MarketplacePolicy, editor: str | None = None) -> PolicyRowInfo:
    return PolicyRowInfo(
        row.id, row.marketplace_code, row.event_kind, row.hours, row.business_days, row.source, row.effective_from,
        row.version, row.superseded_at, editor,
    )  # fmt: skip


def _sort_key(info: PolicyRowInfo) -> tuple:
    markets = list(MARKETPLACES)
    events = list(PolicyEvent)
    market = markets.index(info.marketplace) if info.marketplace in markets else len(markets)
    event = events.index(info.event) if info.event is not None else len(events)
    return market, event, info.event_kind, -info.version


def _select_rows() -> sa.Select:
    return sa.select(MarketplacePolicy, User.display_name).outerjoin(User, User.id == MarketplacePolicy.created_by)


def _market_code(marketplace: str) -> str:
    try:
        return marketplace_info(marketplace).code
    except KeyError:
        raise InputError(
            f"未知站点代码「{marketplace}」。",
            f"Unknown marketplace code '{marketplace}'.",
            hint_zh="可用:" + "、".join(MARKETPLACES),
            hint_en="Use one of " + ", ".join(MARKETPLACES),
        ) from None


def _policy_event(kind: str) -> PolicyEvent:
    try:
        return PolicyEvent(str(kind))
    except ValueError:
        raise InputError(
            f"未知的政策事件类型「{kind}」。",
            f"Unknown policy event kind '{kind}'.",
            hint_zh="可用:" + "、".join(e.label_zh for e in PolicyEvent),
            hint_en="Use one of " + ", ".join(e.value for e in PolicyEvent),
        ) from None


def _check_clock(code: str, event: PolicyEvent, hours, business_days, source: str, effective_from) -> str:
    where_zh = f"站点政策 {code}「{event.label_zh}」"
    where_en = f"Marketplace policy {code} '{event.label_en}'"
    if event is PolicyEvent.HOLIDAY_RETURN_EXTENSION:
        raise InputError(f"{where_zh}按年份的日期设定,不能用小时/工作日表示。",
                         f"{where_en} is set by dated periods per year, not by hours or business days.")  # fmt: skip
    if not isinstance(hours, int) or not isinstance(business_days, int) or hours < 0 or business_days < 0:
        raise InputError(
            f"{where_zh}:小时数和工作日数必须是不小于 0 的整数。",
            f"{where_en}: hours and business days must be whole numbers, 0 or more.",
            hint_zh="例如 24 小时,或 2 个工作日。",
            hint_en="E.g. 24 hours, or 2 business days.",
        )
    if hours == 0 and business_days == 0:
        raise InputError(f"{where_zh}:小时数和工作日数不能都为 0。",
                         f"{where_en}: hours and business days cannot both be 0.",
                         hint_zh="请至少填写其中一项。", hint_en="Fill in at least one of them.")  # fmt: skip
    if hours > MAX_HOURS or business_days > MAX_BUSINESS_DAYS:
        raise InputError(f"{where_zh}:时长过长(最多 {MAX_HOURS} 小时、{MAX_BUSINESS_DAYS} 个工作日)。",
                         f"{where_en}: too long (at most {MAX_HOURS} hours and {MAX_BUSINESS_DAYS} business days).",
                         hint_zh="请检查是否多输入了位数。", hint_en="Check for an extra digit.")  # fmt: skip
    source = (source or "").strip()
    if not source:
        raise InputError(f"{where_zh}:请填写来源。",
                         f"{where_en}: give the source.",
                         hint_zh="写明亚马逊帮助页面的网址或编号和日期,例如 sellercentral.amazon.de/help/…(2026-11)。",
                         hint_en="Name the Amazon help page (address or id) and its date, e.g. "
                                 "sellercentral.amazon.de/help/… (2026-11).")  # fmt: skip
    if len(source) > SOURCE_MAX_CHARS:
        raise InputError(
            f"{where_zh}:来源太长({len(source)} 字),最多 {SOURCE_MAX_CHARS} 字。",
            f"{where_en}: the source is too long ({len(source)} characters); at most {SOURCE_MAX_CHARS}.",
        )
    if not isinstance(effective_from, datetime) or effective_from.tzinfo is None:
        raise InputError(f"{where_zh}:生效时间必须带时区。", f"{where_en}: the effective time needs a time zone.")
    return source


class PolicyServices:
    """Bound to one open store. Every method is one transaction; call them on the DB worker."""

    def __init__(self, store) -> None:
        self.store = store

    # reads ---------------------------------------------------------------------------------------------------
    def can_edit(self, actor: ActorLike) -> bool:
        who = as_actor(actor)
        if who.user_id is None:
            return False
        with self.store.reader() as session:
            user = session.get(User, who.user_id)
            return bool(user and user.active and Permission.EDIT_POLICIES in permissions_of(user.role_code))

    def list_rows(self, marketplace: str | None = None) -> list[PolicyRowInfo]:
        """The newest version of every clock (one per marketplace × event), optionally of one marketplace."""
        query = _select_rows().where(MarketplacePolicy.superseded_at.is_(None))
        if marketplace:
            query = query.where(MarketplacePolicy.marketplace_code == _market_code(marketplace))
        with self.store.reader() as session:
            rows = [_info(row, name) for row, name in session.execute(query)]
        return sorted(rows, key=_sort_key)

    def history(self, marketplace: str, kind: str) -> list[PolicyRowInfo]:
        """Every version of one clock, newest first."""
        query = _select_rows().where(
            MarketplacePolicy.marketplace_code == _market_code(marketplace),
            MarketplacePolicy.event_kind == str(kind),
        )
        with self.store.reader() as session:
            rows = [_info(row, name) for row, name in session.execute(query)]
        return sorted(rows, key=lambda r: -r.version)

    def holidays(self, marketplace: str, year: int | None = None) -> list[HolidayRow]:
        query = sa.select(Holiday).where(Holiday.marketplace_code == _market_code(marketplace)).order_by(Holiday.day)
        if year is not None:
            query = query.where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))
        with self.store.reader() as session:
            return [HolidayRow(h.marketplace_code, h.day, h.name, h.source) for h in session.scalars(query)]

    # writes --------------------------------------------------------------------------------------------------
    def edit_row(
        self,
        actor: ActorLike,
        marketplace: str,
        kind: str,
        hours: int,
        business_days: int,
        source: str,
        effective_from: datetime,
        *,
        expected_version: int | None = None,
    ) -> PolicyRowInfo:
        """Save a new version of a clock (or its first one). Managers only; audited; existing cases keep theirs.

        ``expected_version``: the version the editor saw; a newer one saved meanwhile is refused.
        Saving the same values again changes nothing and returns the current row.
        """
        who = as_actor(actor)
        with self.store.session() as session:
            user = require(session, who, Permission.EDIT_POLICIES)
            code = _market_code(marketplace)
            event = _policy_event(kind)
            source = _check_clock(code, event, hours, business_days, source, effective_from)
            effective_from = effective_from.astimezone(UTC)
            latest = session.scalar(
                sa.select(MarketplacePolicy)
                .where(MarketplacePolicy.marketplace_code == code, MarketplacePolicy.event_kind == event.value)
                .order_by(MarketplacePolicy.version.desc())
                .limit(1)
            )
            if expected_version is not None and (latest.version if latest else 0) != expected_version:
                raise self._stale(code, event)
            if latest is not None:
                if effective_from < latest.effective_from:
                    local = latest.effective_from.strftime("%Y-%m-%d %H:%M UTC")
                    raise InputError(
                        f"站点政策 {code}「{event.label_zh}」:生效时间不能早于当前版本 v{latest.version} 的生效时间"
                        f"({local})。",
                        f"Marketplace policy {code} '{event.label_en}': the effective time cannot be before that of "
                        f"the current version v{latest.version} ({local}).",
                        hint_zh="请选择当前版本生效之后的时间(例如现在)。",
                        hint_en="Choose a time after the current version took effect (e.g. now).",
                    )
                same = (latest.hours, latest.business_days, latest.source, latest.effective_from)
                if same == (hours, business_days, source, effective_from):
                    editor = session.get(User, latest.created_by) if latest.created_by is not None else None
                    return _info(latest, editor.display_name if editor else None)
            now = utcnow()
            row = MarketplacePolicy(
                marketplace_code=code, event_kind=event.value, hours=hours, business_days=business_days,
                source=source, effective_from=effective_from, version=(latest.version + 1) if latest else 1,
                created_by=user.id,
            )  # fmt: skip
            if latest is not None:
                latest.superseded_at = now
            session.add(row)
            try:
                session.flush()
            except IntegrityError:  # another desktop saved the same next version first (team mode)
                raise self._stale(code, event) from None
            before = None if latest is None else {
                "id": latest.id, "version": latest.version, "hours": latest.hours,
                "business_days": latest.business_days, "effective_from": latest.effective_from.isoformat(),
            }  # fmt: skip
            audit.append(
                session,
                actor=who.name,
                action="policy.edited",
                summary=f"站点政策 {code}「{event.label_zh}」v{row.version}:{clock_text(hours, business_days)}"
                f" / marketplace policy {code} {event.value} v{row.version}: {clock_text(hours, business_days, 'en')}",
                payload={"marketplace": code, "event_kind": event.value, "before": before,
                         "after": {"id": row.id, "version": row.version, "hours": hours,
                                   "business_days": business_days, "source": source,
                                   "effective_from": effective_from.isoformat()}},
                entity_type="marketplace_policy",
                entity_id=row.id,
            )  # fmt: skip
            _forget_table(session)
            return _info(row, user.display_name)

    def import_holidays(self, actor: ActorLike, path: Path | str) -> HolidayImportResult:
        """Import a JSON/CSV holiday file, all or nothing; it replaces the stored days of the years it lists."""
        who = as_actor(actor)
        path = Path(path)
        with self.store.session() as session:
            require(session, who, Permission.EDIT_POLICIES)
            entries = parse_holiday_file(path)
            by_year: dict[tuple[str, int], dict[date, HolidayEntry]] = {}
            for e in entries:
                by_year.setdefault((e.marketplace, e.day.year), {})[e.day] = e
            added = removed = 0
            table = Holiday.__table__
            for (code, year), days in sorted(by_year.items()):
                in_year = sa.and_(table.c.marketplace_code == code,
                                  table.c.day.between(date(year, 1, 1), date(year, 12, 31)))  # fmt: skip
                stored = set(session.scalars(sa.select(table.c.day).where(in_year)))
                added += len(set(days) - stored)
                removed += len(stored - set(days))
                session.execute(sa.delete(table).where(in_year))
                session.execute(
                    sa.insert(table),
                    [{"marketplace_code": code, "day": e.day, "name": e.name, "source": e.source}
                     for e in sorted(days.values(), key=lambda e: e.day)],
                )  # fmt: skip
            result = HolidayImportResult(
                file=path.name,
                rows=len(entries),
                marketplaces=tuple(sorted({code for code, _ in by_year})),
                years=tuple(sorted({year for _, year in by_year})),
                added=added,
                removed=removed,
            )
            audit.append(
                session,
                actor=who.name,
                action="holidays.imported",
                summary=f"导入节假日 {path.name}:{len(entries)} 天,新增 {added},删除 {removed} / imported holidays "
                f"{path.name}: {len(entries)} days, {added} added, {removed} removed",
                payload={"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                         "marketplaces": list(result.marketplaces), "years": list(result.years),
                         "added": added, "removed": removed},
                entity_type="holidays",
                entity_id=",".join(result.marketplaces),
            )  # fmt: skip
            _forget_table(session)
            return result

    @staticmethod
    def _stale(code: str, event: PolicyEvent) -> StalePolicyError:
        return StalePolicyError(
            f"站点政策 {code}「{event.label_zh}」刚被其他人修改过,本次修改未保存。",
            f"Marketplace policy {code} '{event.label_en}' was just changed by someone else; nothing was saved.",
            hint_zh="请刷新后再修改。",
            hint_en="Reload and edit again.",
        )
