"""Survey analytics, each computed with SQL aggregates over ``Answer`` (never by loading answers into Python).

``skm`` (IKM per Permenpan RB 14/2017 and legacy rule sets) and ``servqual`` belong to the core; CSAT, NPS, IPA,
CSI, derived dissatisfaction and open text live in the sibling modules.
"""
