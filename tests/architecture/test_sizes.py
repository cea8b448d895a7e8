"""Small modules and functions: none of src/ over 400 lines, no function over 60."""

import pytest

from .rules import PACKAGE, app_modules, size_faults


@pytest.mark.parametrize(
    "path",
    [*app_modules(), *PACKAGE.glob("*.py")],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_modules_and_functions_stay_small(path):
    assert size_faults(path.read_text(encoding="utf-8")) == []


def test_a_long_function_and_a_long_module_are_caught():
    body = "".join(f"    x = {i}\n" for i in range(61))
    assert size_faults(f"def f():\n{body}") == ["f() of 62 lines"]
    assert size_faults("x = 1\n" * 401) == ["module of 401 lines"]
