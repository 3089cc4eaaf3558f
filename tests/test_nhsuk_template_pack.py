"""The nhsuk crispy-forms template pack and the NHS.UK look of allauth's pages, checked as a user would meet them."""

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.template import Context, Template
from django.test.html import Element, parse_html

PASSWORD = "a-long-test-password-1"


class MentoringRequestForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As it appears on your GMC record")
    role = forms.ChoiceField(
        label="Your role", choices=[("mentor", "Mentor"), ("mentee", "Mentee")], widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label="Topics", choices=[("career", "Career"), ("wellbeing", "Wellbeing")], widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label="Anything else", widget=forms.Textarea)


INVALID = {"name": "", "role": "neither", "topics": ["gardening"], "notes": ""}


def _elements(node):
    for child in node.children:
        if isinstance(child, Element):
            yield child
            yield from _elements(child)


def _attr(element, name):
    return dict(element.attributes).get(name)


def _classes(element):
    return (_attr(element, "class") or "").split()


def _text(node):
    parts = [child if isinstance(child, str) else _text(child) for child in node.children]
    return " ".join(" ".join(parts).split())


def find_all(node, tag=None, cls=None, **attrs):
    return [
        element
        for element in _elements(node)
        if (tag is None or element.name == tag)
        and (cls is None or cls in _classes(element))
        and all(_attr(element, name.rstrip("_").replace("_", "-")) == value for name, value in attrs.items())
    ]


def find_one(node, tag=None, cls=None, **attrs):
    found = find_all(node, tag, cls, **attrs)
    assert len(found) == 1, f"expected one <{tag or '*'} class={cls} {attrs}>, found {len(found)}"
    return found[0]


def render_crispy_tag(form):
    form.helper = FormHelper()
    form.helper.add_input(Submit("save", "Send request"))
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": form, "csrf_token": "test-token"})
    )


def render_crispy_filter(form):
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


@pytest.fixture(params=[render_crispy_tag, render_crispy_filter], ids=["crispy-tag", "crispy-filter"])
def render(request):
    return request.param


def test_error_summary_links_each_error_to_its_field(render):
    html = parse_html(render(MentoringRequestForm(data=INVALID)))

    summary = find_one(html, "div", "nhsuk-error-summary")
    assert _text(find_one(summary, "h2", "nhsuk-error-summary__heading")) == "There is a problem"
    links = {_attr(link, "href"): _text(link) for link in find_all(summary, "a")}
    assert set(links) == {"#id_name", "#id_role", "#id_topics", "#id_notes"}
    assert links["#id_name"] == "This field is required."
    for href in links:
        # Each link lands on a control the user can act on.
        target = find_one(html, id=href.removeprefix("#"))
        assert target.name in {"input", "textarea"}


def test_erroring_field_is_an_nhsuk_error_group_with_hint_and_error_wired_up(render):
    html = parse_html(render(MentoringRequestForm(data=INVALID)))

    group = find_one(html, "div", id="div_id_name")
    assert {"nhsuk-form-group", "nhsuk-form-group--error"} <= set(_classes(group))
    assert _text(find_one(group, "label", "nhsuk-label", for_="id_name")) == "Full name"
    assert _text(find_one(group, "div", "nhsuk-hint", id="id_name-hint")) == "As it appears on your GMC record"
    error = find_one(group, "span", "nhsuk-error-message", id="id_name-error")
    assert _text(error) == "Error: This field is required."
    assert _text(find_one(error, "span", "nhsuk-u-visually-hidden")) == "Error:"

    field = find_one(group, "input", id="id_name")
    assert {"nhsuk-input", "nhsuk-input--error"} <= set(_classes(field))
    assert _attr(field, "aria-describedby").split() == ["id_name-hint", "id_name-error"]

    textarea = find_one(html, "textarea", id="id_notes")
    assert {"nhsuk-textarea", "nhsuk-textarea--error"} <= set(_classes(textarea))
    assert _attr(textarea, "aria-describedby") == "id_notes-error"


@pytest.mark.parametrize(
    ("name", "legend", "component", "input_type"),
    [("role", "Your role", "nhsuk-radios", "radio"), ("topics", "Topics", "nhsuk-checkboxes", "checkbox")],
)
def test_choices_are_in_a_fieldset_with_a_legend(render, name, legend, component, input_type):
    html = parse_html(render(MentoringRequestForm(data=INVALID)))

    group = find_one(html, "div", id=f"div_id_{name}")
    assert "nhsuk-form-group--error" in _classes(group)
    fieldset = find_one(group, "fieldset", "nhsuk-fieldset")
    assert _text(find_one(fieldset, "legend", "nhsuk-fieldset__legend")) == legend
    assert _attr(fieldset, "aria-describedby") == f"id_{name}-error"
    find_one(fieldset, "span", "nhsuk-error-message", id=f"id_{name}-error")
    options = find_all(find_one(fieldset, "div", component), "input", f"{component}__input", type=input_type, name=name)
    assert len(options) == 2
    labels = [find_one(fieldset, "label", for_=_attr(option, "id")) for option in options]
    assert f"{component}__label" in _classes(labels[0])


def test_a_valid_form_has_no_error_summary_or_error_styling(render):
    form = MentoringRequestForm(data={"name": "Dr A", "role": "mentor", "topics": ["career"], "notes": "Hello"})
    assert form.is_valid()
    rendered = render(form)
    assert "nhsuk-error-summary" not in rendered
    assert "--error" not in rendered
    assert _attr(find_one(parse_html(rendered), "input", id="id_name"), "aria-describedby") == "id_name-hint"


def test_crispy_submit_is_an_nhsuk_button():
    html = parse_html(render_crispy_tag(MentoringRequestForm()))
    button = find_one(html, "button", "nhsuk-button", type="submit")
    assert _text(button) == "Send request"
    assert "btn" not in _classes(button)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_allauth_entrance_pages_are_nhsuk_forms(client, url):
    response = client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    html = parse_html(content)
    find_one(html, "h1", "nhsuk-heading-l")
    form = find_one(html, "form", method="post")
    email = find_one(form, "input", "nhsuk-input", type="email")
    find_one(form, "label", "nhsuk-label", for_=_attr(email, "id"))
    assert find_all(form, "input", "nhsuk-input", type="password")
    find_one(form, "button", "nhsuk-button", type="submit")
    assert "nhsuk-error-summary" not in content
    assert " style=" not in content


@pytest.mark.django_db
def test_wrong_password_shows_the_nhsuk_error_summary(client, django_user_model):
    django_user_model.objects.create_user("gp@example.com", PASSWORD)

    response = client.post("/accounts/login/", {"login": "gp@example.com", "password": "not-the-password"})

    assert response.status_code == 200
    html = parse_html(response.content.decode())
    summary = find_one(html, "div", "nhsuk-error-summary")
    assert _text(find_one(summary, "h2", "nhsuk-error-summary__heading")) == "There is a problem"
    assert "not correct" in _text(find_one(summary, "ul", "nhsuk-error-summary__list"))
