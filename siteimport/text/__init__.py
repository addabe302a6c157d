"""Every text rule the site readers share, one home each (siteimport/formats/ only composes
them; a rule that only one theme needs stays in that theme's reader):

* ``frontmatter``: repairing mojibake, front matter (YAML ``---`` and TOML ``+++``), YAML
  data with the line of each item, TOML, front-matter dates, ``SiteFileError``;
* ``html``: HTML (alone, or inside markdown without escaping the markdown around it) as
  markdown;
* ``markdown``: Liquid, comments, kramdown attributes, Hugo shortcodes and network badges
  removed, with line numbers kept where a reader needs them; one-line fields;
* ``blocks``: a page split by its headings (ATX and setext), list items with their
  continuation lines;
* ``headings``: what a heading means (one table, every theme);
* ``contact``: obfuscated e-mail addresses, social usernames as URLs.

Nothing here raises on odd input but ``SiteFileError`` (a sentence naming the file and line).
"""
