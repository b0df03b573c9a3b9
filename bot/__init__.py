"""socialops: social signals into the chat where teams act (DESIGN.md)."""

import sys

# httpx imports its own command-line client (``httpx._main``: click, rich's progress and syntax
# views, every pygments lexer's name) whenever click happens to be installed, as it is beside
# import-linter: about 70 ms of CPU in every process that imports httpx, which nothing here
# runs. A module set to None is one Python refuses to import, and httpx falls back to its
# stand-in ``main`` then, as it does without click. Set before anything of ours imports httpx.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
