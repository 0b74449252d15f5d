"""A problem found in a user's data: what the CLI prints and the app shows, in the same words."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_ROWS_SHOWN = 5


@dataclass(frozen=True)
class Problem:
    """One kind of violation in one file and column.

    `rows` are 1-based data row numbers (the header is not counted), the first few of `count`.
    """

    file: str
    message: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    count: int = 0
    examples: tuple[str, ...] = field(default=())
    severity: str = "error"  # or "warning": shown, but the data still loads

    def __str__(self) -> str:
        where = self.file + (f", column '{self.column}'" if self.column else "")
        text = f"{self.severity.upper()} {where}: {self.message}"
        if self.count:
            text += f" ({self.count:,} row{'s' if self.count != 1 else ''}"
            if self.rows:
                shown = ", ".join(str(r) for r in self.rows[:MAX_ROWS_SHOWN])
                text += f"; first: row {shown}" if len(self.rows) == 1 else f"; first rows: {shown}"
            text += ")"
        if self.examples:
            text += "; e.g. " + ", ".join(repr(e) for e in self.examples[:3])
        return text


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
