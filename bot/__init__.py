"""newsbot: storage, commands, scheduling, delivery and platform adapters."""
