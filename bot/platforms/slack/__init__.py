"""newsbot as a Slack app: Bolt (asyncio) in HTTP or Socket Mode, Block Kit rendering,
the App Home tab, the item editor, OAuth for many workspaces and outbox posting.

The adapter is thin: a Slack event becomes a ``bot.core.request.Request``, ``bot.commands.dispatch``
answers with neutral documents, and ``blocks`` renders them for Slack.

Nothing is imported here: ``bot.platforms.slack.runner.run_slack`` pulls in Bolt, the renderer
alone does not.
"""
