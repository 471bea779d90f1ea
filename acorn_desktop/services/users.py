"""Local users: argon2id password hashes, login with lockout, and user administration.

* Passwords are kept only as argon2id hashes (``argon2-cffi``); a hash made with older parameters is replaced at
  the next successful login. Neither a password nor its hash ever appears in an audit entry, log or error.
* :func:`login` answers in about the same time whether the user exists or not (an unknown name verifies a dummy
  hash), counts failures and locks the account for :data:`LOCKOUT` after :data:`MAX_FAILED_LOGINS` in a row. Every
  login, failure and lock is audited; an unknown user name is never written down (it may be a mistyped password).
* Creating users, changing roles and deactivating need :attr:`Permission.MANAGE_USERS`; a user changes their own
  password by giving the current one. Bootstrap: while no one can log in (no active user with a password), the
  first user may be created without an actor, as 管理员 or 主管.
* The inactive "system" user (:func:`system_user_id`) stands in as the requester of approvals made before anyone
  logged in; it has no password and can never log in.
"""

from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from ..errors import InputError, PermissionDeniedError
from ..models import Role, User
from . import audit
from .changes import Actor, ActorLike, as_actor, shorten
from .permissions import Permission, approval_limit_cny, current_user, permissions_of, require

# argon2id with argon2-cffi's defaults (RFC 9106 "low memory": t=3, m=64 MiB, p=4; ~50 ms). Tests swap in a
# cheaper hasher; a changed hasher makes every older hash "need rehash" at the next login.
HASHER = PasswordHasher()

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
PASSWORD_MIN_CHARS = 8
PASSWORD_MAX_CHARS = 256
USERNAME_MAX_CHARS = 64
DISPLAY_NAME_MAX_CHARS = 80
BOOTSTRAP_ROLES = ("admin", "manager")

SYSTEM_USERNAME = "system"
SYSTEM_DISPLAY_NAME = "系统 / System"
RESERVED_USERNAMES = frozenset({SYSTEM_USERNAME})

# Too common to be a password, whatever their length.
_COMMON_PASSWORDS = frozenset(
    {"12345678", "123456789", "1234567890", "87654321", "11111111", "88888888", "00000000", "66666666",
     "password", "password1", "passw0rd", "qwertyui", "qwerty123", "abc12345", "abcd1234", "1qaz2wsx",
     "admin123", "admin1234", "iloveyou", "woaini1314", "a1234567", "aa123456"}
)  # fmt: skip


class LoginFailedError(PermissionDeniedError):
    """Unknown user, wrong password or deactivated user: deliberately one message for all three."""


class AccountLockedError(LoginFailedError):
    """Too many failed logins in a row; ``locked_until`` is the aware UTC time the lock ends."""

    def __init__(self, locked_until: datetime, now: datetime | None = None) -> None:
        left = (locked_until - (now or datetime.now(UTC))).total_seconds()
        minutes = max(1, -(-int(left) // 60))
        super().__init__(
            f"密码连续输错 {MAX_FAILED_LOGINS} 次,账户已锁定,请约 {minutes} 分钟后再试。",
            f"Too many wrong passwords in a row: the account is locked; try again in about {minutes} minute(s).",
            hint_zh="如果忘记了密码,请让管理员为您重设密码(重设后立即解锁)。",
            hint_en="If you forgot the password, ask an administrator to reset it (that also unlocks the account).",
        )
        self.locked_until = locked_until


@dataclass(frozen=True, slots=True)
class LoginSession:
    """Who is logged in: pass ``actor`` to every service; ``can()`` lets the UI hide what would be refused."""

    actor: Actor
    username: str
    display_name: str
    role: str  # role code: cs, operator, manager, finance, admin
    role_zh: str
    role_en: str
    permissions: frozenset[Permission]
    approval_limit_cny: Decimal | None  # None: may not approve refunds

    @property
    def user_id(self) -> int:
        assert self.actor.user_id is not None
        return self.actor.user_id

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    role_zh: str
    role_en: str
    active: bool
    has_password: bool
    created_at: datetime
    last_login_at: datetime | None
    locked_until: datetime | None
    failed_logins: int

    def as_json(self) -> dict:
        return {
            "id": self.id, "username": self.username, "display_name": self.display_name, "role": self.role,
            "active": self.active, "has_password": self.has_password, "created_at": self.created_at.isoformat(),
            "last_login_at": self.last_login_at.isoformat() if self.last_login_at else None,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
        }  # fmt: skip


def actor_of(who: ActorLike | LoginSession) -> Actor:
    """The :class:`Actor` of a login session, an Actor, or a bare name."""
    return who.actor if isinstance(who, LoginSession) else as_actor(who)


# -- password policy and hashing -------------------------------------------------------------------------------
def check_password_policy(password: str, username: str = "") -> None:
    """Refuse weak passwords with a Chinese message first; nothing is changed."""
    if not isinstance(password, str) or len(password) < PASSWORD_MIN_CHARS:
        raise InputError(
            f"密码太短:至少需要 {PASSWORD_MIN_CHARS} 个字符。",
            f"The password is too short: it needs at least {PASSWORD_MIN_CHARS} characters.",
            hint_zh="建议使用由几个词组成的长密码。",
            hint_en="A long passphrase of several words works well.",
        )
    if len(password) > PASSWORD_MAX_CHARS:
        raise InputError(
            f"密码太长:最多 {PASSWORD_MAX_CHARS} 个字符。", f"The password is too long: at most {PASSWORD_MAX_CHARS}."
        )
    if not password.strip() or any(unicodedata.category(ch) == "Cc" for ch in password):
        raise InputError("密码不能全是空格,也不能包含控制字符。", "A password cannot be all spaces or hold control "
                         "characters.")  # fmt: skip
    lowered = password.lower()
    if username and lowered == username.strip().lower():
        raise InputError("密码不能与用户名相同。", "The password cannot be the same as the user name.")
    if lowered in _COMMON_PASSWORDS or len(set(password)) == 1:
        raise InputError(
            "这个密码太常见,很容易被猜到,请换一个。",
            "This password is too common and easy to guess; choose another one.",
        )


def hash_password(password: str) -> str:
    return HASHER.hash(password)


_dummy_hashes: dict[tuple, str] = {}


def _dummy_verify(password: str) -> None:
    """Spend the time a real verification takes, so an unknown user name answers no faster than a known one."""
    params = (HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism, HASHER.hash_len, HASHER.salt_len)
    dummy = _dummy_hashes.get(params)
    if dummy is None:
        dummy = _dummy_hashes[params] = HASHER.hash("acorn-dummy-password")
    with contextlib.suppress(VerificationError):
        HASHER.verify(dummy, password)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):  # VerifyMismatchError is a VerificationError
        return False


# -- login -----------------------------------------------------------------------------------------------------
def login(store, username: str, password: str, *, now: datetime | None = None) -> LoginSession:
    """Check the password and return the logged-in session; refusals are audited and raise LoginFailedError.

    Runs argon2 (~50 ms or more): never call it on the GUI thread.
    """
    now = now or datetime.now(UTC)
    username = (username or "").strip()
    password = password if isinstance(password, str) else ""
    refusal: LoginFailedError | None = None
    result: LoginSession | None = None
    with store.session() as session:
        user = _find(session, username, lock=True) if username else None
        if user is None or not user.active or not user.password_hash:
            _dummy_verify(password)
            if user is None:
                _audit(session, "anonymous", "user.login_failed",
                       "登录失败:用户不存在 / login failed: unknown user", {"reason": "unknown_user"})  # fmt: skip
            else:
                why = "inactive" if not user.active else "no_password"
                _audit(session, user.username, "user.login_failed",
                       f"用户 {user.username} 登录失败(已停用或未设密码) / login refused for {user.username} ({why})",
                       {"reason": why}, user.id)  # fmt: skip
            refusal = _bad_credentials()
        elif user.locked_until is not None and user.locked_until > now:
            _audit(session, user.username, "user.login_locked",
                   f"用户 {user.username} 账户锁定中,登录被拒绝 / login refused for {user.username}: account locked",
                   {"locked_until": user.locked_until.isoformat()}, user.id)  # fmt: skip
            refusal = AccountLockedError(user.locked_until, now)
        elif not _verify(user.password_hash, password):
            refusal = _record_failure(session, user, now)
        else:
            if HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            _audit(session, user.username, "user.login", f"用户 {user.username} 登录 / {user.username} logged in",
                   {"role": user.role_code}, user.id)  # fmt: skip
            result = _session_of(user)
    if refusal is not None:
        raise refusal  # after the commit: the failure counter and its audit entry are kept
    assert result is not None
    return result


def _record_failure(session: Session, user: User, now: datetime) -> LoginFailedError:
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.failed_logins = 0
        user.locked_until = now + LOCKOUT
        _audit(session, user.username, "user.locked",
               f"用户 {user.username} 密码连续错误 {MAX_FAILED_LOGINS} 次,锁定 {LOCKOUT.seconds // 60} 分钟 / "
               f"{user.username} locked after {MAX_FAILED_LOGINS} failed logins",
               {"locked_until": user.locked_until.isoformat()}, user.id)  # fmt: skip
        return AccountLockedError(user.locked_until, now)
    _audit(session, user.username, "user.login_failed",
           f"用户 {user.username} 密码错误(连续第 {user.failed_logins} 次) / wrong password for {user.username} "
           f"({user.failed_logins} in a row)", {"reason": "wrong_password", "failures": user.failed_logins},
           user.id)  # fmt: skip
    return _bad_credentials()


def _bad_credentials() -> LoginFailedError:
    return LoginFailedError(
        "用户名或密码不正确。",
        "Wrong user name or password.",
        hint_zh=f"请检查大小写和输入法;连续输错 {MAX_FAILED_LOGINS} 次后账户会锁定 {LOCKOUT.seconds // 60} 分钟。",
        hint_en=f"Check Caps Lock and the input method; {MAX_FAILED_LOGINS} wrong passwords in a row lock the "
        f"account for {LOCKOUT.seconds // 60} minutes.",
    )


def _session_of(user: User) -> LoginSession:
    role = user.role
    return LoginSession(
        actor=Actor(user.username, user.id),
        username=user.username,
        display_name=user.display_name,
        role=role.code,
        role_zh=role.name_zh,
        role_en=role.name_en,
        permissions=permissions_of(role.code),
        approval_limit_cny=approval_limit_cny(user),
    )


def needs_bootstrap(store) -> bool:
    """True while nobody can log in: the first user may then be created without an actor."""
    with store.reader() as session:
        return _can_bootstrap(session)


def _can_bootstrap(session: Session) -> bool:
    able = sa.select(User.id).where(User.active.is_(True), User.password_hash.is_not(None)).limit(1)
    return session.scalar(able) is None


# -- administration --------------------------------------------------------------------------------------------
def create_user(
    store,
    actor: ActorLike | LoginSession | None,
    username: str,
    display_name: str,
    role: str,
    password: str,
) -> UserInfo:
    """A new active local user with an argon2id hash. Needs MANAGE_USERS, except the bootstrap user."""
    username = _clean_username(username)
    display_name = _clean_display_name(display_name, username)
    check_password_policy(password, username)
    password_hash = hash_password(password)  # before the transaction: argon2 takes a while
    with store.session() as session:
        # Serialise bootstraps in team mode (two desktops creating "the first admin" at once).
        session.execute(sa.select(Role.code).where(Role.code == "admin").with_for_update())
        role_row = _role(session, role)
        if _can_bootstrap(session):
            if role_row.code not in BOOTSTRAP_ROLES:
                raise InputError(
                    "第一个可登录的用户必须是「管理员」或「主管」。",
                    "The first user who can log in must be an Admin or a Manager.",
                    hint_zh="用 --role admin 或 --role manager 创建。",
                    hint_en="Create it with --role admin or --role manager.",
                )
            who = actor_of(actor) if actor is not None else Actor("bootstrap")
            bootstrap = True
        else:
            who = actor_of(actor) if actor is not None else Actor("anonymous")
            require(session, who, Permission.MANAGE_USERS)
            bootstrap = False
        if _find(session, username) is not None:
            raise InputError(f"用户名「{username}」已存在。", f"The user name '{username}' is taken.",
                             hint_zh="请换一个用户名。", hint_en="Choose another user name.")  # fmt: skip
        user = User(
            username=username,
            display_name=display_name,
            role_code=role_row.code,
            password_hash=password_hash,
            active=True,
            failed_logins=0,
        )
        session.add(user)
        session.flush()
        _audit(session, who.name, "user.create",
               shorten(f"新建用户 {username}({display_name},{role_row.name_zh}){'(初始管理员)' if bootstrap else ''}"
                       f" / user {username} created as {role_row.code}{' (bootstrap)' if bootstrap else ''}"),
               {"username": username, "display_name": display_name, "role": role_row.code, "bootstrap": bootstrap},
               user.id)  # fmt: skip
        return _info(user)


def set_password(
    store,
    actor: ActorLike | LoginSession,
    username: str,
    new_password: str,
    *,
    current_password: str | None = None,
) -> None:
    """Change a password: your own with ``current_password``, anyone's with MANAGE_USERS. Unlocks the account."""
    who = actor_of(actor)
    check_password_policy(new_password, (username or "").strip())
    new_hash = hash_password(new_password)
    with store.session() as session:
        acting = current_user(session, who)
        user = _existing(session, username, lock=True)
        own = acting.id == user.id
        if own:
            if current_password is None or not _verify(user.password_hash or "", current_password):
                raise PermissionDeniedError(
                    "当前密码不正确,密码未修改。",
                    "The current password is wrong; the password was not changed.",
                )
        else:
            require(session, who, Permission.MANAGE_USERS)
        if user.username == SYSTEM_USERNAME:
            raise _system_untouchable()
        user.password_hash = new_hash
        user.failed_logins = 0
        user.locked_until = None
        _audit(session, who.name, "user.password_changed",
               f"用户 {user.username} 的密码已{'修改' if own else '由管理员重设'} / password of {user.username} "
               f"{'changed' if own else 'reset by an administrator'}", {"by_self": own}, user.id)  # fmt: skip


def set_role(store, actor: ActorLike | LoginSession, username: str, role: str) -> UserInfo:
    """Give a user another role (MANAGE_USERS). The last active admin keeps theirs."""
    who = actor_of(actor)
    with store.session() as session:
        require(session, who, Permission.MANAGE_USERS)
        user = _existing(session, username, lock=True)
        if user.username == SYSTEM_USERNAME:
            raise _system_untouchable()
        role_row = _role(session, role)
        before = user.role_code
        if before == role_row.code:
            return _info(user)
        if before == "admin" and user.active:
            _refuse_last_admin(session, user, "改为其他角色", "given another role")
        user.role_code = role_row.code
        session.flush()
        session.refresh(user)
        _audit(session, who.name, "user.role_changed",
               f"用户 {user.username} 的角色:{before} → {role_row.code} / role of {user.username}: {before} → "
               f"{role_row.code}", {"from": before, "to": role_row.code}, user.id)  # fmt: skip
        return _info(user)


def deactivate(store, actor: ActorLike | LoginSession, username: str) -> UserInfo:
    """Disable a user (MANAGE_USERS): they can no longer log in or be assigned. Not yourself, not the last admin."""
    who = actor_of(actor)
    with store.session() as session:
        acting = require(session, who, Permission.MANAGE_USERS)
        user = _existing(session, username, lock=True)
        if not user.active:
            return _info(user)
        if user.id == acting.id:
            raise InputError("不能停用自己的账户。", "You cannot deactivate your own account.",
                             hint_zh="请让另一位管理员操作。", hint_en="Ask another administrator.")  # fmt: skip
        if user.role_code == "admin":
            _refuse_last_admin(session, user, "停用", "deactivated")
        user.active = False
        _audit(session, who.name, "user.deactivated", f"停用用户 {user.username} / user {user.username} deactivated",
               {"username": user.username}, user.id)  # fmt: skip
        return _info(user)


def list_users(store, *, include_inactive: bool = True) -> list[UserInfo]:
    """Every user (the "system" user too when ``include_inactive``), by user name. No secrets in the result."""
    query = sa.select(User).order_by(User.username)
    if not include_inactive:
        query = query.where(User.active.is_(True))
    with store.reader() as session:
        return [_info(u) for u in session.scalars(query)]


class UserServices:
    """The user use cases on one open store, actor first (wrap in ``ActorBound`` for a logged-in UI)."""

    def __init__(self, store) -> None:
        self.store = store

    def create_user(self, actor, username: str, display_name: str, role: str, password: str) -> UserInfo:
        return create_user(self.store, actor, username, display_name, role, password)

    def set_password(self, actor, username: str, new_password: str, *, current_password: str | None = None) -> None:
        set_password(self.store, actor, username, new_password, current_password=current_password)

    def set_role(self, actor, username: str, role: str) -> UserInfo:
        return set_role(self.store, actor, username, role)

    def deactivate(self, actor, username: str) -> UserInfo:
        return deactivate(self.store, actor, username)

    def list_users(self, actor, *, include_inactive: bool = True) -> list[UserInfo]:
        with self.store.reader() as session:
            require(session, actor_of(actor), Permission.MANAGE_USERS)
        return list_users(self.store, include_inactive=include_inactive)


class LoginServices:
    """What the login dialog calls (on the DB worker: argon2 takes ~50 ms or more)."""

    def __init__(self, store) -> None:
        self.store = store

    def login(self, username: str, password: str) -> LoginSession:
        return login(self.store, username, password)

    def needs_bootstrap(self) -> bool:
        return needs_bootstrap(self.store)


# -- local users without a password (assignees before logins existed) and the system user ------------------------
def ensure_local_user(store, username: str, display_name: str, role_code: str, *, actor: ActorLike = "system") -> int:
    """The id of the user ``username``, creating it (active, no password, audited) if it does not exist.

    Such a user can be assigned cases but cannot log in until an administrator sets a password.
    """
    username = (username or "").strip()
    display_name = (display_name or "").strip() or username
    if not username or len(username) > USERNAME_MAX_CHARS or len(display_name) > DISPLAY_NAME_MAX_CHARS:
        raise InputError(
            "用户名不能为空且最多 64 个字符,显示名最多 80 个字符。",
            "A user name must not be empty and may have at most 64 characters; a display name at most 80.",
        )
    with store.session() as session:
        existing = session.scalar(sa.select(User.id).where(User.username == username))
        if existing is not None:
            return existing
        if session.get(Role, role_code) is None:
            raise InputError(f"未知的角色「{role_code}」。", f"Unknown role '{role_code}'.")
        user = User(username=username, display_name=display_name, role_code=role_code, active=True)
        session.add(user)
        session.flush()
        audit.append(
            session,
            actor=as_actor(actor).name,
            action="user.create",
            summary=shorten(f"新建本地用户 {display_name} / local user {username} created"),
            payload={"user_id": user.id, "username": username, "role": role_code},
            entity_type="user",
            entity_id=user.id,
        )
        return user.id


def system_user_id(session: Session) -> int:
    """The local "system" user (inactive, no password, least-privileged role), created on first use.

    Stands in as ``Approval.requested_by`` when the actor has no user row of their own. Being inactive it can
    neither log in nor be chosen as an assignee.
    """
    existing = session.scalar(sa.select(User.id).where(User.username == SYSTEM_USERNAME))
    if existing is not None:
        return existing
    user = User(username=SYSTEM_USERNAME, display_name=SYSTEM_DISPLAY_NAME, role_code="cs", active=False)
    session.add(user)
    session.flush()
    audit.append(
        session,
        actor="system",
        action="user.create",
        summary="新建系统用户(停用,仅作审批申请人) / system user created (inactive, approval requester only)",
        payload={"user_id": user.id, "username": SYSTEM_USERNAME, "role": "cs", "active": False},
        entity_type="user",
        entity_id=user.id,
    )
    return user.id


# -- helpers ---------------------------------------------------------------------------------------------------
def _find(session: Session, username: str, *, lock: bool = False) -> User | None:
    """The user with this name, compared case-insensitively (ASCII), or None."""
    query = sa.select(User).where(sa.func.lower(User.username) == username.lower())
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def _existing(session: Session, username: str, *, lock: bool = False) -> User:
    name = (username or "").strip()
    user = _find(session, name, lock=lock) if name else None
    if user is None:
        raise InputError(f"找不到用户「{name}」。", f"There is no user '{name}'.",
                         hint_zh="用 acorn user list 查看所有用户。", hint_en="See acorn user list.")  # fmt: skip
    return user


def _role(session: Session, code: str) -> Role:
    role = session.get(Role, (code or "").strip())
    if role is None:
        codes = ", ".join(session.scalars(sa.select(Role.code).order_by(Role.code)))
        raise InputError(f"未知的角色「{code}」。可选:{codes}", f"Unknown role '{code}'. Choose one of: {codes}")
    return role


def _clean_username(username: str) -> str:
    name = (username or "").strip()
    if not name or len(name) > USERNAME_MAX_CHARS:
        raise InputError(
            f"用户名不能为空,最多 {USERNAME_MAX_CHARS} 个字符。",
            f"A user name must not be empty and may have at most {USERNAME_MAX_CHARS} characters.",
        )
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in name):
        raise InputError("用户名不能包含空格或控制字符。", "A user name cannot contain spaces or control characters.",
                         hint_zh="例如 li.lei 或 wang_fang。", hint_en="For example li.lei or wang_fang.")  # fmt: skip
    if name.lower() in RESERVED_USERNAMES:
        raise InputError(f"「{name}」是系统保留的用户名。", f"'{name}' is a reserved user name.")
    return name


def _clean_display_name(display_name: str | None, username: str) -> str:
    name = " ".join((display_name or "").split()) or username
    if len(name) > DISPLAY_NAME_MAX_CHARS:
        raise InputError(
            f"显示名太长:最多 {DISPLAY_NAME_MAX_CHARS} 个字符。",
            f"The display name is too long: at most {DISPLAY_NAME_MAX_CHARS} characters.",
        )
    return name


def _refuse_last_admin(session: Session, user: User, verb_zh: str, verb_en: str) -> None:
    others = session.scalar(
        sa.select(sa.func.count()).where(User.role_code == "admin", User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise InputError(
            f"「{user.username}」是最后一位管理员,不能{verb_zh}。",
            f"'{user.username}' is the last administrator and cannot be {verb_en}.",
            hint_zh="请先创建另一位管理员。",
            hint_en="Create another administrator first.",
        )


def _system_untouchable() -> InputError:
    return InputError("系统用户不能登录,也不能修改。", "The system user cannot log in and cannot be changed.")


def _info(user: User) -> UserInfo:
    role = user.role
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=role.code,
        role_zh=role.name_zh,
        role_en=role.name_en,
        active=user.active,
        has_password=bool(user.password_hash),
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        locked_until=user.locked_until,
        failed_logins=user.failed_logins or 0,
    )


def _audit(session: Session, actor: str, action: str, summary: str, payload: dict, user_id: int | None = None):
    """A user-related audit entry. Callers never pass a password or a hash."""
    audit.append(
        session,
        actor=actor,
        action=action,
        summary=shorten(summary),
        payload={"user_id": user_id, **payload},
        entity_type="user" if user_id is not None else None,
        entity_id=user_id,
    )
