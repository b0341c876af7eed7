"""Helpers shared by the tests and the benchmarks: the app as a server on loopback
(:mod:`testkit.server`) and the shipped data and page as tests use them
(:mod:`testkit.pages`)."""
