"""What a tutorial is made of: steps (a statement to run, or something the tutorial does itself) and checks.

A tutorial is data plus small check functions, so that the engine (`cdcshell/meta/tutorial.py`) can run the same
definition step by step at a prompt, where the user edits and runs each statement, and all by itself with
`--auto`, where the tests drive it to its end. Every text is a message key: a tutorial exists in English and
Chinese or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class TutorialError(Exception):
    """Something the tutorial cannot go on without (no database driver, no PostgreSQL); the message says what
    to do."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a step's check: `message` (already translated) says what was seen, or what is missing."""

    ok: bool
    message: str = ""
    hint: str = ""


Check = Callable[["TutorialRun"], CheckResult]
Action = Callable[["TutorialRun"], str]


@dataclass(frozen=True)
class Step:
    """One step. `sql` is a statement or a `\\` command with `{placeholders}` filled from the run's names (the
    database's host and port, the tables); `action` is done by the tutorial itself (preparing tables) and returns
    what it did, in words. `check` decides whether the step reached its goal; `expect_failure` marks a step
    whose statement is meant to fail (showing what cannot be done); `force` runs a statement that the risk checks
    would stop — the point of that step is to see what happens then."""

    key: str  # message keys: tutorial.<tutorial>.<key>.title / .text
    sql: str = ""
    action: Action | None = None
    check: Check | None = None
    expect_failure: bool = False
    force: bool = False

    @property
    def is_action(self) -> bool:
        return self.action is not None


@dataclass(frozen=True)
class Tutorial:
    name: str
    prefix: str  # names of its tables, slot and publication start with this, so two tutorials never collide
    pipeline: str  # the job's pipeline.name
    steps: tuple[Step, ...]
    aliases: tuple[str, ...] = ()

    @property
    def title_key(self) -> str:
        return f"tutorial.{self.name}.title"

    @property
    def intro_key(self) -> str:
        return f"tutorial.{self.name}.intro"

    def step_title_key(self, step: Step) -> str:
        return f"tutorial.{self.name}.{step.key}.title"

    def step_text_key(self, step: Step) -> str:
        return f"tutorial.{self.name}.{step.key}.text"


@dataclass
class TutorialRun:
    """One run of a tutorial in one shell: where it is, the names it fills in, and what it has seen so far
    (job ids, positions) that later checks compare against."""

    tutorial: Tutorial
    shell: Any
    names: dict[str, str]
    database: Any  # cdcshell.tutorials.postgres.TutorialDatabase
    auto: bool = False
    index: int = 0
    jobs: list[str] = field(default_factory=list)  # job ids submitted during the run, oldest first
    seen: dict[str, Any] = field(default_factory=dict)
    last_outcome: Any = None
    wait_scale: float = 1.0

    @property
    def step(self) -> Step | None:
        return self.tutorial.steps[self.index] if self.index < len(self.tutorial.steps) else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.tutorial.steps)

    def statement(self, step: Step) -> str:
        return step.sql.format(**self.names)

    @property
    def latest_job(self) -> str | None:
        return self.jobs[-1] if self.jobs else None
