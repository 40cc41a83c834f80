"""The web page at ``/``: one self-contained HTML file (no network resources)."""

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>newsdigest</title></head>
<body><h1>newsdigest</h1><p>Work in progress: the page of issue 7.</p></body></html>
"""
