"""Live preview: ``ethos serve`` shows the chapter's HTML on 127.0.0.1 and rebuilds it on
every save of the values file, a group file it extends, or a template.

The page is the HTML ``ethos build`` writes, plus one small script (``templates/serve/
reload.js``) that listens on ``/events`` (server-sent events) and reloads the page when a
new build is ready, keeping the reading position. While the values file or a template has
a problem, the page lists the problems instead (file, line, key, message) and turns back
into the chapter once they are fixed. The server answers only requests addressed to
127.0.0.1 or localhost (a web page elsewhere cannot reach it through DNS rebinding) and
the page may run no script but its own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EthosError, InvalidInputError, Problem, UnreadableInputError
from ..resources import builtin_templates_dir
from ..values.sources import Source
from ..wording.theme import Theme
from .http import PreviewServer, reload_script

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    """One build of the preview: the page to serve and the problems that stopped it."""

    build: int
    html: bytes
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class Preview:
    """The latest page for one values file; rebuilt by the watcher, read by the server."""

    def __init__(self, path: Path, language: str | None, template_dirs: Sequence[Path]) -> None:
        self.path = path
        self.language = language
        self.extra_dirs = list(template_dirs)
        self.inputs: set[Path] = {_resolved(path)}
        self.directories: list[Path] = [builtin_templates_dir().resolve()]
        self.changed = threading.Condition()
        self.page = self._build(1)

    def rebuild(self) -> Page:
        """Build again, reading every template, catalog and translation afresh (a new
        :class:`~ethos.wording.theme.Theme`), and wake the listeners."""
        page = self._build(self.page.build + 1)
        with self.changed:
            self.page = page
            self.changed.notify_all()
        return page

    def wait(self, seen: int, timeout: float) -> int:
        """The build number, once it differs from ``seen`` or ``timeout`` passes."""
        with self.changed:
            self.changed.wait_for(lambda: self.page.build != seen, timeout)
            return self.page.build

    def wake(self) -> None:
        with self.changed:
            self.changed.notify_all()

    def is_input(self, _change: object, name: str) -> bool:
        """Whether a changed path is one this preview is built from (watchfiles' filter)."""
        path = _resolved(Path(name))
        return path in self.inputs or any(path.is_relative_to(d) for d in self.directories)

    def watch_roots(self) -> list[Path]:
        """The directories to watch that exist: those of the inputs, and the template
        directories. One deleted or created since the watch began changes this list."""
        roots = {path.parent for path in self.inputs} | set(self.directories)
        return sorted(root for root in roots if _is_directory(root))

    def source(self) -> Source:
        """Where the values file is read from (the editor's preview reads its draft)."""
        return Source(self.path)

    def _build(self, number: int) -> Page:
        """One build, with a theme of its own: nothing read by an earlier build is kept."""
        with Theme().active() as theme:
            return self._build_with(number, theme)

    def _build_with(self, number: int, theme: Theme) -> Page:
        from ..chapter.compose import compose_chapter
        from ..render.html import render_html
        from ..render.page import page_view
        from ..values.curly_quotes import curly_quote_warnings
        from ..values.lint import lint
        from ..values.loading import chapter_languages, load_with_fallback
        from ..values.logo import read_logo
        from ..values.template_dirs import template_directories

        try:
            document, values_file, _untranslated = load_with_fallback(
                self.source(), [self.language] if self.language else None
            )
            self.inputs = {Path(item.filename).resolve() for item in document.chain()}
            logo = read_logo(self.path, values_file, document)
            if logo is not None:
                self.inputs.add(logo.path)
            theme = theme.with_template_dirs(
                template_directories(self.path, values_file, self.extra_dirs, document)
            )
            self.directories = [directory.resolve() for directory in theme.directories]
            language = chapter_languages(values_file, [self.language] if self.language else None)
            chapter = compose_chapter(values_file, language[0], theme)
            html = render_html(chapter, theme.template_dirs, page_view(chapter, logo))
            warnings = [*lint(document, values_file), *curly_quote_warnings(document)]
            return Page(number, _with_reload(html, number), warnings=warnings)
        except InvalidInputError as error:
            return Page(number, _problems_page(self.path, error.problems, number), error.problems)
        except UnreadableInputError as error:  # its message names the path once
            problem = Problem(error.path, 0, 0, "", error.reason)
            return Page(number, _problems_page(self.path, [problem], number), [problem])
        except EthosError as error:
            problem = Problem(str(self.path), 0, 0, "", str(error))
            return Page(number, _problems_page(self.path, [problem], number), [problem])
        except Exception as error:  # a preview outlives any failing build
            problem = Problem(str(self.path), 0, 0, "", _unexpected(error))
            return Page(number, _problems_page(self.path, [problem], number), [problem])


def check_start(path: Path, template_dirs: Sequence[Path]) -> None:
    """What must hold before the preview starts: a problem in the values file is shown in
    the page, but a path that names no readable file or directory is a usage error.

    Raises:
        UnreadableInputError: ``path`` is no readable file (missing, a directory, a
            symlink loop, a name too long ...), or a ``template_dirs`` entry no directory.
    """
    from ..system.input_files import unreadable_reason
    from ..values.load import read_values_text

    try:
        read_values_text(path)
    except OSError as error:  # a symlink loop, a name too long, an I/O error
        raise UnreadableInputError(path, f"{unreadable_reason(error)} — check the path") from None
    except InvalidInputError:
        pass  # the page lists it
    for directory in template_dirs:
        if not _is_directory(directory):
            raise UnreadableInputError(directory, "no such template directory (--templates)")


def _unexpected(error: Exception) -> str:
    """What the page says when a build failed in a way ethos did not foresee."""
    if isinstance(error, OSError):
        what = f"{error.filename}: {error.strerror}" if error.filename else str(error)
        return f"cannot read an input ({what}) — fix it and save again"
    return (
        f"the chapter could not be built ({type(error).__name__}: {error}) — fix the "
        "input and save again; if it persists, report it as a bug in ethos"
    )


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop, say: the path as it is
        return path.absolute()


def _is_directory(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, a loop: not one to watch
        return False


def _with_reload(html: str, build: int) -> bytes:
    snippet = f'<meta name="ethos-build" content="{build}">\n<script>{reload_script()}</script>\n'
    return html.replace("</head>", snippet + "</head>", 1).encode("utf-8")


def _problems_page(path: Path, problems: Sequence[Problem], build: int) -> bytes:
    from ..chapter.templating import Templates
    from ..wording.localization import SOURCE_LANGUAGE, Locale

    shown = [
        {
            "where": str(problem).removesuffix(problem.message).rstrip(": ") + ":",
            "message": problem.message,
            "severity": problem.severity,
        }
        for problem in problems
    ]
    count = sum(problem.severity == "error" for problem in problems) or len(problems)
    heading = f"{count} problem{'s' if count != 1 else ''} in {path}: the chapter was not rebuilt"
    html = Templates((), Locale(SOURCE_LANGUAGE).translations, {}).render_html(
        "serve/problems.html.j2", source=str(path), heading=heading, problems=shown
    )
    return _with_reload(html, build)


# How often the watcher wakes when nothing changed. Its first wake-up tells that the
# watch is registered (see start_watcher); later ones only check the stop event.
WATCH_TICK_MS = 200


def start_watcher(
    preview: Preview, stop: threading.Event, on_build: Callable[[Page], None]
) -> threading.Thread:
    """Start the thread that rebuilds ``preview`` on every save, until ``stop`` is set.

    Returns once the file system watch is registered, so that a save made after this
    returns is never missed (a save made while the thread was still starting used to be).
    """
    import watchfiles

    watching = threading.Event()

    def watch() -> None:
        missed = False  # a directory came or went: saves in it may have gone unseen
        while not stop.is_set():
            try:
                missed = watch_once(missed)
            except Exception as error:  # the watcher outlives any failure
                log.warning("watching for saves failed (%s); watching again", error)
                missed = True
                stop.wait(1.0)

    def publish(page: Page) -> None:
        try:
            on_build(page)
        except Exception as error:  # the page is served all the same
            log.warning("could not report build %d: %s", page.build, error)

    def watch_once(missed: bool) -> bool:
        """Watch the current roots until they change; whether saves may have been missed."""
        roots = preview.watch_roots()
        for changes in watchfiles.watch(
            *roots,
            watch_filter=preview.is_input,
            stop_event=stop,
            debounce=200,
            rust_timeout=WATCH_TICK_MS,
            yield_on_timeout=True,
        ):
            # watchfiles yields only from inside its registered watch: a quiet tick
            # (an empty set) or the first change both mean the watch is in place.
            watching.set()
            if changes or missed:
                missed = False
                publish(preview.rebuild())
            if preview.watch_roots() != roots:
                # extends: names another group file, or a watched directory was deleted
                # or created again (its old watch is gone): watch the new roots, and
                # build once they are watched, in case a save fell in between.
                return not changes
        return False

    watcher = threading.Thread(target=watch, name="ethos-watch", daemon=True)
    watcher.start()
    # Bounded, so that a watcher that failed to start cannot hang the preview.
    watching.wait(timeout=10)
    return watcher


def serve(
    path: Path,
    *,
    language: str | None = None,
    template_dirs: Sequence[Path] = (),
    port: int = 8000,
    on_ready: Callable[[str, Page], None],
    on_build: Callable[[Page], None],
) -> None:
    """Serve the preview of ``path`` until interrupted (``KeyboardInterrupt``).

    ``on_ready`` gets the URL and the first page; ``on_build`` each page rebuilt after a
    change. The server and the watcher stop cleanly when this returns or raises.

    Raises:
        OSError: the port is taken or cannot be bound.
    """
    preview = Preview(path, language, template_dirs)
    server = PreviewServer(port, preview)
    stop = threading.Event()
    watcher = start_watcher(preview, stop, on_build)
    on_ready(server.url, preview.page)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.stopping.set()
        preview.wake()
        server.server_close()
        watcher.join(timeout=5)
