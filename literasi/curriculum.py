"""The manifest (``curriculum.yml``) as a typed model, validated once at the edge.

``load_curriculum()`` returns a :class:`Curriculum` or raises :class:`ManifestError`, whose message
names the file and the path to each bad field (``modules[2].lessons[0].minutes: ...``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .i18n import DEFAULT_LANG, LANGS, Lang, check_lang
from .paths import MANIFEST_NAME, project_root
from .yaml_files import field_path, read_yaml

# Who a module or lesson is for. The one list of tracks: everything else derives from it (in this order).
Track = Literal["umkm", "asn", "semua"]
TRACKS: tuple[Track, ...] = get_args(Track)
EVERYONE: Track = "semua"  # for every audience; as a filter (the landing page's ?jalur=), "show everything"
# The audiences a bimtek is planned for (the day plan's pages); EVERYONE's lessons belong to each of them.
AUDIENCES: tuple[Track, ...] = tuple(track for track in TRACKS if track != EVERYONE)
Pillar = Literal["Cakap Digital", "Etika Digital", "Budaya Digital", "Aman Digital"]
DigCompArea = Literal[
    "Information and data literacy",
    "Communication and collaboration",
    "Digital content creation",
    "Safety",
    "Problem solving",
]
Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
# The cell tag of a lesson's instructor notes: never shown on the public site, in handouts or to phones.
INSTRUCTOR_TAG = "instruktur"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """A title or label of the manifest, the facts registry or a widget's data file in the course's two languages:
    the validated form of :class:`literasi.i18n.Bilingual` (tests keep their fields equal to ``LANGS``)."""

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __getitem__(self, lang: Lang) -> str:
        return getattr(self, check_lang(lang))


class Objectives(Strict):
    id: list[str] = Field(min_length=3, max_length=5)
    en: list[str] = Field(min_length=3, max_length=5)

    @model_validator(mode="after")
    def same_count(self) -> Objectives:
        if len(self.id) != len(self.en):
            raise ValueError(f"id has {len(self.id)} objectives but en has {len(self.en)}")
        return self

    def __getitem__(self, lang: str) -> list[str]:
        return getattr(self, lang)


FactId = Annotated[str, Field(pattern=r"^F-[A-Z]+-[0-9]{2}[a-z]?$")]


def _unique_facts(facts: list[str]) -> list[str]:
    repeated = sorted({fact for fact in facts if facts.count(fact) > 1})
    if repeated:
        raise ValueError(f"facts repeat: {repeated}")
    return facts


NotebookPath = Annotated[str, Field(pattern=r"^[a-z0-9-]+/[a-z0-9-]+\.ipynb$")]


class ReplacedLesson(Strict):
    """A lesson that no longer exists because its content moved into another one (two lessons merged, a lesson
    renamed). Its id and notebook path stay reserved, so that old links, printed QR codes, handouts and commands
    keep working: the site redirects them permanently to the lesson that replaces it, and ``literasi handout`` and
    ``literasi present`` accept the old id (:meth:`Curriculum.resolve`)."""

    id: str = Slug
    path: NotebookPath  # where its notebook was, relative to lessons/<lang>/


class Lesson(Strict):
    id: str = Slug
    path: NotebookPath
    title: Localized
    minutes: int = Field(gt=0, le=240)
    track: Track
    pillar: Pillar
    digcomp: DigCompArea
    objectives: Objectives
    prerequisites: list[str] = []
    # The facts (ids in facts/*.yml) the lesson states, in the order of its "Sumber" list.
    facts: list[FactId] = Field(min_length=1)
    bank: str | None = Slug
    # Old lessons whose content this lesson took over; their links lead here (see ReplacedLesson).
    replaces: list[ReplacedLesson] = []

    _unique = field_validator("facts")(_unique_facts)


class Exercise(Strict):
    id: str = Slug
    title: Localized
    points: float = Field(gt=0)
    assesses: list[str] = Field(min_length=1)
    # The facts (ids in facts/*.yml) the exercise's questions and answers rest on.
    facts: list[FactId] = []

    _unique = field_validator("facts")(_unique_facts)

    def assignment(self, lang: str) -> str:
        """The nbgrader assignment (folder in exercises/source) for one language: ``m3-qris``, ``m3-qris-en``."""
        return assignment_name(self.id, lang)


def assignment_name(exercise_id: str, lang: str) -> str:
    """The naming rule of :meth:`Exercise.assignment`, for code that has an exercise id but not the manifest:
    the Indonesian assignment is the exercise id, another language's adds ``-<lang>``."""
    return exercise_id if check_lang(lang) == DEFAULT_LANG else f"{exercise_id}-{lang}"


def assignment_lang(assignment: str) -> Lang:
    """The language of an nbgrader assignment, by the same rule: ``m3-qris-en`` is English, a name without a
    language suffix is Indonesian."""
    return next((lang for lang in LANGS if lang != DEFAULT_LANG and assignment.endswith(f"-{lang}")), DEFAULT_LANG)


class GalleryPage(Strict):
    """A page showing widgets whose lesson does not exist yet (lessons/<lang>/<path>)."""

    id: str = Slug
    path: NotebookPath
    title: Localized
    facts: list[FactId] = []  # its "Sumber" list, generated like a lesson's

    _unique = field_validator("facts")(_unique_facts)


class Module(Strict):
    id: str = Slug
    order: int = Field(ge=0)
    track: Track
    title: Localized
    summary: Localized
    lessons: list[Lesson] = []
    exercises: list[Exercise] = []


class Curriculum(Strict):
    version: Literal[1]
    title: Localized
    modules: list[Module] = Field(min_length=1)
    gallery: list[GalleryPage] = []

    @model_validator(mode="after")
    def references_resolve(self) -> Curriculum:
        def unique(kind: str, ids: list) -> None:
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                raise ValueError(f"{kind} repeat: {repeated}")

        unique("module ids", [m.id for m in self.modules])
        unique("module orders", [m.order for m in self.modules])
        lesson_ids = [lesson.id for lesson in self.lessons()]
        unique("lesson ids", lesson_ids)
        unique("lesson and gallery paths", [lesson.path for lesson in self.lessons()] + [g.path for g in self.gallery])
        unique("gallery ids", [g.id for g in self.gallery])
        unique("exercise ids", [e.id for m in self.modules for e in m.exercises])
        replaced = [(old, lesson) for lesson in self.lessons() for old in lesson.replaces]
        unique("replaced lesson ids", [old.id for old, _ in replaced])
        unique("replaced lesson paths", [old.path for old, _ in replaced])
        live_paths = {lesson.path for lesson in self.lessons()} | {page.path for page in self.gallery}
        for old, lesson in replaced:
            if old.id in lesson_ids:
                raise ValueError(f"lesson {lesson.id!r}: replaces {old.id!r}, which is the id of a lesson in the "
                                 f"manifest; an old id may not be used again while its links lead elsewhere")
            if old.path in live_paths:
                raise ValueError(f"lesson {lesson.id!r}: replaces {old.id!r} at {old.path!r}, which is the path of "
                                 f"a lesson or gallery page in the manifest")

        def live(kind: str, lesson_id: str) -> None:
            if lesson_id in lesson_ids:
                return
            successor = next((lesson.id for old, lesson in replaced if old.id == lesson_id), None)
            moved = f" (it was replaced by {successor!r})" if successor else ""
            raise ValueError(f"{kind} {lesson_id!r}, which is not a lesson{moved}")

        for lesson in self.lessons():
            for prerequisite in lesson.prerequisites:
                live(f"lesson {lesson.id!r}: prerequisite", prerequisite)
        for module in self.modules:
            for exercise in module.exercises:
                for lesson_id in exercise.assesses:
                    live(f"exercise {exercise.id!r}: assesses", lesson_id)
        return self

    def ordered_modules(self) -> list[Module]:
        return sorted(self.modules, key=lambda m: m.order)

    def lessons(self) -> list[Lesson]:
        return [lesson for module in self.ordered_modules() for lesson in module.lessons]

    def exercises(self) -> list[Exercise]:
        return [exercise for module in self.ordered_modules() for exercise in module.exercises]

    def lesson(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons():
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)

    def replaced(self) -> dict[str, Lesson]:
        """Every old lesson id (``replaces``) and the lesson that took its content over."""
        return {old.id: lesson for lesson in self.lessons() for old in lesson.replaces}

    def replaced_paths(self) -> dict[str, Lesson]:
        """Every old lesson's notebook path (relative to lessons/<lang>/) and the lesson that replaces it."""
        return {old.path: lesson for lesson in self.lessons() for old in lesson.replaces}

    def resolve(self, lesson_id: str) -> Lesson:
        """The lesson with this id, or the one that replaced it when the id is an old one: what a command, a
        printed QR code or a link given an id means. KeyError for an id the manifest never had."""
        try:
            return self.lesson(lesson_id)
        except KeyError:
            replaced = self.replaced()
            if lesson_id in replaced:
                return replaced[lesson_id]
            raise

    def module_of(self, lesson_id: str) -> Module:
        for module in self.modules:
            if any(lesson.id == lesson_id for lesson in module.lessons):
                return module
        raise KeyError(lesson_id)


class ManifestError(ValueError):
    """The manifest cannot be used; the message lists every problem with file and field."""


def parse_curriculum(data: object, source: str = MANIFEST_NAME) -> Curriculum:
    try:
        return Curriculum.model_validate(data)
    except ValidationError as error:
        lines = [f"{source}: {field_path(e['loc'])}: {e['msg']}" for e in error.errors(include_url=False)]
        raise ManifestError("\n".join(lines)) from None


def load_curriculum(path: Path | str | None = None, *, root: Path | str | None = None) -> Curriculum:
    """The manifest at ``path``, else the one of the project folder ``root``, else of :func:`project_root`."""
    if path is not None and root is not None:
        raise TypeError("load_curriculum: give the manifest's path or the project root, not both")
    path = Path(path) if path else Path(root or project_root()) / MANIFEST_NAME
    return parse_curriculum(read_yaml(path, ManifestError), str(path))
