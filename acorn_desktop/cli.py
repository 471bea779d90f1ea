"""``acorn``: the headless command line. Same store, same services as the GUI; no Qt.

Exit codes: 0 ok, 1 problem found (e.g. db check), 2 bad input, 3 store problem, 4 invalid state change,
70 internal error (details in the log, never secrets).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from . import __version__, cli_refunds
from .bootstrap import env_or_prompt_password, resolve_location
from .domain.cases import CaseKind, CaseState
from .domain.claims import ClaimType
from .errors import AcornError, InputError
from .logging_setup import redact, setup_logging
from .models.decisions import OutboxState
from .services.store_admin import create_store
from .storage import keys
from .storage.secrets import SecretStore
from .storage.store import Store, StoreLocation

log = logging.getLogger("acorn.cli")
DISPLAY_TZ = ZoneInfo("Asia/Shanghai")


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its usage errors reported in Chinese (exit code 2, nothing changed)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误:{message}\n请运行 `{self.prog} --help` 查看用法。(Invalid arguments: {message})\n")


class Output:
    def __init__(self, as_json: bool, lang: str) -> None:
        self.as_json = as_json
        self.lang = lang

    def emit(self, data: dict, human: Callable[[], str]) -> None:
        if self.as_json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            print(human())

    def zh_en(self, zh: str, en: str) -> str:
        return en if self.lang.startswith("en") else zh


# -- commands ----------------------------------------------------------------------------------------------


def _open(args) -> Store:
    return Store.open(args.location, password_provider=env_or_prompt_password())


def cmd_init(args, out: Output) -> int:
    secrets = SecretStore()
    mode = keys.KEY_MODE_PASSWORD if args.master_password else keys.KEY_MODE_KEYRING
    store = create_store(
        args.location, actor="cli", secrets=secrets, key_mode=mode,
        password_provider=env_or_prompt_password(confirm=True),
    )  # fmt: skip
    try:
        data = {
            "location": args.location.describe(),
            "backend": store.dialect,
            "key_mode": mode,
            "revision": store.revision(),
        }
    finally:
        store.close()
    mode_zh = "系统密钥环" if mode == keys.KEY_MODE_KEYRING else "主密码"
    out.emit(
        data,
        lambda: out.zh_en(
            f"已创建加密数据库:{data['location']}\n密钥模式:{mode_zh}\n结构版本:{data['revision']}",
            f"Created encrypted store: {data['location']}\nKey mode: {mode}\nSchema revision: {data['revision']}",
        ),
    )
    return 0


def cmd_db_check(args, out: Output) -> int:
    from .storage.check import check_store

    store = _open(args)
    try:
        report = check_store(store)
    finally:
        store.close()

    def human() -> str:
        lines = [
            out.zh_en("数据库检查:", "Store check:") + (" OK" if report.ok else out.zh_en(" 发现问题", " PROBLEMS")),
            out.zh_en(f"  后端:{report.backend}", f"  Backend: {report.backend}"),
            out.zh_en(
                f"  结构版本:{report.revision}(最新 {report.head})",
                f"  Schema revision: {report.revision} (head {report.head})",
            ),
        ]
        if report.cipher_version:
            lines.append(f"  SQLCipher: {report.cipher_version}")
        lines += [f"  {table}: {count}" for table, count in report.counts.items()]
        lines += [f"  ! {problem}" for problem in report.problems]
        return "\n".join(lines)

    out.emit(report.as_json(), human)
    return 0 if report.ok else 1


def cmd_backup(args, out: Output) -> int:
    from .storage.backup import create_backup, list_backups

    if args.list:
        infos = list_backups(args.location)
        out.emit(
            {"backups": [{"path": str(i.path), "size": i.size, "created_at": i.created_at.isoformat()} for i in infos]},
            lambda: (
                "\n".join(
                    f"{i.created_at.astimezone(DISPLAY_TZ):%Y-%m-%d %H:%M:%S}  {i.size:>12,}  {i.path}" for i in infos
                )
                or out.zh_en("没有备份。", "No backups.")
            ),
        )
        return 0
    store = _open(args)
    try:
        info = create_backup(store)
        _audit(store, "store.backup", f"backup {info.path.name}", {"file": info.path.name, "size": info.size})
    finally:
        store.close()
    out.emit(
        {"path": str(info.path), "size": info.size},
        lambda: out.zh_en(
            f"已创建加密备份:{info.path}({info.size:,} 字节,保留最近 7 个)",
            f"Encrypted backup written: {info.path} ({info.size:,} bytes; newest 7 kept)",
        ),
    )
    return 0


def cmd_restore(args, out: Output) -> int:
    from .storage.backup import restore_backup

    store = _open(args)
    try:
        store, safety = restore_backup(store, Path(args.file))
        _audit(
            store,
            "store.restore",
            f"restored from {Path(args.file).name}",
            {"file": Path(args.file).name, "safety_backup": safety.path.name},
        )
    finally:
        store.close()
    out.emit(
        {"restored_from": args.file, "safety_backup": str(safety.path)},
        lambda: out.zh_en(
            f"已从 {args.file} 恢复。恢复前的数据已备份到:{safety.path}",
            f"Restored from {args.file}. The previous data was saved to {safety.path}",
        ),
    )
    return 0


def cmd_demo_seed(args, out: Output) -> int:
    from .services.demo import seed_demo

    if args.cases < 1:
        raise InputError("--cases 必须是正整数。", "--cases must be a positive integer.")
    store = _open(args)
    try:
        report = seed_demo(store, cases=args.cases, seed=args.seed, progress=_progress_printer(out))
    finally:
        store.close()
    data = report.as_json()
    out.emit(
        data,
        lambda: out.zh_en(
            f"已生成演示数据:{data['cases']:,} 个工单,{data['orders']:,} 个订单,用时 {data['seconds']:.1f} 秒。",
            f"Demo data generated: {data['cases']:,} cases, {data['orders']:,} orders in {data['seconds']:.1f} s.",
        ),
    )
    return 0


def _progress_printer(out: Output):
    if out.as_json or not sys.stderr.isatty():
        return None

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return progress


def cmd_reply_check(args, out: Output) -> int:
    """The messaging-policy check of a reply text (a file, or stdin with "-"): exit 1 when something blocks."""
    from .domain.marketplaces import MARKETPLACES
    from .domain.messaging_policy import check

    market = args.marketplace.strip().upper()
    if market not in MARKETPLACES:
        raise InputError(
            f"未知的站点「{args.marketplace}」。",
            f"Unknown marketplace '{args.marketplace}'.",
            hint_zh="可选:" + "、".join(MARKETPLACES),
            hint_en="Choose one of: " + ", ".join(MARKETPLACES),
        )
    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"无法读取文件 {args.file}:{exc}",
                f"Cannot read {args.file}: {exc}",
                hint_zh="请提供 UTF-8 编码的纯文本文件,或用 - 从标准输入读取。",
                hint_en="Give a UTF-8 plain-text file, or - to read standard input.",
            ) from exc
    findings = check(text, market, buyer_language=args.buyer_language, review_requests_sent=args.review_requests)
    blocked = any(f.blocks for f in findings)
    en = out.lang.startswith("en")

    def human() -> str:
        if not findings:
            return out.zh_en("沟通合规检查:未发现问题。", "Messaging-policy check: no problems found.")
        lines = []
        for f in findings:
            line_no = text.count("\n", 0, f.start) + 1
            severity = f.severity.label_en if en else f.severity.label_zh
            where = out.zh_en(f"第 {line_no} 行", f"line {line_no}")
            shown = f.excerpt and not f.rule.whole_text
            quoted = (f' "{f.excerpt}"' if en else f"「{f.excerpt}」") if shown else ""
            lines.append(f"{severity}\t{where}\t{f.title(out.lang)}{quoted}\n\t{f.explanation(out.lang)}")
        return "\n".join(lines)

    out.emit({"marketplace": market, "blocked": blocked, "findings": [f.as_json() for f in findings]}, human)
    return 1 if blocked else 0


def cmd_reply_templates(args, out: Output) -> int:
    from .documents.reply_templates import FACTS, library

    situations = library().situations

    def human() -> str:
        lines = []
        for s in situations:
            facts = ", ".join(FACTS[name].label(out.lang) for name in s.facts)
            lines.append(f"{s.key}\t{s.label(out.lang)}\t{facts}")
        lines.append(out.zh_en(f"共 {len(situations)} 个模板,每个有 en/de/fr/it/es/ja 六种语言",
                               f"{len(situations)} templates, each in en/de/fr/it/es/ja"))  # fmt: skip
        return "\n".join(lines)

    data = {"templates": [{"key": s.key, "label_zh": s.label_zh, "label_en": s.label_en, "facts": list(s.facts),
                           "kinds": [k.value for k in s.kinds], "languages": list(s.sources)}
                          for s in situations]}  # fmt: skip
    out.emit(data, human)
    return 0


def cmd_cases_list(args, out: Output) -> int:
    from .services.cases import case_summary, list_cases

    kind = _enum_arg(CaseKind, args.kind, "--kind")
    state = _enum_arg(CaseState, args.state, "--state")
    store = _open(args)
    try:
        with store.reader() as session:
            rows = list_cases(session, kind=kind, state=state, limit=None if args.all else args.limit)
            total = case_summary(session).total
    finally:
        store.close()
    en = out.lang.startswith("en")

    def human() -> str:
        header = (
            ("ID", "Kind", "State", "Mkt", "Order", "SKU", "Amount", "Deadline (CST)")
            if en
            else ("ID", "类型", "状态", "站点", "订单号", "SKU", "金额", "截止时间(北京时间)")
        )
        lines = ["\t".join(header)]
        for r in rows:
            deadline = r.deadline_at.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M") if r.deadline_at else "-"
            lines.append(
                "\t".join(
                    map(
                        str,
                        (
                            r.id,
                            r.kind.label_en if en else r.kind.label_zh,
                            r.state.label_en if en else r.state.label_zh,
                            r.marketplace,
                            r.amazon_order_id or "-",
                            r.sku or "-",
                            f"{r.amount} {r.currency}",
                            deadline,
                        ),
                    )
                )
            )
        lines.append(
            out.zh_en(f"显示 {len(rows):,} 个(共 {total:,} 个工单)", f"{len(rows):,} shown of {total:,} cases")
        )
        return "\n".join(lines)

    out.emit({"total": total, "shown": len(rows), "cases": [r.as_json() for r in rows]}, human)
    return 0


def _read_credentials(out: Output):
    """LWA credentials from the library's own environment names, else a hidden prompt; never from argv."""
    import getpass
    import os

    from .sync.client import Credentials
    from .sync.credentials import ENV_NAMES, FIELDS

    values = {}
    for name in FIELDS:
        value = os.environ.get(ENV_NAMES[name], "").strip()
        if not value and sys.stdin is not None and sys.stdin.isatty():
            value = getpass.getpass(f"{ENV_NAMES[name]}: ").strip()
        if not value:
            raise InputError(
                f"缺少 {ENV_NAMES[name]}。",
                f"{ENV_NAMES[name]} is missing.",
                hint_zh="请在提示时输入,或设置环境变量 LWA_APP_ID、LWA_CLIENT_SECRET、SP_API_REFRESH_TOKEN。",
                hint_en="Enter it when asked, or set LWA_APP_ID, LWA_CLIENT_SECRET and SP_API_REFRESH_TOKEN.",
            )
        values[name] = value
    return Credentials(**values)


def cmd_account_add(args, out: Output) -> int:
    from .domain.marketplaces import Region
    from .services.accounts import add_account, parse_marketplaces
    from .sync.credentials import KeyringCredentials

    region = _enum_arg(Region, args.region, "--region")
    codes = parse_marketplaces(region, args.marketplaces)
    credentials = _read_credentials(out)
    store = _open(args)
    try:
        keyring_store = KeyringCredentials(SecretStore())
        with store.session() as session:
            account = add_account(
                session, name=args.name, region=region, marketplaces=codes,
                selling_partner_id=args.selling_partner_id, endpoint=args.endpoint, lwa_endpoint=args.lwa_endpoint,
            )  # fmt: skip
            if args.verify:
                _verify_credentials(account, credentials)
            keyring_store.store(account.id, credentials)  # inside the transaction: no account without secrets
            data = {"id": account.id, "name": account.name, "region": region.value, "marketplaces": codes}
    finally:
        store.close()
    out.emit(
        data,
        lambda: out.zh_en(
            f"已添加店铺「{data['name']}」({region.value.upper()}:{','.join(codes)}),授权已保存到系统密钥环。",
            f"Store '{data['name']}' added ({region.value.upper()}: {','.join(codes)}); "
            "credentials are in the OS keyring.",
        ),
    )
    return 0


def _verify_credentials(account, credentials) -> None:
    """Ask LWA for an access token with these credentials; refuse the account if LWA says no."""
    from sp_api.api import Finances

    from .sync.client import SpApiSession
    from .sync.credentials import target_of
    from .sync.errors import ReauthorizationNeeded, SyncError, classify
    from .sync.scheduler import RequestScheduler

    api = SpApiSession(target_of(account), credentials, RequestScheduler(), timeout=20)
    try:
        api.client(Finances).auth  # noqa: B018 - fetching the token is the check
    except Exception as exc:
        error = classify(exc)
        if isinstance(error, ReauthorizationNeeded):
            raise InputError(
                "亚马逊拒绝了这组授权(refresh token 无效或已撤销),未添加店铺。",
                "Amazon refused these credentials (refresh token invalid or revoked); store not added.",
                hint_zh="请在 Seller Central 重新授权后再试。",
                hint_en="Re-authorise the app in Seller Central and try again.",
            ) from None
        if isinstance(error, SyncError):
            raise InputError(
                f"无法验证授权:{error.reason}。未添加店铺。",
                f"Could not verify the credentials: {error.reason}. Store not added.",
                hint_zh="检查网络后重试,或加 --no-verify 跳过验证。",
                hint_en="Check the network and retry, or pass --no-verify.",
            ) from None
        raise
    finally:
        api.close()


def cmd_account_list(args, out: Output) -> int:
    from .services.accounts import list_accounts

    store = _open(args)
    try:
        with store.reader() as session:
            accounts = list_accounts(session)
    finally:
        store.close()

    def human() -> str:
        lines = []
        for a in accounts:
            state = (
                out.zh_en("需要重新授权", "needs re-authorisation")
                if a.needs_reauth
                else (
                    a.last_error or (out.zh_en("正常", "ok") if a.last_sync_at else out.zh_en("未同步", "never synced"))
                )
            )
            when = a.last_sync_at.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M") if a.last_sync_at else "-"
            lines.append(f"{a.id}\t{a.name}\t{a.region.upper()}\t{','.join(a.marketplaces)}\t{when}\t{state}")
        return "\n".join(lines) or out.zh_en(
            "还没有店铺。用 acorn account add 添加。", "No stores yet; use acorn account add."
        )

    out.emit({"accounts": [a.as_json() for a in accounts]}, human)
    return 0


def cmd_refunds_list(args, out: Output) -> int:
    from .services.refunds import STATE_LABELS, list_outbox

    store = _open(args)
    try:
        rows = list_outbox(store, args.state)
    finally:
        store.close()
    en = out.lang.startswith("en")

    def human() -> str:
        header = (
            ("ID", "Case", "State", "Mkt", "Order", "Amount", "Reason", "Feed", "Amazon's message")
            if en
            else ("ID", "工单", "状态", "站点", "订单号", "金额", "调整原因", "Feed", "亚马逊的说明")
        )
        lines = ["\t".join(header)]
        for r in rows:
            label = STATE_LABELS[r.state][1 if en else 0]
            lines.append(
                "\t".join(
                    map(
                        str,
                        (r.id, r.case_id, label, r.marketplace_code or "-", r.amazon_order_id,
                         f"{r.amount} {r.currency}", r.adjustment_reason, r.feed_id or "-", r.error_message or ""),
                    )
                )
            )  # fmt: skip
        lines.append(out.zh_en(f"共 {len(rows):,} 笔退款", f"{len(rows):,} refund adjustment(s)"))
        return "\n".join(lines)

    out.emit({"total": len(rows), "refunds": [r.as_json() for r in rows]}, human)
    return 0


def cmd_sync(args, out: Output) -> int:
    from .sync.credentials import KeyringCredentials
    from .sync.engine import SyncEngine

    store = _open(args)
    try:
        engine = SyncEngine(store, KeyringCredentials(SecretStore()))
        if not engine.accounts(args.account):
            raise InputError(
                f"没有可同步的店铺{f'「{args.account}」' if args.account else ''}。",
                f"No store to sync{f' named {args.account!r}' if args.account else ''}.",
                hint_zh="用 acorn account list 查看,用 acorn account add 添加。",
                hint_en="See acorn account list; add one with acorn account add.",
            )

        def progress(p) -> None:
            if not out.as_json:
                print(
                    f"{p.account} · {p.stream}: {p.pages} 页 / pages, +{p.events_new} 事件 / events, "
                    f"+{p.cases_created} 工单 / cases",
                    file=sys.stderr,
                )

        reports = engine.run(account=args.account, progress=progress)
    finally:
        store.close()
    data = {"accounts": [r.as_json() for r in reports]}

    def human() -> str:
        lines = [f"{r.name}: {r.status}{f' ({r.error})' if r.error else ''} · API {r.api_calls}" for r in reports]
        skewed = next((r for r in reports if r.clock_skewed), None)
        if skewed is not None:  # the sync used Amazon's clock; deadlines are computed on this PC's
            minutes = round(abs(skewed.clock_offset_seconds) / 60)
            zh = f"警告:本机时钟与亚马逊相差约 {minutes} 分钟,同步已按亚马逊时间进行;请校正本机时间。"
            en = f"Warning: this PC's clock is about {minutes} min off Amazon's; the sync used Amazon's time."
            lines.append(out.zh_en(zh, en + " Please correct the PC's clock."))
        return "\n".join(lines)

    out.emit(data, human)
    return 0 if all(r.status == "ok" for r in reports) else 1


def cmd_audit_verify(args, out: Output) -> int:
    from .services.audit_log import describe_break, verify

    store = _open(args)
    try:
        with store.reader() as session:
            result = verify(session)
    finally:
        store.close()

    def human() -> str:
        if result.ok:
            return out.zh_en(
                f"审计日志完好:{result.entries:,} 条记录,签名链完整。",
                f"Audit log intact: {result.entries:,} entries, keyed chain unbroken.",
            )
        lines = [describe_break(b) for b in result.breaks]
        return out.zh_en(
            "审计日志被篡改:\n" + "\n".join(f"  · {zh}" for zh, _ in lines) + "\n请从备份恢复并通知管理员。",
            "Audit log tampered with:\n"
            + "\n".join(f"  · {en}" for _, en in lines)
            + "\nRestore a backup and tell an admin.",
        )

    out.emit(result.as_json(), human)
    return 0 if result.ok else 7


USER_PASSWORD_ENV = "ACORN_PASSWORD"  # the password being set (new user, new password)
LOGIN_PASSWORD_ENV = "ACORN_LOGIN_PASSWORD"  # the password of whoever acts (--as, or your current one)


def _read_password(env_name: str, prompt: str, *, confirm: bool = False) -> str:
    """A password from ``env_name``, else a hidden prompt (twice with ``confirm``); never from argv."""
    import getpass
    import os

    value = os.environ.get(env_name, "")
    if value:
        return value
    if sys.stdin is None or not sys.stdin.isatty():
        raise InputError(
            f"缺少密码:请设置环境变量 {env_name},或在终端中运行以便输入。",
            f"No password: set {env_name}, or run in a terminal to be asked.",
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("再次输入 / Repeat: ") != first:
        raise InputError("两次输入的密码不一致,未做任何修改。", "The two passwords differ; nothing was changed.")
    return first


def _login_as(store: Store, username: str):
    """Log ``username`` in (audited, lockout applies) with the password from ACORN_LOGIN_PASSWORD or a prompt."""
    from .services.users import login

    password = _read_password(LOGIN_PASSWORD_ENV, f"{username} 的密码 / Password of {username}: ")
    return login(store, username, password)


def cmd_user_add(args, out: Output) -> int:
    from .services.users import check_password_policy, create_user, needs_bootstrap

    store = _open(args)
    try:
        bootstrap = needs_bootstrap(store)
        if not bootstrap and not args.as_user:
            raise InputError(
                "请用 --as 指定执行此操作的管理员。",
                "Name the administrator who does this with --as.",
                hint_zh=f"例如:acorn user add {args.name} --role {args.role} --as admin",
                hint_en=f"For example: acorn user add {args.name} --role {args.role} --as admin",
            )
        actor = _login_as(store, args.as_user).actor if args.as_user else None
        password = _read_password(
            USER_PASSWORD_ENV, f"{args.name} 的新密码 / New password of {args.name}: ", confirm=True
        )
        check_password_policy(password, args.name)
        info = create_user(store, actor, args.name, args.display_name or args.name, args.role, password)
    finally:
        store.close()
    out.emit(
        {"user": info.as_json(), "bootstrap": bootstrap},
        lambda: out.zh_en(
            f"已创建用户 {info.username}({info.display_name},{info.role_zh})。",
            f"User {info.username} created ({info.display_name}, {info.role_en}).",
        ),
    )
    return 0


def cmd_user_list(args, out: Output) -> int:
    from .services.users import list_users

    store = _open(args)
    try:
        infos = list_users(store, include_inactive=True)
    finally:
        store.close()
    en = out.lang.startswith("en")

    def human() -> str:
        lines = ["\t".join(("ID", "User", "Name", "Role", "Active", "Last login") if en
                           else ("ID", "用户名", "显示名", "角色", "状态", "上次登录"))]  # fmt: skip
        for u in infos:
            state = out.zh_en("正常", "active") if u.active else out.zh_en("已停用", "inactive")
            if u.locked_until is not None:
                state += out.zh_en("(曾锁定)", " (was locked)")
            if u.active and not u.has_password:
                state += out.zh_en("(未设密码)", " (no password)")
            last = u.last_login_at.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M") if u.last_login_at else "-"
            lines.append("\t".join(map(str, (u.id, u.username, u.display_name, u.role_en if en else u.role_zh,
                                              state, last))))  # fmt: skip
        return (
            "\n".join(lines)
            if infos
            else out.zh_en(
                "还没有用户。用 acorn user add NAME --role admin 创建第一位管理员。",
                "No users yet; create the first administrator with acorn user add NAME --role admin.",
            )
        )

    out.emit({"users": [u.as_json() for u in infos]}, human)
    return 0


def cmd_user_passwd(args, out: Output) -> int:
    """Your own password (log in as NAME with the current one), or an administrator's reset (--as ADMIN)."""
    from .services.users import check_password_policy, login, set_password

    store = _open(args)
    try:
        acting = args.as_user or args.name
        login_password = _read_password(LOGIN_PASSWORD_ENV, f"{acting} 的当前密码 / Current password of {acting}: ")
        session = login(store, acting, login_password)
        password = _read_password(
            USER_PASSWORD_ENV, f"{args.name} 的新密码 / New password of {args.name}: ", confirm=True
        )
        check_password_policy(password, args.name)
        current = None if args.as_user else login_password
        set_password(store, session.actor, args.name, password, current_password=current)
    finally:
        store.close()
    out.emit(
        {"username": args.name, "changed": True},
        lambda: out.zh_en(f"用户 {args.name} 的密码已修改。", f"The password of {args.name} was changed."),
    )
    return 0


def cmd_letter(args, out: Output) -> int:
    """An appeal letter PDF for a case, as drafted from its template (every attachment appended)."""
    from .services.letters import LetterServices

    store = _open(args)
    try:
        letters = LetterServices(store)
        draft = letters.draft(args.case_id, args.letter_lang, args.claim_type)
        result = letters.export(
            args.case_id, draft.subject, draft.body, draft.lang, [a.id for a in draft.attachments], Path(args.out),
            internal=args.internal, claim_type=draft.claim_type, actor="cli",
        )  # fmt: skip
    finally:
        store.close()
    data = result.as_json() | {"case_id": args.case_id, "lang": draft.lang, "claim_type": draft.claim_type.value}

    def human() -> str:
        lines = [out.zh_en(f"已导出申诉信:{result.path}({result.pages} 页)", f"Letter written: {result.path} "
                           f"({result.pages} pages)"), f"SHA-256 {result.sha256}"]  # fmt: skip
        lines += [f"! {kind.missing_line(out.lang)}" for kind in result.missing]
        lines += [out.zh_en(f"! 附件无法显示,已列出说明:{name}", f"! Attachment listed, not shown: {name}")
                  for name in result.unreadable]  # fmt: skip
        return "\n".join(lines)

    out.emit(data, human)
    return 0


def cmd_shipments_import(args, out: Output) -> int:
    from .services.shipments import ShipmentServices

    store = _open(args)
    try:
        result = ShipmentServices(store).import_csv(Path(args.file), actor="cli")
    finally:
        store.close()

    def human() -> str:
        text = out.zh_en(
            f"已导入物流记录 {Path(args.file).name}:{result.lines} 行,新增 {result.created} 个包裹,更新 "
            f"{result.updated} 个,未变 {result.unchanged} 个。",
            f"Imported {Path(args.file).name}: {result.lines} lines, {result.created} parcels new, {result.updated} "
            f"updated, {result.unchanged} unchanged.",
        )
        if result.unknown_orders:
            shown = ", ".join(result.unknown_orders[:10]) + (" …" if len(result.unknown_orders) > 10 else "")
            text += "\n" + out.zh_en(
                f"跳过数据库中没有的订单({len(result.unknown_orders)} 个):{shown}",
                f"Skipped orders not in this database ({len(result.unknown_orders)}): {shown}",
            )
        return text

    out.emit(result.as_json(), human)
    return 0


def _store_id(store, name: str) -> int:
    """The id of the store called ``name``, or a Chinese error that says how to list them."""
    import sqlalchemy as sa

    from .models import SellerAccount

    with store.reader() as session:
        account_id = session.scalar(sa.select(SellerAccount.id).where(SellerAccount.name == name))
    if account_id is None:
        raise InputError(
            f"没有名为「{name}」的店铺。",
            f"There is no store named {name!r}.",
            hint_zh="用 acorn account list 查看店铺。",
            hint_en="See acorn account list.",
        )
    return account_id


def cmd_import(args, out: Output) -> int:
    from .services.mail_intake import MailImports

    store = _open(args)
    try:
        account_id = _store_id(store, args.store) if args.store else None
        summary = MailImports(store).import_files(
            args.files, "cli", progress=_progress_printer(out), account_id=account_id
        )
    finally:
        store.close()
    out.emit(summary.as_json(), lambda: summary.text(out.lang))
    return 2 if summary.failures else 0


MAILBOX_PASSWORD_ENV = "ACORN_MAILBOX_PASSWORD"


def cmd_mailbox_add(args, out: Output) -> int:
    from .services.mailboxes import MailboxServices

    password = _read_password(MAILBOX_PASSWORD_ENV, f"{args.user} 的邮箱密码 / Mailbox password of {args.user}: ")
    store = _open(args)
    try:
        account_id = _store_id(store, args.store) if args.store else None
        mailbox_id = MailboxServices(store).add(
            "cli", name=args.name, host=args.host, port=args.port, security=args.security, username=args.user,
            password=password, folder=args.folder, account_id=account_id, verify=args.verify,
        )  # fmt: skip
    finally:
        store.close()
    out.emit(
        {"id": mailbox_id, "name": args.name},
        lambda: out.zh_en(f"已添加邮箱「{args.name}」;密码保存在系统密钥环中。",
                          f"Mailbox '{args.name}' added; its password is in the OS keyring."),
    )  # fmt: skip
    return 0


def cmd_mailbox_list(args, out: Output) -> int:
    from .services.mailboxes import MailboxServices

    store = _open(args)
    try:
        boxes = MailboxServices(store).list()
    finally:
        store.close()

    def human() -> str:
        lines = []
        for b in boxes:
            when = b.last_polled_at.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M") if b.last_polled_at else "-"
            never = out.zh_en("未收取", "never polled")
            state = b.last_error or (out.zh_en("正常", "ok") if b.last_polled_at else never)
            lines.append(f"{b.id}\t{b.name}\t{b.username}@{b.host}:{b.port} ({b.security})\t{b.folder}\t"
                         f"{b.account_name or '-'}\tUID {b.last_uid}\t{when}\t{state}")  # fmt: skip
        empty = out.zh_en("还没有邮箱。用 acorn mailbox add 添加。", "No mailboxes; add one with acorn mailbox add.")
        return "\n".join(lines) or empty

    out.emit({"mailboxes": [b.as_json() for b in boxes]}, human)
    return 0


def cmd_mailbox_poll(args, out: Output) -> int:
    from .services.mailboxes import MailboxServices

    store = _open(args)
    try:
        services = MailboxServices(store)
        boxes = [b for b in services.list() if not args.name or b.name == args.name]
        if not boxes:
            raise InputError("没有可收取的邮箱。", "No mailbox to poll.", hint_zh="用 acorn mailbox list 查看。",
                             hint_en="See acorn mailbox list.")  # fmt: skip
        results = [services.poll(b.id) for b in boxes]
    finally:
        store.close()
    data = {"mailboxes": [{"name": r.mailbox, "fetched": r.fetched, "error": r.error, **r.summary.as_json()}
                          for r in results]}  # fmt: skip

    def human() -> str:
        lines = []
        for r in results:
            if r.error:
                lines.append(f"{r.mailbox}: " + (r.error_en if out.lang.startswith("en") else r.error))
            else:
                lines.append(f"{r.mailbox}: " + out.zh_en(f"收取 {r.fetched} 封。", f"{r.fetched} fetched. ")
                             + r.summary.text(out.lang))  # fmt: skip
        return "\n".join(lines)

    out.emit(data, human)
    return 1 if any(r.error for r in results) else 0


def cmd_mailbox_remove(args, out: Output) -> int:
    from .services.mailboxes import MailboxServices

    store = _open(args)
    try:
        services = MailboxServices(store)
        found = [b for b in services.list() if b.name == args.name]
        if not found:
            raise InputError(f"没有名为「{args.name}」的邮箱。", f"There is no mailbox named {args.name!r}.")
        services.remove("cli", found[0].id)
    finally:
        store.close()
    out.emit(
        {"removed": args.name},
        lambda: out.zh_en(f"已删除邮箱「{args.name}」及其密码。", f"Mailbox {args.name} removed."),
    )
    return 0


def cmd_inbox_list(args, out: Output) -> int:
    from .services.inbox import InboxServices

    store = _open(args)
    try:
        rows = InboxServices(store).unparsed()
    finally:
        store.close()
    en = out.lang.startswith("en")

    def human() -> str:
        lines = []
        for r in rows:
            moment = r.received_at or r.imported_at
            reason = r.error_en if en and r.error_en else r.error
            lines.append(f"{r.id}\t{moment.astimezone(DISPLAY_TZ):%Y-%m-%d %H:%M}\t{r.subject[:60]}\t{reason}")
        lines.append(out.zh_en(f"未识别邮件 {len(rows)} 封", f"{len(rows)} unparsed mail(s)"))
        return "\n".join(lines)

    out.emit({"unparsed": [{"id": r.id, "subject": r.subject, "error": r.error, "error_en": r.error_en,
                            "order_ids": list(r.order_ids)} for r in rows]}, human)  # fmt: skip
    return 0


def cmd_inbox_purge(args, out: Output) -> int:
    from .services.mail_intake import MailImports

    store = _open(args)
    try:
        purged = MailImports(store).purge()
    finally:
        store.close()
    out.emit({"purged": purged}, lambda: out.zh_en(f"已删除 {purged} 封邮件的原文(超过保留期或已忽略)。",
                                                   f"Raw text of {purged} mail(s) purged."))  # fmt: skip
    return 0


def cmd_demo_mails(args, out: Output) -> int:
    from .services.demo_mails import write_demo_mails

    store = _open(args)
    try:
        files = write_demo_mails(store, Path(args.out))
    finally:
        store.close()
    out.emit({"files": [str(f) for f in files]},
             lambda: out.zh_en(f"已写入 {len(files)} 个演示文件到 {args.out}:可拖到主窗口,或 acorn import {args.out}",
                               f"{len(files)} demo files written to {args.out}; drop them on the window or run "
                               f"acorn import {args.out}"))  # fmt: skip
    return 0


def _enum_arg(enum_cls, value: str | None, flag: str):
    if value is None:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_cls)
        raise InputError(
            f"{flag} 的值「{value}」无效。可选:{allowed}", f"Invalid {flag} '{value}'. Choose: {allowed}"
        ) from None


def _audit(store: Store, action: str, summary: str, payload: dict) -> None:
    from .services import audit

    with store.session() as session:
        audit.append(session, actor="cli", action=action, summary=summary, payload=payload)


# -- parser ------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="acorn", description="ACORN-i 退款助手 命令行 (headless CLI)")
    parser.add_argument("--version", action="version", version=f"acorn {__version__}")
    parser.add_argument("--data-dir", help="数据目录(默认:系统用户数据目录;环境变量 ACORN_DATA_DIR)")
    parser.add_argument("--db-url", help="团队模式数据库,如 postgresql+psycopg://user@host/db")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"], help="输出语言")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseArgumentParser)

    p = sub.add_parser("init", help="创建加密数据库")
    p.add_argument("--master-password", action="store_true", help="用主密码派生密钥(无系统密钥环时使用)")
    p.set_defaults(func=cmd_init)

    db = sub.add_parser("db", help="数据库维护").add_subparsers(
        dest="db_command", required=True, parser_class=ChineseArgumentParser
    )
    db.add_parser("check", help="完整性检查并显示结构版本").set_defaults(func=cmd_db_check)

    p = sub.add_parser("backup", help="创建加密备份(保留最近 7 个)")
    p.add_argument("--list", action="store_true", help="列出已有备份")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="从加密备份恢复")
    p.add_argument("file", help="备份文件路径")
    p.set_defaults(func=cmd_restore)

    demo = sub.add_parser("demo", help="演示数据").add_subparsers(
        dest="demo_command", required=True, parser_class=ChineseArgumentParser
    )
    p = demo.add_parser("seed", help="生成确定性的演示数据")
    p.add_argument("--cases", type=int, default=2000, help="工单数量(默认 2000)")
    p.add_argument("--seed", type=int, default=42, help="随机种子(默认 42)")
    p.set_defaults(func=cmd_demo_seed)

    account = sub.add_parser("account", help="店铺(卖家账号)").add_subparsers(
        dest="account_command", required=True, parser_class=ChineseArgumentParser
    )
    p = account.add_parser("add", help="添加店铺;授权从提示或环境变量读取,只保存在系统密钥环")
    p.add_argument("--name", required=True, help="店铺名称")
    p.add_argument("--region", required=True, choices=["na", "eu", "fe"], help="区域")
    p.add_argument("--marketplaces", required=True, help="站点代码,逗号分隔,如 US,CA")
    p.add_argument("--selling-partner-id", help="卖家编号(Merchant Token),可选")
    p.add_argument("--endpoint", help="SP-API 地址(沙盒或测试用),默认亚马逊")
    p.add_argument("--lwa-endpoint", help="LWA 授权地址(沙盒或测试用),默认亚马逊")
    p.add_argument("--no-verify", dest="verify", action="store_false", help="不向 LWA 验证授权")
    p.set_defaults(func=cmd_account_add)
    account.add_parser("list", help="列出店铺及同步状态").set_defaults(func=cmd_account_list)

    p = sub.add_parser("sync", help="从亚马逊同步(财务事件等)")
    p.add_argument("--account", help="只同步这个店铺(名称)")
    p.add_argument("--once", action="store_true", help="同步一次后退出(默认也只运行一次)")
    p.set_defaults(func=cmd_sync)

    from .sandbox.server import add_cli as add_sandbox_cli

    add_sandbox_cli(sub)

    audit_cmd = sub.add_parser("audit", help="审计日志").add_subparsers(
        dest="audit_command", required=True, parser_class=ChineseArgumentParser
    )
    audit_cmd.add_parser("verify", help="校验审计日志的哈希链(发现任何修改或删除)").set_defaults(func=cmd_audit_verify)

    refunds_cmd = sub.add_parser("refunds", help="退款发送队列(亚马逊调整 Feed)").add_subparsers(
        dest="refunds_command", required=True, parser_class=ChineseArgumentParser
    )
    p = refunds_cmd.add_parser("list", help="列出退款及其发送状态")
    p.add_argument("--state", help="状态:" + ", ".join(s.value for s in OutboxState))
    p.set_defaults(func=cmd_refunds_list)
    cli_refunds.register(refunds_cmd)

    user = sub.add_parser("user", help="本地用户(登录、角色)").add_subparsers(
        dest="user_command", required=True, parser_class=ChineseArgumentParser
    )
    p = user.add_parser("add", help="创建用户;密码从提示或环境变量 ACORN_PASSWORD 读取")
    p.add_argument("name", help="用户名,如 li.lei")
    p.add_argument("--role", required=True, choices=["cs", "operator", "manager", "finance", "admin"],
                   help="角色:cs 客服、operator 运营、manager 主管、finance 财务、admin 管理员")  # fmt: skip
    p.add_argument("--display-name", help="显示名(默认同用户名)")
    p.add_argument(
        "--as", dest="as_user", help="执行操作的管理员(第一个用户除外);其密码从提示或 ACORN_LOGIN_PASSWORD 读取"
    )
    p.set_defaults(func=cmd_user_add)
    user.add_parser("list", help="列出用户(不含密码)").set_defaults(func=cmd_user_list)
    p = user.add_parser("passwd", help="修改密码:自己的(需当前密码)或由管理员重设(--as)")
    p.add_argument("name", help="用户名")
    p.add_argument("--as", dest="as_user", help="重设他人密码的管理员;其密码从提示或 ACORN_LOGIN_PASSWORD 读取")
    p.set_defaults(func=cmd_user_passwd)

    p = sub.add_parser("letter", help="为 A-to-z 索赔或拒付工单导出申诉信 PDF(附证据页)")
    p.add_argument("case_id", type=int, help="工单编号")
    p.add_argument("--lang", dest="letter_lang", choices=["en", "de", "fr", "it", "es", "ja"],
                   help="申诉信语言(默认:站点语言);界面语言请在命令前用 acorn --lang")  # fmt: skip
    p.add_argument("--out", required=True, help="输出的 PDF 文件")
    p.add_argument("--internal", action="store_true", help="内部版:第一页为中文内部摘要(不要发给亚马逊)")
    p.add_argument("--claim-type", help="索赔类型(默认按工单原因):" + ", ".join(t.value for t in ClaimType))
    p.set_defaults(func=cmd_letter)

    shipments = sub.add_parser("shipments", help="物流记录(发货与签收证明)").add_subparsers(
        dest="shipments_command", required=True, parser_class=ChineseArgumentParser
    )
    p = shipments.add_parser("import", help="导入承运商 / ERP 物流记录 CSV(全部成功或全部不导入;可重复导入)")
    p.add_argument("file", help="CSV 文件:order_id, carrier, tracking_number, ship_date, delivery_date[, 扫描行…]")
    p.set_defaults(func=cmd_shipments_import)

    p = sub.add_parser("import", help="导入通知邮件(.eml,文件夹)、索赔 CSV 或卖家平台下载的退货报告;重复导入不会重复")
    p.add_argument("files", nargs="+", help=".eml 文件、包含 .eml 的文件夹、索赔 CSV 文件或退货报告(.txt)")
    p.add_argument("--store", help="退货报告所属的店铺名(报告中的订单无法确定店铺时需要)")
    p.set_defaults(func=cmd_import)
    p = demo.add_parser("mails", help="为演示订单生成亚马逊通知邮件(多种语言)和索赔 CSV")
    p.add_argument("--out", required=True, help="输出文件夹")
    p.set_defaults(func=cmd_demo_mails)

    mailbox = sub.add_parser("mailbox", help="收取通知的 IMAP 邮箱").add_subparsers(
        dest="mailbox_command", required=True, parser_class=ChineseArgumentParser
    )
    p = mailbox.add_parser("add", help="添加邮箱(先测试登录);密码从提示或环境变量 ACORN_MAILBOX_PASSWORD 读取")
    p.add_argument("--name", required=True, help="名称,如 客服邮箱")
    p.add_argument("--host", required=True, help="IMAP 服务器,如 imap.exmail.qq.com")
    p.add_argument("--port", type=int, help="端口(默认 SSL 993,STARTTLS 143)")
    p.add_argument("--security", default="ssl", choices=["ssl", "starttls", "none"], help="加密方式(none 仅限本机)")
    p.add_argument("--user", required=True, help="用户名(邮箱地址)")
    p.add_argument("--folder", default="INBOX", help="文件夹(默认 INBOX)")
    p.add_argument("--store", help="邮件都属于这个店铺(可选)")
    p.add_argument("--no-verify", dest="verify", action="store_false", help="不先测试登录")
    p.set_defaults(func=cmd_mailbox_add)
    mailbox.add_parser("list", help="列出邮箱、上次收取时间和错误").set_defaults(func=cmd_mailbox_list)
    p = mailbox.add_parser("poll", help="立即收取新邮件")
    p.add_argument("--name", help="只收取这个邮箱")
    p.set_defaults(func=cmd_mailbox_poll)
    p = mailbox.add_parser("remove", help="删除邮箱(及密钥环中的密码)")
    p.add_argument("name", help="邮箱名称")
    p.set_defaults(func=cmd_mailbox_remove)

    inbox = sub.add_parser("inbox", help="未识别的邮件").add_subparsers(
        dest="inbox_command", required=True, parser_class=ChineseArgumentParser
    )
    inbox.add_parser("list", help="列出未识别的邮件及原因").set_defaults(func=cmd_inbox_list)
    inbox.add_parser("purge", help="删除超过保留期(30 天)或已忽略邮件的原文").set_defaults(func=cmd_inbox_purge)

    cases = sub.add_parser("cases", help="工单").add_subparsers(
        dest="cases_command", required=True, parser_class=ChineseArgumentParser
    )
    p = cases.add_parser("list", help="按截止时间列出工单")
    p.add_argument("--kind", help="类型:" + ", ".join(k.value for k in CaseKind))
    p.add_argument("--state", help="状态:" + ", ".join(s.value for s in CaseState))
    p.add_argument("--limit", type=int, default=100, help="最多显示多少个(默认 100)")
    p.add_argument("--all", action="store_true", help="显示全部")
    p.set_defaults(func=cmd_cases_list)

    reply = sub.add_parser("reply", help="买家回复:模板与沟通合规检查").add_subparsers(
        dest="reply_command", required=True, parser_class=ChineseArgumentParser
    )
    p = reply.add_parser("check", help="检查回复内容是否符合亚马逊沟通规则(有阻止项时退出码 1)")
    p.add_argument("file", help="回复内容的文本文件(UTF-8);- 表示从标准输入读取")
    p.add_argument("--marketplace", required=True, help="买家所在站点,例如 DE、JP、US")
    p.add_argument("--buyer-language", help="买家来信所用的语言(例如 en),也视为买家的语言")
    p.add_argument("--review-requests", type=int, default=0, help="此订单已发送过的评价请求数")
    p.set_defaults(func=cmd_reply_check)
    reply.add_parser("templates", help="列出买家回复模板及其所需信息").set_defaults(func=cmd_reply_templates)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = Output(args.json, args.lang)
    args.location = resolve_location(args.data_dir, args.db_url)
    if args.command == "init" or args.location.data_dir.exists():
        _setup_file_logging(args.location)
    else:  # no data dir yet: don't create one just to log that it is missing
        logging.getLogger().addHandler(logging.NullHandler())
    try:
        return args.func(args, out)
    except AcornError as exc:
        log.warning("%s failed: %s", args.command, exc.en)
        print(exc.text(args.lang), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(out.zh_en("已取消。", "Cancelled."), file=sys.stderr)
        return 130
    except Exception as exc:
        log.exception("internal error in %s", args.command)
        print(
            out.zh_en(
                f"内部错误:{redact(type(exc).__name__)}。详情已写入日志 {args.location.data_dir / 'logs'}。",
                f"Internal error: {type(exc).__name__}. Details are in the log under "
                f"{args.location.data_dir / 'logs'}.",
            ),
            file=sys.stderr,
        )
        return 70


def _setup_file_logging(location: StoreLocation) -> None:
    with contextlib.suppress(OSError):  # an unwritable data dir is reported by the command itself
        setup_logging(location.data_dir)


if __name__ == "__main__":
    sys.exit(main())
