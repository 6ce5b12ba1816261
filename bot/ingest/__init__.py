"""Following the story: fetching pages and feeds safely, the ingest pipeline (article →
extraction → proposals), approval of proposals, and feed polling on a schedule."""
