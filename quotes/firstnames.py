"""The gender a first name most often has, read from the name dictionary that the
gender-guesser package ships (Jörg Michael's list of about 40,000 first names and their use
by country; GPLv3). It is the weakest evidence of a person's gender: a role, an honorific or
an agreeing participle of the article comes first (resolve.py)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import gender_guesser.detector as guesser

RULE = "gender.first_name"  # the rule id of a gender read from a first name
_GENDERS = {"female": "f", "mostly_female": "f", "male": "m", "mostly_male": "m"}
_STRICT = {"female": "f", "male": "m"}
# Its use in France first (« Joan » is most often a man's there), else its use anywhere when
# clear-cut (« Joanna »).
_COUNTRY = "france"


@lru_cache(maxsize=1)
def _detector() -> guesser.Detector:
    return guesser.Detector(case_sensitive=False)


@lru_cache(maxsize=65536)
def first_name_gender(token: str) -> str | None:
    """« f » or « m » for a first name used mostly by women or by men (« Joanna », « Marc »,
    « Jean-Luc », « Édouard »); None for a name it does not know or that both use."""
    forms = [token, token.split("-")[0]]
    forms += [_unaccented(f) for f in forms]
    forms = list(dict.fromkeys(forms))
    for form in forms:
        gender = _GENDERS.get(_detector().get_gender(form, _COUNTRY))
        if gender is not None:
            return gender
    for form in forms:
        gender = _STRICT.get(_detector().get_gender(form))
        if gender is not None:
            return gender
    return None


def _unaccented(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
