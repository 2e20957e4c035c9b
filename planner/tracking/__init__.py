"""Implementation tracking: derived delays, periodic progress updates and the ward comparison."""
