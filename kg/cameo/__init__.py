"""CAMEO coding with external PETRARCH/TABARI-format dictionaries.

``verbs`` reads a verbs dictionary (synsets, verb blocks, patterns), ``actors`` reads
actor, agent and discard dictionaries, ``coder`` codes a spaCy-parsed sentence with them.
"""
