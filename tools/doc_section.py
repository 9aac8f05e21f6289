"""A benchmark's section of a markdown page, between `<!-- NAME -->` and `<!-- /NAME -->`: written in
place when the page has it, appended when it has not, the rest of the page untouched."""


def write_section(path, name, body):
    """Puts `body` (the section's text, without its markers) between the markers of `name` in `path`."""
    opening, closing = f"<!-- {name} -->", f"<!-- /{name} -->"
    section = f"{opening}\n{body.strip(chr(10))}\n{closing}"
    with open(path) as f:
        page = f.read()
    start, end = page.find(opening), page.find(closing)
    if start >= 0 and end > start:
        page = page[:start] + section + page[end + len(closing):]
    else:
        page = page.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w") as f:
        f.write(page)
