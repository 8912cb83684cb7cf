"""The fields of a page's forms as a browser submits them unchanged: what the load test (bench/locustfile.py) posts
back when it saves a record, and what tests/test_scenario_queries.py posts to count a save's queries. Standard
library only (locust imports it from this folder)."""

from html.parser import HTMLParser


class FormParser(HTMLParser):
    """The fields of every form of a page, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = self._select = self._textarea = self._option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        if tag == "input":
            name, kind = a.get("name"), (a.get("type") or "text").lower()
            if not name or kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form["fields"].append((name, a.get("value") or ("on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), ""]
            self._select["options"].append(self._option)
            if "selected" in a:
                self._select["selected"].append(self._option)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"] or self._select["options"][:1]
            if self._select["multiple"]:
                chosen = self._select["selected"]
            for value, text in chosen:
                self._form["fields"].append((self._select["name"], text.strip() if value is None else value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def edit_form(html):
    """The fields of the page's POST form that carries the most fields (not the logout form of the header)."""
    parser = FormParser()
    parser.feed(html)
    forms = [form for form in parser.forms if form["method"] == "post"]
    return max(forms, key=lambda form: len(form["fields"]))["fields"] if forms else None
