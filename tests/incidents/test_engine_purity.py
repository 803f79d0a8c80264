"""The incident engine is pure: importing every engine module loads no Django."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

import midora.incidents.engine as engine


def test_engine_imports_no_django():
    modules = [f"midora.incidents.engine.{m.name}" for m in pkgutil.iter_modules(engine.__path__)]
    assert "midora.incidents.engine.classification" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
