"""``python -m maps`` = the ``posture`` command."""

from maps.cli import main

if __name__ == "__main__":
    main(prog_name="posture")
