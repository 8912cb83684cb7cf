"""The drop-down lists of a page as the browser shows them, for tests that compare options and labels."""

from html.parser import HTMLParser


class Selects(HTMLParser):
    """Every <select> of a page: {name: [(group, value, label, selected), ...]} in page order."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.selects, self._select, self._group, self._option = {}, None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = self.selects.setdefault(attrs["name"], [])
        elif tag == "optgroup":
            self._group = attrs["label"]
        elif tag == "option" and self._select is not None:
            self._option = [self._group, attrs["value"], "", "selected" in attrs]
            self._select.append(self._option)

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self._option[2] = self._option[2].strip()
            self._option = None
        elif tag == "optgroup":
            self._group = None
        elif tag == "select":
            self._select = None


def selects(response):
    assert response.status_code == 200
    return {
        name: [tuple(option) for option in options]
        for name, options in Selects(response.content.decode()).selects.items()
    }
