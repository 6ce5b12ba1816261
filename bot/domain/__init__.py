"""Writes: every change goes through here, with its history, audit entry and alerts.

A change, its diff, its audit entry and one outbox row per subscribed channel are
added to the caller's session, so they commit — or fail — together. One module per
kind of row: ``items``, ``stances``, ``articles``; ``alerts`` and ``audit`` are what
every write adds beside its row; ``checks`` the validation of what users type.
"""
