"""Load and validate `rules/` into a frozen `RuleSet` (compiled regexes, frozensets).

Every error names the file and the key, so a journalist editing a rule file can fix it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from quotes.errors import RulesError

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
RULE_FILES = (
    "quote_marks.toml",
    "verbs.toml",
    "cues.toml",
    "titles.toml",
    "speakers.toml",
    "boilerplate.toml",
    "dates.toml",
    "likeness.toml",
    "attribution.toml",
)
SPEAKER_KINDS = ("person", "organization", "group")
_SPEAKER_ID = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class MarkPair:
    id: str
    open: str
    close: str
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SymmetricMark:
    id: str
    mark: str
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    pairs: tuple[MarkPair, ...]
    symmetric: tuple[SymmetricMark, ...]
    inner_spaces: str
    apostrophes: frozenset[str]
    # every character that opens or closes a quote (the others are passed over at once)
    characters: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        chars = {p.open for p in self.pairs} | {p.close for p in self.pairs}
        object.__setattr__(self, "characters", frozenset(chars | {s.mark for s in self.symmetric}))


@dataclass(frozen=True, slots=True)
class Verb:
    """A reporting verb lemma (possibly several words) with its group's flags."""

    lemma: str
    group: str
    que: bool
    incise: bool
    infinitive: bool
    impersonal: bool = False  # reports only with « on » (« a-t-on appris de source sûre »)
    object: bool = False  # its direct object is what was said (« a dénoncé le coût du gaz »)
    continues: bool = False  # goes on with the last speech (« poursuit-il »: the last voice)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.lemma.split())


@dataclass(frozen=True, slots=True)
class VerbGroup:
    id: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CuePattern:
    id: str
    where: str
    kind: str
    lemma: str | None
    regex: Any
    person_only: bool
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Titles:
    honorifics: tuple[tuple[str, str], ...]
    person_roles: frozenset[str]
    generic_roles: frozenset[str]
    epicene_roles: frozenset[str]
    org_nouns: frozenset[str]
    group_nouns: frozenset[str]
    document_nouns: frozenset[str]
    not_speaker_sources: frozenset[str]
    time_words: frozenset[str]
    glued: frozenset[str]
    bodies: tuple[tuple[str, ...], ...]
    subject_clitics: tuple[tuple[str, str], ...] = ()
    other_clitics: frozenset[str] = frozenset()
    reflexive_clitics: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    possessives: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    agreeing_auxiliaries: frozenset[str] = frozenset()
    impersonal_clitics: frozenset[str] = frozenset()
    object_clitics: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    source_prepositions: frozenset[str] = frozenset()
    age_words: frozenset[str] = frozenset()
    partitives: frozenset[str] = frozenset()
    complement_prepositions: frozenset[str] = frozenset()
    comparison_prepositions: frozenset[str] = frozenset()
    feminine_endings: tuple[tuple[str, str], ...] = ()
    plural_endings: tuple[tuple[str, str], ...] = ()
    same_sources: tuple[str, ...] = ()
    agent_prepositions: frozenset[str] = frozenset()
    role_synonyms: tuple[tuple[str, ...], ...] = ()
    spelling: tuple[tuple[str, str], ...] = ()

    # every noun that names a kind of speaker rather than a particular one; the subject
    # clitics' and honorifics' forms (read for every word: built once)
    role_nouns: frozenset[str] = field(init=False, repr=False, compare=False)
    clitic_forms: frozenset[str] = field(init=False, repr=False, compare=False)
    honorific_forms: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        roles = (
            self.person_roles
            | self.generic_roles
            | self.org_nouns
            | self.group_nouns
            | self.document_nouns
        )
        object.__setattr__(self, "role_nouns", roles)
        object.__setattr__(self, "clitic_forms", frozenset(c for c, _ in self.subject_clitics))
        object.__setattr__(self, "honorific_forms", frozenset(h for h, _ in self.honorifics))

    def clitic_gender(self, form: str) -> str | None:
        for clitic, gender in self.subject_clitics:
            if clitic == form:
                return gender or None
        return None

    def bare_clitic(self, text: str) -> str:
        """A clitic glued to its verb, without its hyphens and the clitics that are not a
        subject: « -t-elle » → « elle », « -il » → « il »."""
        pieces = [p for p in text.lower().split("-") if p]
        kept = [p for p in pieces if p not in self.other_clitics]
        return "-".join(kept or pieces)

    def honorific_gender(self, form: str) -> str | None:
        for h, gender in self.honorifics:
            if h == form:
                return gender or None
        return None

    def role_key(self, lemma: str) -> str:
        """The first noun of `lemma`'s synonym group (« édile » -> « maire »), or `lemma`."""
        for names in self.role_synonyms:
            if lemma in names:
                return names[0]
        return lemma

    def body_key(self, name: str) -> str:
        """The first name of the body `name` belongs to, or `name` itself."""
        for names in self.bodies:
            if name in names:
                return names[0]
        return name


@dataclass(frozen=True, slots=True)
class DatedRole:
    """A role a known speaker held from `start` (included) to `end` (excluded; None: open)."""

    titles: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class KnownSpeaker:
    """An entry of rules/speakers.toml: one person or body, its aliases and dated roles."""

    id: str
    name: str
    kind: str
    gender: str | None
    aliases: tuple[str, ...]
    roles: tuple[DatedRole, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class InciseGuess:
    """Form-ending -> lemma-ending rewrites for a missed verb right after a quote."""

    endings: tuple[tuple[str, str], ...] = ()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()

    def lemmas(self, form: str) -> list[str]:
        form = form.lower()
        return [
            form[: -len(a)] + b
            for a, b in self.endings
            if form.endswith(a) and len(form) > len(a) + 2
        ]


@dataclass(frozen=True, slots=True)
class BoilerplateLine:
    """A whole line of page furniture (« Publicité », « Lire aussi : … »), case insensitive."""

    id: str
    regex: Any
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DatePattern:
    """Where a text states its own date; `within` limits how far from the start it may be."""

    id: str
    regex: Any
    within: int | None = None
    examples: tuple[tuple[str, str], ...] = ()
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DateRules:
    patterns: tuple[DatePattern, ...] = ()
    languages: tuple[str, ...] = ()
    weekdays: tuple[str, ...] = ()
    url_patterns: tuple[DatePattern, ...] = ()  # `year`, `month`, `day` groups in an address


@dataclass(frozen=True, slots=True)
class LikenessSeeds:
    """Nouns that name speakers beyond the roles of titles.toml, and nouns that never do."""

    speakers: frozenset[str] = frozenset()
    non_speakers: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class AttributionModel:
    """The weights that turn a candidate speaker's evidence into a probability, and the
    probability below which no speaker is named (rules/attribution.toml)."""

    weights: tuple[tuple[str, float], ...] = ()
    bias: float = 0.0
    threshold: float = 0.5
    min_likeness: float = 0.0  # an unnamed candidate less speaker-like than this is nobody

    _by_name: dict[str, float] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", dict(self.weights))

    def weight(self, feature: str) -> float:
        return self._by_name.get(feature, 0.0)


@dataclass(frozen=True, slots=True)
class RuleSet:
    marks: QuoteMarks
    verbs: tuple[Verb, ...]
    verb_groups: tuple[VerbGroup, ...]
    cues: tuple[CuePattern, ...]
    titles: Titles
    hash: str
    speakers: tuple[KnownSpeaker, ...] = ()
    incise_guess: InciseGuess = InciseGuess()
    boilerplate: tuple[BoilerplateLine, ...] = ()
    dates: DateRules = DateRules()
    likeness_seeds: LikenessSeeds = LikenessSeeds()
    attribution: AttributionModel = AttributionModel()

    def verbs_by_head(self) -> dict[str, tuple[Verb, ...]]:
        """Verbs by their first word, longest lemma first (« faire valoir » before « faire »)."""
        index: dict[str, list[Verb]] = {}
        for v in self.verbs:
            index.setdefault(v.words[0], []).append(v)
        return {k: tuple(sorted(vs, key=lambda v: -len(v.words))) for k, vs in index.items()}


def load_rules(rules_dir: Path | str | None = None) -> RuleSet:
    """Read, validate and compile every file of `rules_dir` (default: the repository's rules/)."""
    root = Path(rules_dir) if rules_dir else DEFAULT_RULES_DIR
    data = {name: _read(root / name) for name in RULE_FILES}
    digest = hashlib.sha256()
    for name in RULE_FILES:
        digest.update((root / name).read_bytes())
    verbs, groups = _verbs(data["verbs.toml"], "verbs.toml")
    guess = _incise_guess(data["verbs.toml"].get("incise_guess", {}), "verbs.toml")
    return RuleSet(
        marks=_marks(data["quote_marks.toml"], "quote_marks.toml"),
        verbs=verbs,
        verb_groups=groups,
        cues=_cues(data["cues.toml"], "cues.toml"),
        titles=_titles(data["titles.toml"], "titles.toml"),
        hash=digest.hexdigest()[:16],
        speakers=_speakers(data["speakers.toml"], "speakers.toml"),
        incise_guess=guess,
        boilerplate=_boilerplate(data["boilerplate.toml"], "boilerplate.toml"),
        dates=_dates(data["dates.toml"], "dates.toml"),
        likeness_seeds=_likeness(data["likeness.toml"], "likeness.toml"),
        attribution=_attribution(data["attribution.toml"], "attribution.toml"),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise RulesError(f"{path}: cannot read the rule file ({err.strerror})") from err
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise RulesError(f"{path}: not valid UTF-8 TOML: {err}") from err
    if data.get("schema_version") != 1:
        raise RulesError(f"{path.name}: schema_version must be 1")
    _check_nfc(data, path.name, "")
    return data


def _check_nfc(value: Any, file: str, where: str) -> None:
    # Articles are normalised to NFC, so a decomposed accent in a rule would never match.
    if isinstance(value, str) and unicodedata.normalize("NFC", value) != value:
        raise RulesError(f"{file}: {where or 'a value'} is not in Unicode NFC form: {value!r}")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_nfc(item, file, f"{where}.{key}" if where else key)
    if isinstance(value, list):
        for k, item in enumerate(value):
            _check_nfc(item, file, f"{where}[{k}]")


def _check_keys(
    table: dict[str, Any], allowed: set[str], required: set[str], file: str, where: str
) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise RulesError(f"{file}: {where}: unknown key(s) {sorted(unknown)}")
    missing = required - set(table)
    if missing:
        raise RulesError(f"{file}: {where}: missing key(s) {sorted(missing)}")


def _unique(ids: list[str], file: str, what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise RulesError(f"{file}: duplicate {what} {i!r}")
        seen.add(i)


def _marks(data: dict[str, Any], file: str) -> QuoteMarks:
    _check_keys(
        data,
        {"schema_version", "inner_spaces", "apostrophes", "pair", "symmetric"},
        {"pair"},
        file,
        "top level",
    )
    pairs, symmetric = [], []
    for k, t in enumerate(data.get("pair", [])):
        _check_keys(
            t,
            {"id", "open", "close", "examples", "counter_examples"},
            {"id", "open", "close"},
            file,
            f"pair[{k}]",
        )
        pairs.append(
            MarkPair(
                t["id"],
                t["open"],
                t["close"],
                tuple(t.get("examples", ())),
                tuple(t.get("counter_examples", ())),
            )
        )
    for k, t in enumerate(data.get("symmetric", [])):
        _check_keys(
            t,
            {"id", "mark", "examples", "counter_examples"},
            {"id", "mark"},
            file,
            f"symmetric[{k}]",
        )
        symmetric.append(
            SymmetricMark(
                t["id"],
                t["mark"],
                tuple(t.get("examples", ())),
                tuple(t.get("counter_examples", ())),
            )
        )
    _unique([p.id for p in pairs] + [s.id for s in symmetric], file, "mark id")
    for m in [p.open for p in pairs] + [p.close for p in pairs] + [s.mark for s in symmetric]:
        if len(m) != 1:
            raise RulesError(f"{file}: a quote mark must be one character, got {m!r}")
    return QuoteMarks(
        tuple(pairs),
        tuple(symmetric),
        "".join(data.get("inner_spaces", [" "])),
        frozenset(data.get("apostrophes", [])),
    )


def _verbs(data: dict[str, Any], file: str) -> tuple[tuple[Verb, ...], tuple[VerbGroup, ...]]:
    _check_keys(data, {"schema_version", "group", "incise_guess"}, {"group"}, file, "top level")
    verbs, groups = [], []
    keys = {
        "id",
        "source",
        "que",
        "incise",
        "infinitive",
        "impersonal",
        "lemmas",
        "object_lemmas",
        "continuing_lemmas",
        "examples",
        "counter_examples",
    }
    for k, g in enumerate(data["group"]):
        _check_keys(g, keys, {"id", "source", "lemmas"}, file, f"group[{k}]")
        groups.append(
            VerbGroup(g["id"], tuple(g.get("examples", ())), tuple(g.get("counter_examples", ())))
        )
        objects = set(g.get("object_lemmas", ()))
        continuing = set(g.get("continuing_lemmas", ()))
        for key, subset in (("object_lemmas", objects), ("continuing_lemmas", continuing)):
            if not subset <= set(g["lemmas"]):
                extra = sorted(subset - set(g["lemmas"]))
                raise RulesError(f"{file}: {g['id']}: {key} not in lemmas: {extra}")
        for lemma in g["lemmas"]:
            if lemma != lemma.lower() or not lemma.strip():
                raise RulesError(f"{file}: {g['id']}: lemma {lemma!r} must be lowercase")
            verbs.append(
                Verb(
                    lemma,
                    g["id"],
                    g.get("que", True),
                    g.get("incise", True),
                    g.get("infinitive", False),
                    g.get("impersonal", False),
                    lemma in objects,
                    lemma in continuing,
                )
            )
    _unique([g.id for g in groups], file, "group id")
    _unique([v.lemma for v in verbs], file, "lemma")
    return tuple(verbs), tuple(groups)


def _pairs(value: Any, file: str, where: str) -> tuple[tuple[str, str], ...]:
    """A list of [from, to] string pairs (ending rewrites, spelling rewrites)."""
    for pair in value:
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        ):
            raise RulesError(f"{file}: {where}: {pair!r} is not a [from, to] pair of strings")
    return tuple((a, b) for a, b in value)


def _incise_guess(data: dict[str, Any], file: str) -> InciseGuess:
    _check_keys(data, {"endings", "examples", "counter_examples"}, set(), file, "incise_guess")
    return InciseGuess(
        _pairs(data.get("endings", []), file, "incise_guess.endings"),
        tuple(data.get("examples", ())),
        tuple(data.get("counter_examples", ())),
    )


def _cues(data: dict[str, Any], file: str) -> tuple[CuePattern, ...]:
    _check_keys(data, {"schema_version", "pattern"}, {"pattern"}, file, "top level")
    out = []
    keys = {"id", "where", "kind", "lemma", "regex", "person_only", "examples", "counter_examples"}
    for k, p in enumerate(data["pattern"]):
        _check_keys(p, keys, {"id", "where", "kind", "regex"}, file, f"pattern[{k}]")
        if p["where"] not in ("after", "before", "source"):
            raise RulesError(f"{file}: {p['id']}: where must be after, before or source")
        try:
            compiled = regex.compile(p["regex"])
        except regex.error as err:
            raise RulesError(f"{file}: {p['id']}: bad regex: {err}") from err
        if "cue" not in compiled.groupindex:
            raise RulesError(f"{file}: {p['id']}: the regex needs a (?P<cue>…) group")
        out.append(
            CuePattern(
                p["id"],
                p["where"],
                p["kind"],
                p.get("lemma"),
                compiled,
                p.get("person_only", False),
                tuple(p.get("examples", ())),
                tuple(p.get("counter_examples", ())),
            )
        )
    _unique([c.id for c in out], file, "pattern id")
    return tuple(out)


def _compile(pattern: str, file: str, where: str, flags: int = 0) -> Any:
    try:
        return regex.compile(pattern, flags)
    except regex.error as err:
        raise RulesError(f"{file}: {where}: bad regex: {err}") from err


def _boilerplate(data: dict[str, Any], file: str) -> tuple[BoilerplateLine, ...]:
    _check_keys(data, {"schema_version", "line"}, set(), file, "top level")
    out = []
    for k, t in enumerate(data.get("line", [])):
        _check_keys(
            t, {"id", "regex", "examples", "counter_examples"}, {"id", "regex"}, file, f"line[{k}]"
        )
        out.append(
            BoilerplateLine(
                t["id"],
                _compile(t["regex"], file, t["id"], regex.IGNORECASE),
                tuple(t.get("examples", ())),
                tuple(t.get("counter_examples", ())),
            )
        )
    _unique([b.id for b in out], file, "line id")
    return tuple(out)


def _dates(data: dict[str, Any], file: str) -> DateRules:
    _check_keys(
        data,
        {"schema_version", "languages", "weekdays", "parts", "pattern", "url_pattern"},
        {"languages", "parts", "pattern"},
        file,
        "top level",
    )
    _check_keys(data["parts"], {"date"}, {"date"}, file, "parts")
    weekdays = tuple(data.get("weekdays", ()))
    if weekdays and len(weekdays) != 7:
        raise RulesError(f"{file}: weekdays: seven names are needed, Monday first")
    out = []
    keys = {"id", "regex", "within", "examples", "counter_examples"}
    for k, t in enumerate(data["pattern"]):
        _check_keys(t, keys, {"id", "regex"}, file, f"pattern[{k}]")
        compiled = _compile(
            t["regex"].replace("<DATE>", data["parts"]["date"]), file, t["id"], regex.IGNORECASE
        )
        if "date" not in compiled.groupindex:
            raise RulesError(f"{file}: {t['id']}: the regex needs a (?P<date>…) group")
        out.append(
            DatePattern(
                t["id"],
                compiled,
                t.get("within"),
                tuple((text, iso) for text, iso in _pairs(t.get("examples", []), file, t["id"])),
                tuple(t.get("counter_examples", ())),
            )
        )
    urls = [
        _url_pattern(t, file, f"url_pattern[{k}]")
        for k, t in enumerate(data.get("url_pattern", []))
    ]
    _unique([p.id for p in [*out, *urls]], file, "pattern id")
    return DateRules(tuple(out), tuple(data["languages"]), weekdays, tuple(urls))


def _url_pattern(t: dict[str, Any], file: str, where: str) -> DatePattern:
    _check_keys(t, {"id", "regex", "examples", "counter_examples"}, {"id", "regex"}, file, where)
    compiled = _compile(t["regex"], file, t["id"], regex.IGNORECASE)
    missing = {"year", "month", "day"} - set(compiled.groupindex)
    if missing:
        raise RulesError(f"{file}: {t['id']}: the regex needs the groups {sorted(missing)}")
    examples = tuple((text, iso) for text, iso in _pairs(t.get("examples", []), file, t["id"]))
    return DatePattern(t["id"], compiled, None, examples, tuple(t.get("counter_examples", ())))


def _titles(data: dict[str, Any], file: str) -> Titles:
    _check_keys(
        data,
        {"schema_version", "honorific", "roles", "sources", "words", "grammar", "body", "names"},
        {"roles"},
        file,
        "top level",
    )
    grammar = data.get("grammar", {})
    grammar_keys = {
        "subject_clitics",
        "other_clitics",
        "reflexive_clitics",
        "complementizers",
        "possessives",
        "name_particles",
        "function_words",
        "agreeing_auxiliaries",
        "impersonal_clitics",
        "object_clitics",
        "auxiliaries",
        "source_prepositions",
        "partitives",
        "complement_prepositions",
        "comparison_prepositions",
        "feminine_endings",
        "plural_endings",
        "agent_prepositions",
    }
    _check_keys(grammar, grammar_keys, set(), file, "grammar")
    roles = data["roles"]
    _check_keys(
        roles,
        {"person", "generic", "epicene", "synonyms", "organization", "group", "document"},
        {"person"},
        file,
        "roles",
    )
    sources = data.get("sources", {})
    _check_keys(sources, {"not_speaker", "same"}, set(), file, "sources")
    words = data.get("words", {})
    _check_keys(words, {"time", "glued", "age"}, set(), file, "words")
    honorifics = []
    for k, h in enumerate(data.get("honorific", [])):
        _check_keys(h, {"form", "gender"}, {"form"}, file, f"honorific[{k}]")
        if h.get("gender", "") not in ("", "f", "m"):
            raise RulesError(f"{file}: honorific {h['form']!r}: gender must be 'f', 'm' or ''")
        honorifics.append((h["form"], h.get("gender", "")))
    _unique([h for h, _ in honorifics], file, "honorific")
    names = data.get("names", {})
    _check_keys(names, {"spelling"}, set(), file, "names")
    spelling = _pairs(names.get("spelling", []), file, "names.spelling")
    bodies = []
    for k, b in enumerate(data.get("body", [])):
        _check_keys(b, {"names"}, {"names"}, file, f"body[{k}]")
        bodies.append(tuple(b["names"]))
    for key in ("person", "generic", "epicene", "organization", "group", "document"):
        _unique(list(roles.get(key, [])), file, f"roles.{key} entry")
    return Titles(
        honorifics=tuple(honorifics),
        person_roles=frozenset(roles["person"]),
        generic_roles=frozenset(roles.get("generic", [])),
        epicene_roles=frozenset(roles.get("epicene", [])),
        role_synonyms=tuple(tuple(group) for group in roles.get("synonyms", [])),
        org_nouns=frozenset(roles.get("organization", [])),
        group_nouns=frozenset(roles.get("group", [])),
        document_nouns=frozenset(roles.get("document", [])),
        not_speaker_sources=frozenset(sources.get("not_speaker", [])),
        same_sources=tuple(sources.get("same", [])),
        time_words=frozenset(words.get("time", [])),
        glued=frozenset(words.get("glued", [])),
        age_words=frozenset(words.get("age", [])),
        bodies=tuple(bodies),
        subject_clitics=tuple(sorted(grammar.get("subject_clitics", {}).items())),
        other_clitics=frozenset(grammar.get("other_clitics", [])),
        reflexive_clitics=frozenset(grammar.get("reflexive_clitics", [])),
        complementizers=frozenset(grammar.get("complementizers", [])),
        possessives=frozenset(grammar.get("possessives", [])),
        name_particles=frozenset(grammar.get("name_particles", [])),
        function_words=frozenset(grammar.get("function_words", [])),
        agreeing_auxiliaries=frozenset(grammar.get("agreeing_auxiliaries", [])),
        impersonal_clitics=frozenset(grammar.get("impersonal_clitics", [])),
        object_clitics=frozenset(grammar.get("object_clitics", [])),
        auxiliaries=frozenset(grammar.get("auxiliaries", [])),
        source_prepositions=frozenset(grammar.get("source_prepositions", [])),
        partitives=frozenset(grammar.get("partitives", [])),
        complement_prepositions=frozenset(grammar.get("complement_prepositions", [])),
        comparison_prepositions=frozenset(grammar.get("comparison_prepositions", [])),
        agent_prepositions=frozenset(grammar.get("agent_prepositions", [])),
        feminine_endings=_pairs(
            grammar.get("feminine_endings", []), file, "grammar.feminine_endings"
        ),
        plural_endings=_pairs(grammar.get("plural_endings", []), file, "grammar.plural_endings"),
        spelling=spelling,
    )


def _likeness(data: dict[str, Any], file: str) -> LikenessSeeds:
    _check_keys(data, {"schema_version", "speaker", "not_speaker"}, set(), file, "top level")
    for key in ("speaker", "not_speaker"):
        words = data.get(key, [])
        _unique(list(words), file, f"{key} noun")
        for w in words:
            if not isinstance(w, str) or w != w.lower() or not w.strip():
                raise RulesError(f"{file}: {key}: {w!r} must be a lowercase lemma")
    both = set(data.get("speaker", [])) & set(data.get("not_speaker", []))
    if both:
        raise RulesError(f"{file}: {sorted(both)} are in both speaker and not_speaker")
    return LikenessSeeds(frozenset(data.get("speaker", [])), frozenset(data.get("not_speaker", [])))


def _attribution(data: dict[str, Any], file: str) -> AttributionModel:
    _check_keys(
        data,
        {"schema_version", "bias", "threshold", "min_likeness", "weights"},
        {"weights"},
        file,
        "top level",
    )
    weights = data["weights"]
    for name, w in weights.items():
        if not isinstance(w, int | float) or isinstance(w, bool):
            raise RulesError(f"{file}: weights.{name}: {w!r} is not a number")
    threshold = data.get("threshold", 0.5)
    floor = data.get("min_likeness", 0.0)
    for key, value in (("threshold", threshold), ("min_likeness", floor)):
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise RulesError(f"{file}: {key} must be a number between 0 and 1")
    return AttributionModel(
        tuple(sorted((k, float(v)) for k, v in weights.items())),
        float(data.get("bias", 0.0)),
        float(threshold),
        float(floor),
    )


def _speakers(data: dict[str, Any], file: str) -> tuple[KnownSpeaker, ...]:
    _check_keys(data, {"schema_version", "speaker"}, set(), file, "top level")
    out = [_speaker(t, file, f"speaker[{k}]") for k, t in enumerate(data.get("speaker", []))]
    _unique([s.id for s in out], file, "speaker id")
    # One alias naming two entries would make linking depend on the file's order.
    owner: dict[str, str] = {}
    for s in out:
        for name in s.names:
            key = name.casefold()
            if owner.get(key, s.id) != s.id:
                raise RulesError(f"{file}: {s.id}: name {name!r} is also given for {owner[key]}")
            owner[key] = s.id
    return tuple(out)


def _speaker(t: dict[str, Any], file: str, where: str) -> KnownSpeaker:
    keys = {"id", "name", "type", "gender", "aliases", "role"}
    _check_keys(t, keys, {"id", "name", "type"}, file, where)
    where = t["id"]
    if not isinstance(t["id"], str) or not _SPEAKER_ID.match(t["id"]):
        raise RulesError(f"{file}: {where}: id must be lowercase words joined by hyphens")
    if t["type"] not in SPEAKER_KINDS:
        raise RulesError(f"{file}: {where}: type must be one of {', '.join(SPEAKER_KINDS)}")
    if t.get("gender", "") not in ("", "f", "m"):
        raise RulesError(f"{file}: {where}: gender must be 'f', 'm' or ''")
    roles = []
    for k, r in enumerate(t.get("role", [])):
        _check_keys(r, {"titles", "start", "end"}, {"titles"}, file, f"{where}.role[{k}]")
        for key in ("start", "end"):
            if key in r and type(r[key]) is not dt.date:
                raise RulesError(f"{file}: {where}.role[{k}]: {key} must be a date (YYYY-MM-DD)")
        start, end = r.get("start"), r.get("end")
        if start is not None and end is not None and end <= start:
            raise RulesError(f"{file}: {where}.role[{k}]: end {end} is not after start {start}")
        if not r["titles"] or not all(isinstance(x, str) and x.strip() for x in r["titles"]):
            raise RulesError(f"{file}: {where}.role[{k}]: titles must be non-empty strings")
        roles.append(DatedRole(tuple(r["titles"]), start, end))
    return KnownSpeaker(
        t["id"],
        t["name"],
        t["type"],
        t.get("gender") or None,
        tuple(t.get("aliases", ())),
        tuple(roles),
    )
