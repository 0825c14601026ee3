"""Size limits inside the template sandbox: refuse a huge value before computing it.

A single Jinja expression such as ``'a' * 10**10`` or ``10 ** (10 ** 8)`` is one C-level
operation that no timer can interrupt. :class:`LimitedSandbox` estimates the size of what
the operators, the string methods and the filters that multiply text would produce, and
stops the template first, naming its line. What escapes these estimates is stopped by the
hard limits of the rendering process (:mod:`ethos.chapter.template_process`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sized
from functools import wraps
from typing import Any, TypeGuard

from jinja2 import TemplateError as JinjaTemplateError
from jinja2.runtime import Context
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment

from .compiled_templates import CompilingOnce

MAX_TEXT = 20_000_000
"""Characters in one text a template computes, and in one template's output."""
MAX_ITEMS = 1_000_000
"""Items in one list a template computes."""
MAX_DIGITS = 10_000
"""Decimal digits of one number a template computes."""
_MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))

# A width or precision in a printf-style (`%10s`, `%.*f`) or str.format (`{:>10}`) spec.
_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d+|\*)?(?:\.(\d+|\*))?")
_FORMAT_NUMBER = re.compile(r"\d+")


class TemplateLimitError(JinjaTemplateError):
    """A template ran too long or produced too much; it was stopped."""


def too_much_text() -> TemplateLimitError:
    return TemplateLimitError(
        f"the template computes a text of over {MAX_TEXT:,} characters — it was stopped "
        "(a repetition, padding or width that is too large?)"
    )


def _too_many_items() -> TemplateLimitError:
    return TemplateLimitError(
        f"the template computes a list of over {MAX_ITEMS:,} items — it was stopped "
        "(a repetition that is too large?)"
    )


def _too_large_number() -> TemplateLimitError:
    return TemplateLimitError(
        f"the template computes a number of over {MAX_DIGITS:,} digits — it was stopped "
        "(a power or product that is too large?)"
    )


def _check_size(value: object, size: float) -> None:
    """Refuse ``size`` characters (for text) or items (for other sequences)."""
    if isinstance(value, str):
        if size > MAX_TEXT:
            raise too_much_text()
    elif size > MAX_ITEMS:
        raise _too_many_items()


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_printf(spec: str, args: Any) -> None:
    """``spec % args``: no width or precision beyond the text limit."""
    values = args if isinstance(args, tuple) else (args,)
    for match in _PRINTF_SPEC.finditer(spec):
        for number in match.groups():
            if number == "*":
                if any(_is_int(v) and abs(v) > MAX_TEXT for v in values):
                    raise too_much_text()
            elif number and int(number) > MAX_TEXT:
                raise too_much_text()


def _check_format(spec: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``spec.format(...)``: no width or precision beyond the text limit."""
    for field in re.findall(r"\{[^{}]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}", spec):
        if any(int(n) > MAX_TEXT for n in _FORMAT_NUMBER.findall(field)):
            raise too_much_text()
        if "{" in field and any(
            _is_int(v) and abs(v) > MAX_TEXT for v in (*args, *kwargs.values())
        ):
            raise too_much_text()


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an arithmetic operation whose result would exceed a limit."""
    if operator == "*":
        if _is_int(left) and _is_int(right):
            if left.bit_length() + right.bit_length() > _MAX_BITS:
                raise _too_large_number()
        elif isinstance(left, Sized) and _is_int(right):
            _check_size(left, len(left) * right)
        elif isinstance(right, Sized) and _is_int(left):
            _check_size(right, len(right) * left)
    elif operator == "**":
        if (
            _is_int(left)
            and _is_int(right)
            and right > 0
            and abs(left) > 1
            and math.log2(abs(left)) * right > _MAX_BITS
        ):
            raise _too_large_number()
    elif operator == "+":
        if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _check_size(left, len(left) + len(right))
    elif operator == "%" and isinstance(left, str):
        _check_printf(left, right)


def _check_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call of a text method that would make a text over the limit."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    wrapped = getattr(method, "__wrapped__", None)
    if name in ("format", "format_map") and isinstance(getattr(wrapped, "__self__", None), str):
        _check_format(wrapped.__self__, args, kwargs)  # type: ignore[union-attr]
        return
    if not isinstance(owner, str):
        if isinstance(owner, list) and name == "extend" and args and isinstance(args[0], Sized):
            _check_size(owner, len(owner) + len(args[0]))
        return
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill") and _is_int(first):
        _check_size(owner, first)
    elif name == "expandtabs":
        size = kwargs.get("tabsize", first)
        if _is_int(size):
            _check_size(owner, len(owner) + owner.count("\t") * size)
    elif name == "replace" and len(args) >= 2 and isinstance(args[1], str):
        old = args[0]
        if isinstance(old, str):
            _check_size(
                owner, len(owner) + (owner.count(old) if old else len(owner) + 1) * len(args[1])
            )
    elif name == "join" and isinstance(first, (list, tuple)):
        _check_size(owner, len(owner) * max(len(first) - 1, 0))


def _bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja's filters that multiply text, with the multiplication checked first."""
    center, indent, format_filter, slice_filter = (
        filters["center"],
        filters["indent"],
        filters["format"],
        filters["slice"],
    )

    @wraps(center)
    def bounded_center(value: Any, width: int = 80) -> Any:
        if _is_int(width):
            _check_size("", width)
        return center(value, width)

    @wraps(indent)
    def bounded_indent(
        s: Any, width: int | str = 4, first: bool = False, blank: bool = False
    ) -> Any:
        text = str(s)
        step = len(width) if isinstance(width, str) else width
        if _is_int(step):
            _check_size("", len(text) + (text.count("\n") + 1) * step)
        return indent(s, width, first, blank)

    @wraps(format_filter)
    def bounded_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_printf(str(value), args)
        return format_filter(value, *args, **kwargs)

    # `slice` has an async variant, which Jinja passes the evaluation context first.
    context_first = hasattr(slice_filter, "jinja_pass_arg")

    @wraps(slice_filter)
    def bounded_slice(*args: Any, **kwargs: Any) -> Any:
        slices = kwargs.get(
            "slices", args[1 + context_first] if len(args) > 1 + context_first else None
        )
        if _is_int(slices):
            _check_size([], slices)
        return slice_filter(*args, **kwargs)

    return {
        "center": bounded_center,
        "indent": bounded_indent,
        "format": bounded_format,
        "slice": bounded_slice,
    }


def bounded_range(*args: int) -> range:
    """``range``, refused (with a message in the house style) beyond the sandbox's size."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(
            f"the template makes a range of over {MAX_RANGE:,} numbers — it was stopped "
            "(a loop that repeats too often?)"
        )
    return numbers


class LimitedSandbox(CompilingOnce, SandboxedEnvironment):
    """Jinja's sandbox, plus size estimates that stop a huge value before it is made.

    Compiles each template once per process (:mod:`ethos.chapter.compiled_templates`).
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters.update(_bounded_filters(self.filters))
        lipsum: Callable[..., Any] = self.globals["lipsum"]  # type: ignore[assignment]

        @wraps(lipsum)
        def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
            if _is_int(n) and _is_int(max):
                _check_size("", n * max * 12)  # at most `max` words of 12 characters
            return lipsum(n, html, min, max)

        self.globals["lipsum"] = bounded_lipsum
        self.globals["range"] = bounded_range

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        _check_method(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)
