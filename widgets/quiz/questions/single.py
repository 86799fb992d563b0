"""``single``: choose the one right option; each option's feedback says why."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from .choice import OneChoice, Option, repeated_ids


class SingleChoice(OneChoice):
    """Single choice: options, exactly one of them correct, each with feedback saying why."""

    empty_key: ClassVar[str] = "quiz.choose_one"
    instruction_key: ClassVar[str] = "cetak.choose_one"

    type: Literal["single"] = "single"
    options: tuple[Option, ...] = Field(min_length=2)

    @field_validator("options")
    @classmethod
    def _one_correct(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        repeated_ids(options, "option")
        correct = sum(option.correct for option in options)
        if correct != 1:
            raise ValueError(f"a single-choice question needs exactly one correct option, has {correct}")
        return options

    @property
    def choices(self) -> tuple[Option, ...]:
        return self.options

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    def answer_shape(self) -> tuple:
        return tuple((option.id, option.correct) for option in self.options)
