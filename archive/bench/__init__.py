"""The benchmark: a generated corpus (`corpus`) and the measurements (`measure`).

`python manage.py bench` runs it and writes docs/benchmarks.md.
"""
