"""The public API in citecheck.__all__ is real: every name resolves."""

from __future__ import annotations

import citecheck


def test_every_public_name_resolves() -> None:
    for name in citecheck.__all__:
        assert getattr(citecheck, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    import pytest

    with pytest.raises(AttributeError):
        citecheck.nothing_here  # noqa: B018


def test_no_public_name_shadows_a_submodule() -> None:
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(citecheck.__path__)}
    assert not modules & set(citecheck.__all__)
