.PHONY: run test lint format bench

run:  ## install, migrate SQLite, seed demo accounts, start the web server and the task worker
	scripts/run.sh

test:  ## install everything and run lint + the whole suite on SQLite and PostgreSQL
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
