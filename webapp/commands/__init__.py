"""`tonggao` subcommands, one module per domain; registered by webapp.cli."""
