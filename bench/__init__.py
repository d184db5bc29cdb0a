"""Benchmarks of botapp: real gunicorn processes driven over HTTP on 127.0.0.1.

Run `python -m bench inbound`; docs/performance.md says what each benchmark measures.
"""
