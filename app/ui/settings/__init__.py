"""The settings dialog's pages (app/ui/settings_dialog.py assembles them)."""
