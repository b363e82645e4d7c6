"""What tests and benchmarks share to exercise Plenary for real: daphne worker processes
(``harness.processes``) and bursts of simultaneous requests (``harness.requests``)."""
