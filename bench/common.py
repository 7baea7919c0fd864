"""What every benchmark stage shares: folders, child processes, memory, statistics.

Each stage runs in a child process of its own (``python -m bench.child``) so
that its peak resident memory is its own (read from ``wait4``), a crash or a
leak in one stage cannot spoil the next, and imports are paid where they
belong. The parent only waits, so a stage with ``jobs=2`` keeps the machine
at two busy processes.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
WORK = RESULTS / "work"
PROFILES = RESULTS / "profiles"


class StageError(RuntimeError):
    """A stage failed in its child process; the message carries the child's last words."""


def run_child(func: str, params: dict[str, Any], *, timeout: float = 1800.0) -> dict[str, Any]:
    """Run ``bench.<module>:<function>(params)`` in a child; its result plus wall time and peak RSS.

    The child writes its result as JSON to a temporary file; on failure the
    tail of its stderr is raised as :class:`StageError`.
    """
    WORK.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w+", suffix=".json", dir=WORK, delete=False) as fh:
        out = Path(fh.name)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    load_before = _loadavg()
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "bench.child", func, json.dumps(params),
                                 str(out)], cwd=ROOT, env=env, stderr=err)
        deadline = t0 + timeout
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        err.seek(0)
        tail = err.read()[-3000:]
    try:
        if proc.returncode != 0:
            raise StageError(f"{func} failed (exit {proc.returncode}):\n{tail.strip()}")
        result = json.loads(out.read_text(encoding="utf-8"))
    finally:
        out.unlink(missing_ok=True)
    result["_wall_s"] = round(wall, 3)
    # ru_maxrss is in KiB on Linux: the largest of the child and the processes it waited for.
    result["_peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1) if usage else None
    # CPU seconds of the child and its workers: steadier than wall time on a busy machine.
    result["_cpu_s"] = round(usage.ru_utime + usage.ru_stime, 3) if usage else None
    # Other work on the machine (load average before and after): a busy machine skews ratios.
    result["_load_avg"] = [load_before, _loadavg()]
    return result


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class PeakSampler:
    """The highest RSS seen while a block runs (sampled every 20 ms), to isolate one step."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.start_mb = 0.0
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_mb = max(self.peak_mb, rss_mb())

    def __enter__(self) -> PeakSampler:
        self.start_mb = self.peak_mb = rss_mb()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.peak_mb = max(self.peak_mb, rss_mb())

    @property
    def grew_mb(self) -> float:
        return round(self.peak_mb - self.start_mb, 1)


@contextmanager
def timer() -> Iterator[dict[str, float]]:
    """``with timer() as t: ...`` then ``t["s"]`` holds the seconds the block took."""
    box: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        yield box
    finally:
        box["s"] = time.perf_counter() - t0


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return math.nan
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def fit_exponent(ns: Sequence[float], ts: Sequence[float]) -> float | None:
    """Least-squares slope of log(t) against log(n): 1.0 is linear growth."""
    pts = [(math.log(n), math.log(t)) for n, t in zip(ns, ts, strict=True) if n > 0 and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def r(x: float | None, nd: int = 2) -> float | None:
    """Round for the JSON, keeping None and NaN out of the way."""
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return None
    return round(x, nd)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import platform

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = None
    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "memory_gb": mem_gb,
            "python": platform.python_version(), "platform": platform.platform(),
            "load_avg_1m": load}
