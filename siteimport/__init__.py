"""Moving an existing site in: read a Jekyll/Hugo theme's repository (a folder or a .zip)
and make the person's homepage or the lab's site from it (see docs/architecture.md)."""
