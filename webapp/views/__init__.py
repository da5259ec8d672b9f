"""Browser blueprints: parse the request, call one service, render."""
