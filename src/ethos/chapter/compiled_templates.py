"""Templates compiled once per process, whichever build, language or environment asks.

Every build makes Jinja environments of its own (one per language and kind, with that
language's filters and translations), and Jinja keeps what it compiles per environment:
a batch compiled the same chapter templates and catalog wordings again for every file
and every language, 43% of a worker's busy time (bench/RESULTS.md, "Profile").

What compiling gives, Python code, depends on the template's source, name and file, and
on how the environment compiles: its syntax, extensions and policies, autoescaping and
finalize, the sandbox, and which filters and tests exist with which calling convention;
never on what the filters, tests and translations do when the template renders. That is
the key of :data:`_compiled`, so one compilation serves every environment that would
compile the template alike, and an edited template is another key: nothing kept here is
ever stale. It holds code only, no template, catalog or translation of any build (those
belong to the build's :class:`~ethos.wording.theme.Theme`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Mapping
from types import CodeType
from typing import Any

from jinja2 import Environment, nodes
from jinja2.utils import internalcode

KEPT = 4096
"""Compiled templates kept, the most recently used (a five-language build needs ~1,300)."""

_compiled: OrderedDict[Hashable, CodeType] = OrderedDict()


class CompilingOnce(Environment):
    """A Jinja environment that reuses what an alike environment compiled before."""

    @internalcode
    def compile(  # type: ignore[override]  # Jinja's two overloads, implemented as one
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> str | CodeType:
        if raw or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload,no-any-return]
        key = (compiling(self), source, name, filename)
        code = _compiled.get(key)
        if code is None:
            code = super().compile(source, name, filename)
            _compiled[key] = code
            if len(_compiled) > KEPT:
                _compiled.popitem(last=False)
        else:
            _compiled.move_to_end(key)
        return code


def compiling(environment: Environment) -> Hashable:
    """Everything of ``environment`` that the code Jinja compiles for it depends on."""
    env: Any = environment
    return (
        type(environment),
        env.code_generator_class,
        (
            env.block_start_string, env.block_end_string, env.variable_start_string,
            env.variable_end_string, env.comment_start_string, env.comment_end_string,
            env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
            env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        ),
        tuple(sorted(env.extensions)),
        getattr(env, "newstyle_gettext", None),
        tuple(sorted((key, repr(value)) for key, value in env.policies.items())),
        env.autoescape,
        env.finalize is not None and _calling(env.finalize),
        env.optimized,
        env.is_async,
        env.sandboxed,
        getattr(env, "intercepted_binops", None),
        getattr(env, "intercepted_unops", None),
        _callings(env.filters),
        _callings(env.tests),
    )  # fmt: skip


def _calling(function: Any) -> object:
    """How Jinja calls ``function``: with the context, the eval context, the environment,
    or nothing first (its ``pass_context`` and like decorators)."""
    return getattr(function, "jinja_pass_arg", None)


def _callings(functions: Mapping[str, Any]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((name, _calling(function)) for name, function in functions.items()))
