"""Issue 20: a template is compiled once per process, for every environment that would
compile it alike, and never served to one that would compile it otherwise."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.sandbox import SandboxedEnvironment

from ethos.chapter.compiled_templates import CompilingOnce


class Sandbox(CompilingOnce, SandboxedEnvironment):
    pass


SOURCE = "{{ name | shout }} <{{ 1 + 1 }}> issue 20 test"


def plain(value: str) -> str:
    return value.upper()


@pass_context
def with_context(context: Any, value: str) -> str:
    return f"{value.upper()} in {context['place']}"


def test_alike_environments_share_one_compilation() -> None:
    first, second = Sandbox(), Sandbox()
    first.filters["shout"] = plain
    second.filters["shout"] = lambda value: value.lower()  # another filter, called alike
    assert second.compile(SOURCE) is first.compile(SOURCE)
    assert first.from_string(SOURCE).render(name="<b>") == "<B> <2> issue 20 test"
    assert second.from_string(SOURCE).render(name="<B>") == "<b> <2> issue 20 test"


def test_an_environment_that_compiles_otherwise_compiles_its_own() -> None:
    plain_env, escaping, contextual = Sandbox(), Sandbox(autoescape=True), Sandbox()
    for environment in (plain_env, escaping):
        environment.filters["shout"] = plain
    contextual.filters["shout"] = with_context
    codes = {id(environment.compile(SOURCE)) for environment in (plain_env, escaping, contextual)}
    assert len(codes) == 3
    assert escaping.from_string(SOURCE).render(name="<b>") == "&lt;B&gt; <2> issue 20 test"
    assert contextual.from_string(SOURCE).render(name="x", place="Rome").startswith("X in Rome")


def test_an_edited_template_is_compiled_again() -> None:
    environment = Sandbox()
    environment.filters["shout"] = plain
    before = environment.from_string(SOURCE).render(name="a")
    after = environment.from_string(SOURCE + "!").render(name="a")
    assert (before, after) == ("A <2> issue 20 test", "A <2> issue 20 test!")
