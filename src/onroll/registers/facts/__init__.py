"""Turn register rows into the rules engine's plain facts, one module per job.

Nothing here decides anything: the decisions are ``onroll.rules``'. These modules only read.

- ``deletion``: the deletion rules' ``DeletionFacts`` and the officer's ``Attestation``;
- ``absence``: the run of G/N/O school days, from typed codes or the attendance register;
- ``review``: the exclusion review's ``ReviewFacts`` and when the review ended;
- ``leaving``: a leaver's destination and the leaver check's ``LeaverFacts``;
- ``returns``: what a return to the LA carries (the deletion return, reg 13(4));
- ``child``: what a referral to the LA carries about the child and family.
"""
