"""Bad input: every importer answers any bytes with its own InputError (file and line named) or a result —
never an internal error. Mac (CR-only) line ends and cells over 128 KiB are explained, and change nothing."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acorn_desktop.errors import InputError
from acorn_desktop.formats.claims_csv import parse_claims_csv
from acorn_desktop.formats.mail.parse import parse_mail
from acorn_desktop.services.policies import parse_holiday_file
from acorn_desktop.services.shipments import parse_tracking_lines, read_tracking_csv

FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
CLAIMS_HEADER = "type,order_id,opened_at,marketplace,amount,currency,reason,message"
TRACKING_HEADER = "order_id,carrier,tracking_number,ship_date,delivery_date,scan_time,scan_code"
HOLIDAYS_HEADER = "marketplace,date,name,source"
_n = itertools.count()

_cell = st.one_of(
    st.sampled_from(["atoz", "拒付", "302-1234567-1234567", "2026-03-09 10:15", "25,99", "EUR", "DE", "", "UPS",
                     "1Z999", "2026-13-45", "=HYPERLINK(\"x\")", '"', '""', "a\rb", "x\ny", "-1", "9" * 40]),
    st.text(max_size=30),
)  # fmt: skip
_sep = st.sampled_from([",", ";", "\t"])
_end = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def spreadsheet(draw, header: str) -> bytes:
    """A header (sometimes mangled) and rows of plausible and hostile cells, in one of Excel's encodings."""
    sep, end = draw(_sep), draw(_end)
    head = header.replace(",", sep) if draw(st.booleans()) else draw(st.text(max_size=40))
    rows = draw(st.lists(st.lists(_cell, max_size=9), max_size=6))
    text = end.join([head, *(sep.join(r) for r in rows)])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    return text.encode(encoding, errors="replace")


def inputs(header: str):
    return st.one_of(spreadsheet(header), st.binary(max_size=600))


def write(tmp_path: Path, data: bytes, suffix: str) -> Path:
    path = tmp_path / f"f{next(_n)}{suffix}"
    path.write_bytes(data)
    return path


def answers(call) -> None:
    """Run an importer: a result or an InputError (with Chinese text) pass; anything else fails the test."""
    try:
        call()
    except InputError as exc:
        assert exc.zh


@FUZZ
@given(data=inputs(CLAIMS_HEADER))
def test_fuzz_claims_csv(tmp_path, data):
    answers(lambda: parse_claims_csv(write(tmp_path, data, ".csv"), store_names={"店铺A"}))


@FUZZ
@given(data=inputs(TRACKING_HEADER))
def test_fuzz_tracking_csv(tmp_path, data):
    path = write(tmp_path, data, ".csv")

    def run():
        _, lines = read_tracking_csv(path)
        parse_tracking_lines(path.name, lines, lambda _oid: UTC)

    answers(run)


@FUZZ
@given(data=st.one_of(inputs(HOLIDAYS_HEADER), st.text(max_size=300).map(str.encode)), json=st.booleans())
def test_fuzz_holiday_files(tmp_path, data, json):
    answers(lambda: parse_holiday_file(write(tmp_path, data, ".json" if json else ".csv")))


_header = st.sampled_from(
    ["From", "To", "Subject", "Date", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]
)
_value = st.one_of(
    st.sampled_from(["multipart/mixed; boundary=b", "text/html; charset=gb2312", "base64", "quoted-printable",
                     "=?utf-8?b?5L2g5aW9?=", "=?bogus?q?x?=", "Mon, 99 Foo 2026 99:99:99", "seller@amazon.com",
                     "A-to-z Guarantee claim 302-1234567-1234567", "text/plain; charset=unknown-8bit"]),
    st.text(max_size=40),
)  # fmt: skip


@st.composite
def mails(draw) -> bytes:
    headers = draw(st.lists(st.tuples(_header, _value), max_size=8))
    body = draw(st.one_of(st.text(max_size=300), st.sampled_from(["--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--",
                                                                   "PGh0bWw+", "=E4=BD=A0=\r\n"])))  # fmt: skip
    text = "\r\n".join(f"{k}: {v}" for k, v in headers) + "\r\n\r\n" + body
    return text.encode("utf-8", errors="replace")


@FUZZ
@given(raw=st.one_of(mails(), st.binary(max_size=800)))
def test_fuzz_eml(raw):
    answers(lambda: parse_mail(raw, now=datetime(2026, 11, 20, tzinfo=UTC)))


# -- the two cases from the issue, explained and naming the line --------------------------------------------------
MAC_CLAIMS = "type,order_id,opened_at\ratoz,302-1234567-1234567,2026-03-09 10:15\rchargeback,nope,2026-03-09\r"


def test_mac_line_ends_are_read_as_lines(tmp_path):
    with pytest.raises(InputError) as err:  # the second data row is bad: named on its own line, 3
        parse_claims_csv(write(tmp_path, MAC_CLAIMS.encode(), ".csv"))
    assert "第 3 行" in err.value.zh and "内部错误" not in err.value.zh
    good = MAC_CLAIMS.replace("chargeback,nope", "chargeback,302-7654321-7654321")
    assert len(parse_claims_csv(write(tmp_path, good.encode(), ".csv"))) == 2
    tracking = (TRACKING_HEADER + "\r302-1234567-1234567,UPS,1Z1,2026-03-01,2026-03-03,,\r").encode()
    _, lines = read_tracking_csv(write(tmp_path, tracking, ".csv"))
    assert [ln.number for ln in lines] == [2]


@pytest.mark.parametrize("importer", ["claims", "tracking", "holidays"])
def test_a_cell_over_128_kib_is_refused_naming_file_and_line(tmp_path, importer):
    header = {"claims": CLAIMS_HEADER, "tracking": TRACKING_HEADER, "holidays": HOLIDAYS_HEADER}[importer]
    text = header + "\n" + "DE,2026-12-25,ok,x\n" + '"' + "x" * (130 * 1024) + '",a\n'
    path = write(tmp_path, text.encode(), ".csv")
    call = {"claims": lambda: parse_claims_csv(path), "tracking": lambda: read_tracking_csv(path),
            "holidays": lambda: parse_holiday_file(path)}[importer]  # fmt: skip
    with pytest.raises(InputError) as err:
        call()
    assert path.name in err.value.zh and "128 KiB" in err.value.zh and "第 3 行" in err.value.zh
