"""Seller Central notification formats: one TOML file per notification type × language, and the matcher.

The formats are data (``resources/mail_formats/<kind>.<language>.toml``), written so that a person who gets a
notification the app does not know yet can add one: copy the closest file, paste the new mail under
``[example]`` (with made-up names and order ids), adjust the patterns, and run the format tests
(``tests/mail/test_formats.py`` parses every file's own example). Each file says:

``id``, ``kind`` (``atoz_claim`` | ``chargeback`` | ``buyer_message``), ``language``, ``marketplaces``
    what it is; ``marketplaces`` lists where Amazon sends it in that language (used when neither the order
    nor the sender's domain tells the marketplace).
``[match]`` ``subject`` / ``body``
    regular expressions that must **all** be found (case-insensitive) for the format to apply.
``[fields]`` / ``[subject_fields]``
    one regular expression per fact, each with a group named ``value``; ``fields`` are searched in the body,
    then in the subject, ``subject_fields`` in the subject only. Facts: ``order_id``, ``reason``, ``amount``,
    ``respond_by``, ``claim_id``, ``message``, ``buyer_name`` (read only to remove the name from the excerpt;
    never stored). ``required`` lists the facts without which the mail stays unparsed.
``[reasons]``
    reason code → Amazon's phrases for it; the longest phrase found in the reason text wins. The first
    phrase is the canonical wording (the demo mails use it).
``[example]``
    ``from``, ``subject``, ``body`` with ``$order_id``, ``$reason``, ``$amount``, ``$respond_by``,
    ``$message``, ``$buyer_name``, ``$claim_id`` placeholders (``string.Template``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ...domain.cases import CaseKind
from ...errors import InputError
from ...paths import resource

FACTS = ("order_id", "reason", "amount", "respond_by", "claim_id", "message", "buyer_name")
KINDS = {CaseKind.ATOZ_CLAIM.value, CaseKind.CHARGEBACK.value, CaseKind.BUYER_MESSAGE.value}
_FLAGS = re.I | re.M | re.S


@dataclass(frozen=True)
class MailFormat:
    id: str
    kind: CaseKind
    language: str
    marketplaces: tuple[str, ...]
    subject_patterns: tuple[re.Pattern, ...]
    body_patterns: tuple[re.Pattern, ...]
    fields: dict[str, re.Pattern]
    subject_fields: dict[str, re.Pattern]
    required: tuple[str, ...]
    reasons: tuple[tuple[str, str], ...]  # (lower-cased phrase, reason code), longest phrase first
    canonical_reasons: dict[str, str]  # reason code → the first phrase
    example: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def applies(self, subject: str, body: str) -> bool:
        return all(p.search(subject) for p in self.subject_patterns) and all(p.search(body) for p in self.body_patterns)

    def extract(self, subject: str, body: str) -> dict[str, str]:
        """Every fact this format finds (stripped, non-empty)."""
        found: dict[str, str] = {}
        searches = [(name, pattern, (body, subject)) for name, pattern in self.fields.items()]
        searches += [(name, pattern, (subject,)) for name, pattern in self.subject_fields.items()]
        for name, pattern, texts in searches:
            if name in found:
                continue
            for text in texts:
                match = pattern.search(text)
                value = (match.group("value") or "").strip() if match is not None else ""
                if value:
                    found[name] = value
                    break
        return found

    def reason_code(self, reason_text: str | None) -> str | None:
        if not reason_text:
            return None
        text = " ".join(reason_text.lower().split())
        return next((code for phrase, code in self.reasons if phrase in text), None)


def formats_dir() -> Path:
    return resource("mail_formats")


@functools.cache
def load_formats(directory: str | None = None) -> tuple[MailFormat, ...]:
    """Every format file of ``directory`` (default: the bundled ones), sorted by id. Cached per directory."""
    folder = Path(directory) if directory else formats_dir()
    return tuple(sorted((load_format(p) for p in folder.glob("*.toml")), key=lambda f: f.id))


def load_format(path: Path) -> MailFormat:
    """One format file, checked; a mistake in it is an :class:`InputError` naming the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _bad(path, f"无法读取:{exc}", f"cannot be read: {exc}") from exc
    try:
        kind = data["kind"]
        if kind not in KINDS:
            raise _bad(path, f"kind「{kind}」无效", f"invalid kind '{kind}'")
        match = data.get("match", {})
        fields = dict(data.get("fields", {}))
        required = tuple(fields.pop("required", ("order_id",)))
        subject_fields = dict(data.get("subject_fields", {}))
        unknown = (set(fields) | set(subject_fields)) - set(FACTS)
        if unknown:
            raise _bad(path, f"未知字段:{', '.join(sorted(unknown))}", f"unknown facts: {', '.join(sorted(unknown))}")
        compiled = {name: _compile(path, name, pattern) for name, pattern in fields.items()}
        subject_compiled = {name: _compile(path, name, pattern) for name, pattern in subject_fields.items()}
        for name, pattern in {**compiled, **subject_compiled}.items():
            if "value" not in pattern.groupindex:
                raise _bad(path, f"字段 {name} 缺少 (?P<value>…) 分组", f"field {name} has no (?P<value>…) group")
        missing = set(required) - set(compiled) - set(subject_compiled)
        if missing:
            raise _bad(path, f"必需字段没有模式:{', '.join(sorted(missing))}",
                       f"required facts without a pattern: {', '.join(sorted(missing))}")  # fmt: skip
        phrases: list[tuple[str, str]] = []
        canonical: dict[str, str] = {}
        for code, words in data.get("reasons", {}).items():
            words = [words] if isinstance(words, str) else list(words)
            canonical[code] = words[0]
            phrases.extend((" ".join(w.lower().split()), code) for w in words)
        phrases.sort(key=lambda item: len(item[0]), reverse=True)
        return MailFormat(
            id=data.get("id") or path.stem,
            kind=CaseKind(kind),
            language=data["language"],
            marketplaces=tuple(data.get("marketplaces", ())),
            subject_patterns=tuple(_compile(path, "match.subject", p) for p in match.get("subject", ())),
            body_patterns=tuple(_compile(path, "match.body", p) for p in match.get("body", ())),
            fields=compiled,
            subject_fields=subject_compiled,
            required=required,
            reasons=tuple(phrases),
            canonical_reasons=canonical,
            example=dict(data.get("example", {})),
            path=path,
        )
    except KeyError as exc:
        raise _bad(path, f"缺少 {exc.args[0]}", f"{exc.args[0]} is missing") from exc


def _compile(path: Path, name: str, pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern, _FLAGS)
    except re.error as exc:
        raise _bad(
            path, f"{name} 的正则表达式有误:{exc}", f"the regular expression of {name} is invalid: {exc}"
        ) from exc


def _bad(path: Path, zh: str, en: str) -> InputError:
    return InputError(
        f"邮件格式文件 {path.name} 有误:{zh}", f"The mail format file {path.name} is wrong: {en}",
        hint_zh="请对照同目录下的其他格式文件改正。", hint_en="Compare it with the other format files and fix it.",
    )  # fmt: skip
