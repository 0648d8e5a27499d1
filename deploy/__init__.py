"""The production configuration (gunicorn, nginx, systemd) and the loopback runner that tests it."""
