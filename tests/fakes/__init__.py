"""Local fakes of platform APIs for offline end-to-end tests."""
