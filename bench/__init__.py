"""kg's benchmark suite: ``python -m bench [--quick] [--json FILE]`` from the repo root.

See docs/performance.md for what is measured and the figures as measured.
"""
