"""Time each demo step (`lindung shell < tools/demo_timing.py` after migrate and load-regions)."""

import time

from lindung.jobs.progress import Progress
from lindung.web.demo import demo_steps

total = time.perf_counter()
for _order, name, step in demo_steps():
    t = time.perf_counter()
    summary = step(Progress())
    print(f"{time.perf_counter() - t:7.1f} s  {name.rsplit('.', 1)[-1]}: {summary}")
print(f"{time.perf_counter() - total:7.1f} s  all steps")
