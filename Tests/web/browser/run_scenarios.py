"""Runs the browser scenarios and fails unless all passed and at least MIN of them ran.

Usage: run_scenarios.py MIN [unittest names...]   (default: the module test_scenarios)

unittest alone passes when it finds nothing to run; here a renamed or deleted scenario, class or
file is a failure.
"""
import sys
import time
import unittest


def main(argv):
    minimum = int(argv[1])
    names = argv[2:] or ["test_scenarios"]
    suite = unittest.defaultTestLoader.loadTestsFromNames(names)
    started = time.monotonic()
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    elapsed = time.monotonic() - started
    print(f"browser scenarios: {result.testsRun} ran (at least {minimum} expected), "
          f"{len(result.failures)} failed, {len(result.errors)} errors, {len(result.skipped)} skipped, "
          f"{elapsed:.1f} s", file=sys.stderr)
    if result.testsRun < minimum:
        print(f"FAIL: only {result.testsRun} browser scenarios ran; expected at least {minimum}", file=sys.stderr)
        return 1
    if result.skipped:
        print("FAIL: a browser scenario was skipped", file=sys.stderr)
        return 1
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
