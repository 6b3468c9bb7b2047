"""CAMEO event coding.

``verbs`` reads a PETRARCH/TABARI-format verbs dictionary (synsets, verb blocks,
patterns), ``actors`` the actor, agent and discard dictionaries, ``coder`` codes a
spaCy-parsed sentence with them (event code, source and target actors), ``records``
reads PETRARCH validation XML, and ``own`` codes a sentence with our own event lexicon
and the CAMEO conventions of ``kg/data/events/cameo_codes.json``.
"""
