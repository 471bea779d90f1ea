"""Local users: argon2id hashes, login with lockout, audited without secrets, bootstrap, who may manage users."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from acorn_desktop.errors import InputError, PermissionDeniedError
from acorn_desktop.models import AuditEntry, User
from acorn_desktop.services import audit, users
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.permissions import Permission
from acorn_desktop.services.users import AccountLockedError, LoginFailedError

PASSWORD = "correct horse battery"
ROLES = ("cs", "operator", "manager", "finance", "admin")


@pytest.fixture(autouse=True)
def fast_hasher(monkeypatch):
    """argon2id with small parameters: the same algorithm and format, a fraction of the time."""
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "HASHER", hasher)
    return hasher


@pytest.fixture
def admin(store) -> Actor:
    info = users.create_user(store, None, "boss", "老板", "admin", PASSWORD)
    return Actor(info.username, info.id)


def make_user(store, admin: Actor, name: str, role: str) -> Actor:
    info = users.create_user(store, admin, name, name.title(), role, PASSWORD)
    return Actor(info.username, info.id)


def user_row(store, username: str) -> User:
    with store.reader() as session:
        user = session.scalar(sa.select(User).where(User.username == username))
        if user is not None:
            session.expunge(user)
        return user


def audit_rows(store) -> list[AuditEntry]:
    with store.reader() as session:
        assert audit.verify_chain(session).ok
        rows = list(session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))
        session.expunge_all()
        return rows


def count_users(store) -> int:
    with store.reader() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(User))


# -- hashing ---------------------------------------------------------------------------------------------------
def test_password_is_stored_as_an_argon2id_hash(store, admin):
    stored = user_row(store, "boss").password_hash
    assert stored.startswith("$argon2id$v=19$") and PASSWORD not in stored
    assert users.HASHER.verify(stored, PASSWORD)
    session = users.login(store, "boss", PASSWORD)
    assert session.actor == admin and session.role == "admin" and session.can(Permission.MANAGE_USERS)
    assert not session.can(Permission.APPROVE_REFUNDS) and session.approval_limit_cny is None
    with pytest.raises(LoginFailedError) as info:
        users.login(store, "boss", PASSWORD + "x")
    assert info.value.zh.startswith("用户名或密码不正确")


def test_login_is_case_insensitive_on_the_name_and_reports_the_role_and_limit(store, admin):
    make_user(store, admin, "li.lei", "operator")
    session = users.login(store, "  LI.LEI ", PASSWORD)
    assert session.username == "li.lei" and session.role_zh == "运营"
    assert session.approval_limit_cny == 200 and session.can(Permission.APPROVE_REFUNDS)
    assert user_row(store, "li.lei").last_login_at is not None


def test_hash_is_renewed_when_the_parameters_change(store, admin, monkeypatch):
    before = user_row(store, "boss").password_hash
    assert "t=1" in before
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    users.login(store, "boss", PASSWORD)
    after = user_row(store, "boss").password_hash
    assert after != before and "m=2048,t=2,p=1" in after
    users.login(store, "boss", PASSWORD)  # still valid, not rehashed again
    assert user_row(store, "boss").password_hash == after


def test_unknown_user_costs_one_hash_verification_too(store, admin, monkeypatch):
    calls = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash, password):
            calls.append(hash)
            return super().verify(hash, password)

    monkeypatch.setattr(users, "HASHER", CountingHasher(time_cost=1, memory_cost=1024, parallelism=1))
    for name in ("nobody", "boss"):
        with pytest.raises(LoginFailedError) as info:
            users.login(store, name, "wrong password")
        assert info.value.zh.startswith("用户名或密码不正确")  # one message: no user enumeration
    assert len(calls) == 2 and calls[0] != user_row(store, "boss").password_hash


# -- lockout ---------------------------------------------------------------------------------------------------
def test_five_failures_lock_the_account_for_fifteen_minutes(store, admin):
    t0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    for attempt in range(1, 5):
        with pytest.raises(LoginFailedError) as info:
            users.login(store, "boss", "wrong-password", now=t0)
        assert not isinstance(info.value, AccountLockedError)
        assert user_row(store, "boss").failed_logins == attempt
    with pytest.raises(AccountLockedError) as info:
        users.login(store, "boss", "wrong-password", now=t0)
    assert info.value.locked_until == t0 + timedelta(minutes=15) and "15 分钟" in info.value.zh
    row = user_row(store, "boss")
    assert row.locked_until == t0 + timedelta(minutes=15)
    with pytest.raises(AccountLockedError):  # even the right password, while locked
        users.login(store, "boss", PASSWORD, now=t0 + timedelta(minutes=14, seconds=59))
    session = users.login(store, "boss", PASSWORD, now=t0 + timedelta(minutes=15, seconds=1))
    assert session.username == "boss"
    row = user_row(store, "boss")
    assert row.failed_logins == 0 and row.locked_until is None


def test_a_success_resets_the_failure_count(store, admin):
    for _ in range(4):
        with pytest.raises(LoginFailedError):
            users.login(store, "boss", "wrong-password")
    users.login(store, "boss", PASSWORD)
    for _ in range(4):  # four more are fine again: the count restarted
        with pytest.raises(LoginFailedError) as info:
            users.login(store, "boss", "wrong-password")
        assert not isinstance(info.value, AccountLockedError)


def test_an_administrator_reset_unlocks(store, admin):
    make_user(store, admin, "wang", "cs")
    for _ in range(5):
        with pytest.raises(LoginFailedError):
            users.login(store, "wang", "wrong-password")
    users.set_password(store, admin, "wang", "a brand new passphrase")
    assert users.login(store, "wang", "a brand new passphrase").role == "cs"


# -- audit -----------------------------------------------------------------------------------------------------
def test_logins_and_failures_are_audited_without_the_password(store, admin):
    secret_typed_as_name = "MySecretPassw0rd!"
    with pytest.raises(LoginFailedError):
        users.login(store, secret_typed_as_name, "whatever-else")  # a password typed in the name field
    with pytest.raises(LoginFailedError):
        users.login(store, "boss", "wrong-guess-123")
    users.login(store, "boss", PASSWORD)
    users.set_password(store, admin, "boss", "next passphrase 2026", current_password=PASSWORD)
    rows = audit_rows(store)
    actions = [r.action for r in rows]
    assert actions.count("user.login_failed") == 2 and "user.login" in actions
    assert "user.password_changed" in actions and "user.create" in actions
    for row in rows:
        text = " ".join(str(v) for v in (row.actor, row.summary, row.entity_id, row.entity_type, row.action))
        for secret in (PASSWORD, "wrong-guess-123", "next passphrase 2026", secret_typed_as_name, "whatever-else"):
            assert secret not in text
        for secret in (PASSWORD, "wrong-guess-123", "next passphrase 2026"):
            assert row.payload_digest != audit.digest(secret)
    unknown = next(r for r in rows if r.action == "user.login_failed")
    assert unknown.actor == "anonymous" and "不存在" in unknown.summary


def test_lock_is_audited(store, admin):
    for _ in range(5):
        with pytest.raises(LoginFailedError):
            users.login(store, "boss", "wrong-password")
    with pytest.raises(AccountLockedError):
        users.login(store, "boss", PASSWORD)
    actions = [r.action for r in audit_rows(store)]
    assert actions.count("user.locked") == 1 and actions.count("user.login_locked") == 1


# -- bootstrap -------------------------------------------------------------------------------------------------
def test_first_user_may_be_created_without_an_actor_only_as_admin_or_manager(store):
    assert users.needs_bootstrap(store)
    with pytest.raises(InputError) as info:
        users.create_user(store, None, "first", "First", "cs", PASSWORD)
    assert "管理员" in info.value.zh and count_users(store) == 0
    info = users.create_user(store, None, "first", "First", "manager", PASSWORD)
    assert info.role == "manager" and info.has_password and not users.needs_bootstrap(store)
    with pytest.raises(PermissionDeniedError):  # from now on only with MANAGE_USERS
        users.create_user(store, None, "second", "Second", "admin", PASSWORD)
    with pytest.raises(PermissionDeniedError):
        users.create_user(store, Actor("first", info.id), "second", "Second", "admin", PASSWORD)
    entry = next(r for r in audit_rows(store) if r.action == "user.create")
    assert entry.actor == "bootstrap" and "初始管理员" in entry.summary


def test_users_without_a_password_do_not_end_the_bootstrap(store):
    users.ensure_local_user(store, "assignee", "只分配工单", "cs")
    with store.session() as session:
        users.system_user_id(session)
    assert users.needs_bootstrap(store)
    assert users.create_user(store, None, "boss", "老板", "admin", PASSWORD).role == "admin"


# -- permissions -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_only_admins_manage_users(store, admin, role):
    actor = make_user(store, admin, f"user-{role}", role) if role != "admin" else admin
    before = count_users(store)
    calls = [
        lambda: users.create_user(store, actor, "newbie", "New", "cs", PASSWORD),
        lambda: users.set_role(store, actor, "boss" if role != "admin" else f"user-{role}", "cs"),
        lambda: users.deactivate(store, actor, "boss" if role != "admin" else "nobody-yet"),
        lambda: users.UserServices(store).list_users(actor),
    ]
    if role == "admin":
        users.create_user(store, actor, "newbie", "New", "cs", PASSWORD)
        assert users.set_role(store, actor, "newbie", "operator").role == "operator"
        assert not users.deactivate(store, actor, "newbie").active
        assert "newbie" in [u.username for u in users.UserServices(store).list_users(actor)]
        return
    for call in calls:
        with pytest.raises(PermissionDeniedError) as info:
            call()
        assert "无权管理用户" in info.value.zh
    assert count_users(store) == before and user_row(store, "boss").role_code == "admin"
    with pytest.raises(PermissionDeniedError):  # another user's password
        users.set_password(store, actor, "boss", "taking over the shop")
    assert users.login(store, "boss", PASSWORD).username == "boss"


def test_anonymous_actor_cannot_manage_users(store, admin):
    with pytest.raises(PermissionDeniedError) as info:
        users.create_user(store, Actor("gui"), "newbie", "New", "cs", PASSWORD)
    assert "登录" in info.value.zh


# -- passwords, roles, deactivation ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("password", "fragment"),
    [("short", "至少需要 8 个字符"), ("12345678", "太常见"), ("aaaaaaaaaa", "太常见"), ("newbie", "至少"),
     ("Newbie-1", None), ("NEWBIE-1", None), ("        ", "空格"), ("x" * 257, "太长")],
)  # fmt: skip
def test_password_policy(store, admin, password, fragment):
    if fragment is None:  # long enough and not common: allowed
        users.create_user(store, admin, "newbie-ok", "New", "cs", password)
        return
    with pytest.raises(InputError) as info:
        users.create_user(store, admin, "newbie", "New", "cs", password)
    assert fragment in info.value.zh and info.value.en
    assert user_row(store, "newbie") is None


def test_password_equal_to_the_user_name_is_refused(store, admin):
    with pytest.raises(InputError) as info:
        users.create_user(store, admin, "longusername", "X", "cs", "LongUserName")
    assert "用户名相同" in info.value.zh


@pytest.mark.parametrize("name", ["", "  ", "has space", "system", "SYSTEM", "x" * 65, "tab\tname"])
def test_bad_user_names(store, admin, name):
    with pytest.raises(InputError):
        users.create_user(store, admin, name, "X", "cs", PASSWORD)


def test_duplicate_user_name_and_unknown_role(store, admin):
    with pytest.raises(InputError) as info:
        users.create_user(store, admin, "BOSS", "Other", "cs", PASSWORD)
    assert "已存在" in info.value.zh
    with pytest.raises(InputError) as info:
        users.create_user(store, admin, "newbie", "New", "cashier", PASSWORD)
    assert "cashier" in info.value.zh and "finance" in info.value.zh


def test_own_password_needs_the_current_one(store, admin):
    wang = make_user(store, admin, "wang", "cs")
    with pytest.raises(PermissionDeniedError):
        users.set_password(store, wang, "wang", "a brand new passphrase", current_password="wrong")
    with pytest.raises(PermissionDeniedError):
        users.set_password(store, wang, "wang", "a brand new passphrase")
    users.set_password(store, wang, "wang", "a brand new passphrase", current_password=PASSWORD)
    with pytest.raises(LoginFailedError):
        users.login(store, "wang", PASSWORD)
    assert users.login(store, "wang", "a brand new passphrase").user_id == wang.user_id


def test_role_change_takes_effect_at_the_next_login(store, admin):
    make_user(store, admin, "wang", "cs")
    assert users.login(store, "wang", PASSWORD).approval_limit_cny is None
    users.set_role(store, admin, "wang", "manager")
    assert users.login(store, "wang", PASSWORD).approval_limit_cny == 2000


def test_last_admin_keeps_the_role_and_cannot_be_deactivated(store, admin):
    with pytest.raises(InputError) as info:
        users.set_role(store, admin, "boss", "manager")
    assert "最后一位管理员" in info.value.zh
    with pytest.raises(InputError):
        users.deactivate(store, admin, "boss")  # yourself, and the last admin
    second = make_user(store, admin, "boss2", "admin")
    assert users.deactivate(store, second, "boss").active is False
    with pytest.raises(LoginFailedError):
        users.login(store, "boss", PASSWORD)
    with pytest.raises(PermissionDeniedError):  # a deactivated admin can no longer act either
        users.create_user(store, admin, "newbie", "New", "cs", PASSWORD)


def test_system_user_cannot_log_in_or_be_changed(store, admin):
    with store.session() as session:
        system_id = users.system_user_id(session)
        assert users.system_user_id(session) == system_id
    with pytest.raises(LoginFailedError):
        users.login(store, "system", "")
    with pytest.raises(InputError):
        users.set_password(store, admin, "system", "some long passphrase")
    with pytest.raises(InputError):
        users.set_role(store, admin, "system", "admin")
    listed = {u.username: u for u in users.list_users(store)}
    assert not listed["system"].active and not listed["system"].has_password
    assert "system" not in {u.username for u in users.list_users(store, include_inactive=False)}


def test_login_services_for_the_dialog(store):
    service = users.LoginServices(store)
    assert service.needs_bootstrap()
    users.create_user(store, None, "boss", "老板", "admin", PASSWORD)
    assert not service.needs_bootstrap()
    assert service.login("boss", PASSWORD).display_name == "老板"
