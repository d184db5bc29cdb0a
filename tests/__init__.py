"""botapp tests."""
