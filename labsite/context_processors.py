def lab(request):
    """The current lab and the absolute base URL of this host, for every template."""
    return {
        "lab": getattr(request, "lab", None),
        "site_base_url": f"{request.scheme}://{request.get_host()}",
    }
