"""Settings: ``base`` holds everything; ``test`` and ``production`` change only what they must."""
