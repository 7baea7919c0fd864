"""Entry point of a stage's child process: ``python -m bench.child MODULE:FUNC PARAMS OUT``.

Runs ``bench.MODULE.FUNC(params)`` and writes its JSON result to OUT; the
parent (:func:`bench.common.run_child`) reads it and the child's peak memory.
"""

from __future__ import annotations

import importlib
import json
import sys


def main(argv: list[str]) -> int:
    func, params, out = argv
    module, _, name = func.partition(":")
    fn = getattr(importlib.import_module(f"bench.{module}"), name)
    result = fn(json.loads(params))
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
