"""Progress for long builds: a rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from policykit.pack import WrittenPack

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

__all__ = ["Progress"]


class Progress:
    """Reports each pack as it is written; silent when ``quiet``."""

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        self._stream = stream
        self._quiet = quiet
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        interactive = bool(getattr(stream, "isatty", lambda: False)())
        if interactive and not quiet:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("[bold]building[/bold]"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=Console(file=stream),
                transient=True,
            )

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def pack_done(self, written: WrittenPack, done: int, total: int) -> None:
        """Report that one pack has been written."""
        if self._quiet:
            return
        name = written.manifest["school"]["name"]
        count = len(written.manifest["documents"])
        if self._bar is not None:
            bar = self._bar
            if self._task is None:
                self._task = bar.add_task("", total=total)
            bar.update(self._task, completed=done, description=name)
            return
        if total > 1:
            print(f"[{done}/{total}] {name}: {count} documents", file=self._stream, flush=True)
