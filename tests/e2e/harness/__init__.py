"""The e2e harness, one concern a module; tests/e2e/run.py is the entry point.

engine         the Docker engine: commands, builds (stand-in or registry images),
               image figures, the container's uid and files, cleanup
hardened       the hardened run as README.Docker.md gives it, the HTTP probe and
               the image's own HEALTHCHECK
measure        cold and warm builds, the cached dependency step, the naive
               reference image and `dockgen report`'s figures
reference      the hand-written reference.Dockerfile: built, served, rebuilt warm,
               and dockgen's image held to no larger than it
report         the one result row (Row) and results.{md,json}
generate       `dockgen init`, hadolint and the commands README.Docker.md gives
cases          one example on one runtime, and the generate-and-lint-only case
compose_cases  `--db`: compose with the app, and each database service alone
ca_case        an overlay's root CA trusted in every stage, and its labels
secret_cases   BuildKit secrets: a private registry's token, a regenerated project
"""
