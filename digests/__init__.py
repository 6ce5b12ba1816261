"""The news engine: articles, actors, stance answers and digest documents.

Nothing in here knows about chat platforms or database sessions; ``bot`` feeds it
plain records and renders what it returns.
"""
