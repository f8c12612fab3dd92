"""gunicorn settings read by deploy/nasenco-web.service (the command line holds the rest)."""


def post_worker_init(worker):
    """Each web worker loads the URLs and WeasyPrint before its first request (nasenco.warm), so the first
    certificate it serves is as quick as the rest."""
    from nasenco.warm import worker_ready

    worker_ready()
