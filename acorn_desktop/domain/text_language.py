"""Which language a short message is written in — cheaply, from its script and its most common words. Qt-free.

Good enough for the messaging-policy check (is this German reply going to a French buyer?), not a general
language identifier: Japanese is recognised by kana, Chinese by Han characters without kana, and the Latin-script
languages by counting their function words (articles, pronouns, prepositions), each word weighted by how few
languages share it. A text with too little evidence gets no verdict rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Function words a buyer message is full of. A word listed for several languages ("de", "la", "en") counts for
# each of them, divided by how many share it.
_STOP_WORDS: dict[str, str] = {
    "en": "the and you your we our us to of for is are was this that with have has will be it in on at please "
    "thank thanks order item if not can would could any which from as by an a or so been there here hope kind "
    "regards sorry let know",
    "de": "der die das und sie ihr ihre ihren ihnen wir uns unser unsere ist sind war nicht mit für ein eine einen "
    "einem dem den des zu zum zur von vom auf bitte vielen dank danke bestellung haben hat wird werden wurde "
    "sich auch noch bei oder wenn dass es ich freundlichen grüßen leider gerne können",
    "fr": "le la les et vous votre vos nous notre est sont était pas avec pour un une des du de au aux sur merci "
    "commande avons avez sera ce cette ces qui que dans par ou si ne je bien cordialement désolés n'hésitez "
    "bonjour",
    "it": "il lo la gli le e lei suo sua suoi noi nostro nostra è sono era non con per un una uno dei del della "
    "dello al alla sul sulla grazie ordine abbiamo ha sarà questo questa ci che di da in se o mi cordiali "
    "saluti gentile buongiorno",
    "es": "el la los las y usted ustedes su sus nosotros nuestro nuestra es son era no con para un una unos del al "
    "en por gracias pedido hemos ha será este esta le les que de se lo o si muy saludos estimado atentamente",
    "nl": "de het en u uw wij we ons is zijn niet met voor een van op bedankt bestelling hebben heeft wordt dat "
    "die er ook naar bij",
    "pt": "o a os as e você seu sua nós é são não com para um uma do da dos das em por obrigado pedido temos que se ao",
    "sv": "och du din ni vi oss är inte med för en ett av på tack beställning har det att som",
    "pl": "i w z na do nie się jest są że to dla przez od zamówienie dziękujemy pan pani",
}
_WEIGHTS: dict[str, dict[str, float]] = {}
for _lang, _words in _STOP_WORDS.items():
    for _word in set(_words.split()):
        _WEIGHTS.setdefault(_word, {})[_lang] = 1.0
for _word, _langs in _WEIGHTS.items():
    for _lang in _langs:
        _langs[_lang] = 1.0 / len(_langs)

# Letters only one of the languages uses (a mild hint, e.g. "ß" is German, "ñ" Spanish).
_LETTER_HINTS = {"ß": "de", "ä": "de", "ö": "de", "ü": "de", "ñ": "es", "¿": "es", "¡": "es", "ç": "fr",
                 "œ": "fr", "ê": "fr", "ë": "fr", "î": "fr", "ù": "fr", "ì": "it", "ò": "it", "ã": "pt",
                 "õ": "pt", "å": "sv", "ł": "pl", "ą": "pl", "ę": "pl", "ś": "pl", "ż": "pl"}  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

MIN_SCORE = 2.0  # at least this much function-word evidence…
MIN_LEAD = 1.5  # …and this many times the runner-up's, or no verdict


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """``language``: an ISO 639-1 code (``en``, ``de``, ``ja``, ``zh`` …) or None when the text does not say."""

    language: str | None
    confidence: float  # 0–1: share of the evidence that points at ``language``


def guess_language(text: str) -> LanguageGuess:
    """The language ``text`` is most likely written in; ``LanguageGuess(None, 0)`` when it is too short to tell."""
    kana = len(_KANA.findall(text))
    han = len(_HAN.findall(text))
    latin_words = _WORD.findall(_KANA.sub(" ", _HAN.sub(" ", text)).lower())
    if kana >= 3 and kana + han >= len(latin_words):
        return LanguageGuess("ja", min(1.0, (kana + han) / max(1, kana + han + len(latin_words))))
    if han >= 4 and kana == 0 and han >= len(latin_words):
        return LanguageGuess("zh", min(1.0, han / max(1, han + len(latin_words))))
    scores: dict[str, float] = {}
    for word in latin_words:
        for lang, weight in _WEIGHTS.get(word, {}).items():
            scores[lang] = scores.get(lang, 0.0) + weight
    for char, lang in _LETTER_HINTS.items():
        if char in text.lower():
            scores[lang] = scores.get(lang, 0.0) + 0.5
    if not scores:
        return LanguageGuess(None, 0.0)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score < MIN_SCORE or best_score < MIN_LEAD * runner_up:
        return LanguageGuess(None, 0.0)
    return LanguageGuess(best, best_score / sum(scores.values()))
