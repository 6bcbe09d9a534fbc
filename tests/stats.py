"""How far a statistic may stray from its expected value in a test.

Every statistical assert in the tests allows Z standard errors. With Z = 5 a
correct implementation fails a single check with probability below 6e-7, so
the bounds hold for any seed while a bias of a few standard errors still fails.
"""
Z = 5.0
