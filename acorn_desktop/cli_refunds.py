"""``acorn refunds check | confirm-done | resend``: what a 主管 does with a 待确认 refund (services.refund_outbox).

``check`` prints what to look for in Seller Central; ``confirm-done`` records that the refund is there;
``resend`` by one manager asks to send it again and ``resend`` by a second manager confirms (four-eyes).
"""

from __future__ import annotations

from datetime import UTC, datetime


def _store_and_actor(args):
    from .cli import _login_as, _open

    store = _open(args)
    try:
        return store, (_login_as(store, args.as_user).actor if getattr(args, "as_user", None) else None)
    except BaseException:
        store.close()
        raise


def cmd_refunds_check(args, out) -> int:
    from .services.refund_outbox import guidance

    store, _ = _store_and_actor(args)
    try:
        with store.reader() as session:
            hint = guidance(session, args.id, now=datetime.now(UTC))
    finally:
        store.close()
    data = {"id": hint.outbox_id, "case_id": hint.case_id, "amazon_order_id": hint.amazon_order_id,
            "order_item_id": hint.order_item_id, "merchant_adjustment_item_id": hint.merchant_adjustment_item_id,
            "amount": str(hint.amount), "currency": hint.currency, "components": hint.components,
            "uploaded_at": hint.uploaded_at.isoformat() if hint.uploaded_at else None, "reason": hint.reason,
            "review_due": hint.review_due}  # fmt: skip
    out.emit(data, hint.text_zh)
    return 0


def cmd_refunds_confirm_done(args, out) -> int:
    from .services.refund_outbox import confirm_done

    store, actor = _store_and_actor(args)
    try:
        with store.session() as session:
            confirm_done(session, actor, args.id, args.note, now=datetime.now(UTC))
    finally:
        store.close()
    out.emit({"id": args.id, "state": "done"}, lambda: out.zh_en(f"退款 #{args.id} 已标记为完成", f"#{args.id} done"))
    return 0


def cmd_refunds_resend(args, out) -> int:
    import sqlalchemy as sa

    from .models import RefundOutbox
    from .services.refund_outbox import confirm_resend, request_resend

    store, actor = _store_and_actor(args)
    try:
        with store.session() as session:
            requested = session.scalar(sa.select(RefundOutbox.resend_requested_by).where(RefundOutbox.id == args.id))
            if requested is None:
                request_resend(session, actor, args.id, now=datetime.now(UTC))
                step = ("已申请重新发送,需另一位主管确认", "resend requested; a second manager must confirm")
            else:
                confirm_resend(session, actor, args.id, now=datetime.now(UTC))
                step = ("已确认重新发送,下次同步时发送", "resend confirmed; the next sync sends it")
    finally:
        store.close()
    out.emit({"id": args.id, "confirmed": requested is not None}, lambda: out.zh_en(*step))
    return 0


def register(refunds_cmd) -> None:
    as_help = "执行操作的主管;其密码从提示或 ACORN_LOGIN_PASSWORD 读取"
    p = refunds_cmd.add_parser("check", help="待确认的退款:在卖家平台核实什么")
    p.add_argument("id", type=int, help="退款 ID(acorn refunds list)")
    p.set_defaults(func=cmd_refunds_check)
    p = refunds_cmd.add_parser("confirm-done", help="主管已在卖家平台核实到该退款:标记为完成")
    p.add_argument("id", type=int, help="退款 ID")
    p.add_argument("--note", required=True, help="核实到的内容")
    p.add_argument("--as", dest="as_user", required=True, help=as_help)
    p.set_defaults(func=cmd_refunds_confirm_done)
    p = refunds_cmd.add_parser("resend", help="重新发送待确认的退款(一位主管申请,另一位主管确认)")
    p.add_argument("id", type=int, help="退款 ID")
    p.add_argument("--as", dest="as_user", required=True, help=as_help)
    p.set_defaults(func=cmd_refunds_resend)
