"""BSrE electronic signatures: a client of the office's esign-client (API v2, JSON) and a simulator of it.

Neither module imports Django: the client is wrapped by :mod:`disnaker.decrees.signing` (the ``bsre``
backend), and the simulator runs on its own (``manage.py bsre_simulator``) or in a test's thread. Which facts
about the API come from which public client library is listed in ``docs/bsre.md``.
"""
