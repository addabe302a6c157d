"""Every text rule the site readers share, one home each (siteimport/formats/ only composes
them; a rule that only one theme needs, such as its demo leftovers, stays in its reader):

* ``frontmatter``: mojibake repair, front matter (YAML ``---`` and TOML ``+++``), YAML
  data with the line of each item, TOML, front-matter dates, ``SiteFileError``;
* ``from_html``: HTML as markdown (``escape=False`` for HTML inside markdown, so the
  markdown around it is left as written), fragments and single lines;
* ``markdown``: Liquid, comments, kramdown attributes, Hugo shortcodes, scripts and network
  badges removed, line numbers kept;
* ``cleaning``: the page cleaners the readers use, built from the two above;
* ``blocks``: a page split by its headings (ATX and setext, never inside fenced code), list
  items with their continuation lines;
* ``headings``: what a heading means (sections, the kind of papers under a sub-heading,
  talk kinds): one table each for every theme;
* ``contact``: obfuscated e-mail addresses, placeholder values, social usernames as URLs
  (``SOCIAL_URLS``, every theme's networks in one table);
* ``links``: what a paper's link is, by its label and address;
* ``highlights``: a paper's highlights as pages mark them (red, bold, parentheses, badges),
  with the vocabulary of ``awards.highlights``;
* ``venues``: a venue and its year as pages write them ("NeurIPS’25", "ICML2024").

A web address is told by ``labsite.links.is_web_url``, never by a check of its own.

Nothing here raises on odd input but ``SiteFileError`` (a sentence naming the file and line).
"""
