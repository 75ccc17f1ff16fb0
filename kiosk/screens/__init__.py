"""pygame screens: draw the session state, turn touches and keys into intents."""
