"""The core every platform talks to: ``NewsBot`` (``newsbot``) and ``Request`` (``request``).

Commands (``bot.commands.dispatch``) take a ``Request`` and the ``NewsBot`` and return
neutral documents; nothing here knows a platform."""
