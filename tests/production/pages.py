"""Forms as a browser submits them: read from the page's HTML, filled in, sent with the page's token.

``page_form(html, action=...)`` finds one ``<form>``; ``form.fill(name=value, ...)`` changes what a
person would type, tick or choose (a choice by its value or by the text the person reads);
``submit(browser, form)`` sends what the browser would send (the successful controls, an empty
part for an untouched file input, the form's own CSRF token).
"""

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from tests.production.stack import Browser

TEXT_INPUTS = {"text", "hidden", "date", "datetime-local", "number", "email", "tel", "search", "url", "password", ""}


@dataclass
class Form:
    action: str
    enctype: str
    values: dict[str, list[str]] = field(default_factory=dict)
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """For selects, radios and checkboxes: (value, label) of each option, in page order."""
    files: list[str] = field(default_factory=list)
    token: str = ""

    def fill(self, **values) -> "Form":
        """``None``/``False`` clears a field, ``True`` ticks a checkbox, a list chooses several."""
        for name, value in values.items():
            if name not in self.values and name not in self.choices:
                raise KeyError(f"the form to {self.action} has no field {name!r}: {sorted(self.values)}")
            if value is None or value is False:
                self.values.pop(name, None)
                continue
            if value is True:
                self.values[name] = [self.choices[name][0][0]]
                continue
            items = value if isinstance(value, list | tuple) else [value]
            self.values[name] = [self._choose(name, str(item)) for item in items]
        return self

    def _choose(self, name: str, item: str) -> str:
        options = self.choices.get(name)
        if options is None:
            return item
        for value, _label in options:
            if value == item:
                return value
        for value, label in options:
            if label == item:
                return value
        raise ValueError(f"{name!r} has no option {item!r}: {options}")

    def label_of(self, name: str) -> str:
        """The text of the chosen option (of a select or radios)."""
        chosen = self.values.get(name, [""])[0]
        return next((label for value, label in self.choices.get(name, []) if value == chosen), "")

    def pairs(self) -> list[tuple[str, str]]:
        return [(name, value) for name, values in self.values.items() for value in values]


def _label_text(soup, element) -> str:
    parent = element.find_parent("label")
    if parent is None and element.get("id"):
        parent = soup.find("label", attrs={"for": element["id"]})
    return " ".join(parent.get_text(" ", strip=True).split()) if parent is not None else ""


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def forms_in(html: str, url: str) -> list[Form]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for node in soup.find_all("form"):
        form = Form(
            action=_path(urljoin(url, node.get("action") or url)),
            enctype=node.get("enctype", "application/x-www-form-urlencoded"),
        )
        for element in node.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or element.has_attr("disabled"):
                continue
            if element.name == "textarea":
                text = element.get_text()
                form.values[name] = [text[1:] if text.startswith("\n") else text]
            elif element.name == "select":
                options = element.find_all("option")
                form.choices[name] = [(o.get("value", o.get_text(strip=True)), o.get_text(strip=True)) for o in options]
                chosen = [o.get("value", o.get_text(strip=True)) for o in options if o.has_attr("selected")]
                if not chosen and options and not element.has_attr("multiple"):
                    chosen = [form.choices[name][0][0]]
                if chosen:
                    form.values[name] = chosen
            else:
                kind = element.get("type", "text").lower()
                if kind in {"checkbox", "radio"}:
                    form.choices.setdefault(name, []).append((element.get("value", "on"), _label_text(soup, element)))
                    if element.has_attr("checked"):
                        if kind == "radio":
                            form.values[name] = [element.get("value", "on")]
                        else:
                            form.values.setdefault(name, []).append(element.get("value", "on"))
                elif kind == "file":
                    form.files.append(name)
                elif kind in TEXT_INPUTS:
                    form.values[name] = [element.get("value", "")]
        form.token = (form.values.pop("csrfmiddlewaretoken", [""]) or [""])[0]
        found.append(form)
    return found


def page_form(html: str, url: str = "/", *, action: str | None = None, having: str | None = None) -> Form:
    """The page's form posting to ``action`` (a path, or its ending), or the one with field ``having``."""
    forms = forms_in(html, url)
    for form in forms:
        if action is not None and not (form.action == action or form.action.endswith(action)):
            continue
        if having is not None and having not in form.values and having not in form.choices:
            continue
        return form
    raise LookupError(f"no form with action={action!r} having={having!r}; forms: {[f.action for f in forms]}")


async def submit(browser: Browser, form: Form, **values):
    """Fill and send the form as the browser would, and return the answer (redirects not followed)."""
    form.fill(**values)
    files = None
    if form.enctype == "multipart/form-data":
        files = [(name, ("", b"", "application/octet-stream")) for name in form.files] or None
    return await browser.post(form.action, form.pairs(), files=files, token=form.token)
