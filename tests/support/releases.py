"""A module of an earlier release, kept as text beside the tests (``releases/*.py.txt``), loaded
and run as it was: the cross-release tests read and write stores with it."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path
from typing import Any


def load_release(path: Path) -> Any:
    """The module in ``path`` (its name the file's, without ``.py.txt``), executed."""
    loader = importlib.machinery.SourceFileLoader(path.name.removesuffix(".py.txt"), str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[loader.name] = module  # its dataclasses look themselves up there
    loader.exec_module(module)
    return module
