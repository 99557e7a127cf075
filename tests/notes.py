"""A short text written for the tests of propose and review: each line exercises a rule, with names the
fixture dataset has and some it lacks."""

NOTES = """Mekong notes

In 2013, Cambodia and Japan signed a strategic partnership.

Last year Hun Sen visited Japan to discuss the Neak Loeung Bridge.

Cambodia pursues a hedging strategy between the great powers.

Japan provided $120 million in grants for the Neak Loeung Bridge.

Cambodia adheres to permanent neutrality, its leaders say.

The weather in the capital was mild.
"""
