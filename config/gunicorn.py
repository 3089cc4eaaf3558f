"""Gunicorn's settings for the web process (`gunicorn -c config/gunicorn.py config.wsgi`).

The access log names the path without its query string and leaves out the referrer: searches
(`?q=`) carry names and email addresses, and no personal data goes into logs.
"""

bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"
# %(U)s is the path alone; %(q)s (the query) and %(f)s (the referrer, which has its own query) are left out.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss'
