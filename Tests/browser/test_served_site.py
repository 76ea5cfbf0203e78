"""The served repo docs in a real browser: navigation, diagrams, search, dark mode, try-it,
live reload; no console error and no request to any host but the server."""
import json
import os
import re
import time
from urllib.parse import urlparse

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def wait(browser, seconds=10):
    # Try-it and live reload replace parts of the page while we poll them.
    return WebDriverWait(browser, seconds, ignored_exceptions=[StaleElementReferenceException, NoSuchElementException])


def requested_hosts(browser):
    hosts = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("data:", "blob:", "about:")):
                continue
            hosts.add(urlparse(url).netloc)
    return hosts


def severe_console_messages(browser):
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_the_served_docs_work_in_a_browser(server, browser, project):
    server_host = urlparse(server).netloc
    browser.get(server + "/")
    assert "API Gateway Field Guide" in browser.title

    # An architecture or flowchart diagram drawn at build time is an inline SVG.
    assert browser.find_elements(By.CSS_SELECTOR, "figure.diagram svg"), "no SVG diagram on the home page"

    # Navigation: follow a sidebar link to another page.
    links = [a for a in browser.find_elements(By.CSS_SELECTOR, "nav.sidebar a") if a.get_attribute("aria-current") != "page"]
    assert links, "the sidebar has no link to another page"
    target = links[0].get_attribute("href")
    links[0].click()
    wait(browser).until(EC.url_to_be(target))
    browser.get(server + "/")

    # Search: type a query, open the first result.
    box = wait(browser).until(EC.visibility_of_element_located((By.ID, "search-input")))
    box.send_keys("Missing Authentication Token")
    first = wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#search-results a")))
    href = first.get_attribute("href")
    first.click()
    wait(browser).until(lambda b: b.current_url.split("#")[0] == href.split("#")[0])
    browser.get(server + "/")

    # Dark mode: the toggle switches the theme and the page's colours.
    before = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    toggle = wait(browser).until(EC.element_to_be_clickable((By.CSS_SELECTOR, ".theme-toggle")))
    theme = browser.execute_script("return document.documentElement.getAttribute('data-theme')")
    toggle.click()
    wait(browser).until(lambda b: b.execute_script("return document.documentElement.getAttribute('data-theme')") != theme)
    after = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert before != after, "the theme toggle did not change the background"

    # Try-it: edit an example's path and run it; the new transcript replaces the old one.
    figure = browser.find_element(By.CSS_SELECTOR, "figure.example[data-request]")
    figure.find_element(By.CSS_SELECTOR, "button.tryit-toggle").click()
    path = figure.find_element(By.CSS_SELECTOR, ".tryit-form label:nth-of-type(2) input")
    path.clear()
    path.send_keys("/items/7")
    figure.find_element(By.CSS_SELECTOR, ".tryit-form button[type=submit]").click()
    wait(browser).until(lambda b: "GET /items/7 HTTP/1.1" in figure.find_element(By.CSS_SELECTOR, ".exchange .request").text)
    wait(browser).until(lambda b: "200" in figure.find_element(By.CSS_SELECTOR, ".exchange .response").text)

    # Live reload: editing a note reloads the page with the change.
    marker = "Edited by the browser test %d." % int(time.time())
    with open(os.path.join(project, "Content", "index.md"), "a") as note:
        note.write("\n\n" + marker + "\n")
    wait(browser, 20).until(lambda b: marker in b.page_source)

    assert requested_hosts(browser) <= {server_host}, "requests left the server: %s" % requested_hosts(browser)
    assert severe_console_messages(browser) == []


def test_tryit_sends_a_key_chosen_by_name(server, browser, project):
    """Try-it's key picker: the first example on the API-key page is refused without a key
    (403); run again with a key picked by name it answers 200, and the page never holds the
    key's value (the server sends it; the panel masks it)."""
    browser.get(server + "/guide/advanced/api-keys.html")
    figure = browser.find_element(By.CSS_SELECTOR, "figure.example[data-request]")
    assert "403" in figure.find_element(By.CSS_SELECTOR, ".exchange .response").text
    figure.find_element(By.CSS_SELECTOR, "button.tryit-toggle").click()
    select = wait(browser).until(lambda b: figure.find_element(By.CSS_SELECTOR, ".tryit-key select"))
    names = [option.get_attribute("value") for option in select.find_elements(By.TAG_NAME, "option")]
    assert names[0] == "" and "acme-resellers" in names, names
    select.find_element(By.CSS_SELECTOR, "option[value='acme-resellers']").click()
    figure.find_element(By.CSS_SELECTOR, ".tryit-form button[type=submit]").click()
    wait(browser).until(lambda b: "200" in figure.find_element(By.CSS_SELECTOR, ".exchange .response").text)
    assert "X-API-Key" in figure.find_element(By.CSS_SELECTOR, ".exchange .request").text
    assert "field-guide-demo-key-0123456789" not in browser.page_source
    assert severe_console_messages(browser) == []


def tryit_as(browser, figure, identity):
    """Opens the figure's try-it panel, picks `identity` in "Call as" and runs the request;
    returns the names the picker offered."""
    figure.find_element(By.CSS_SELECTOR, "button.tryit-toggle").click()
    select = wait(browser).until(lambda b: figure.find_element(By.CSS_SELECTOR, ".tryit-as select"))
    wait(browser).until(lambda b: len(select.find_elements(By.TAG_NAME, "option")) > 1)
    names = [option.get_attribute("value") for option in select.find_elements(By.TAG_NAME, "option")]
    select.find_element(By.CSS_SELECTOR, "option[value='%s']" % identity).click()
    figure.find_element(By.CSS_SELECTOR, ".tryit-form button[type=submit]").click()
    return names


def test_tryit_calls_as_an_identity(server, browser, project):
    """Try-it's "Call as" picker: an IAM method refuses the anonymous request (403, no
    signature), and answers 200 when the reader picks an IAM user, whose request the server
    signs with Signature Version 4; a Cognito method refuses the anonymous request (401) and
    answers 200 for a pool user, whose token the server obtains. No secret reaches the page."""
    browser.get(server + "/guide/advanced/iam-authorization.html")
    figure = browser.find_element(By.CSS_SELECTOR, "figure.example[data-request]")
    assert "403" in figure.find_element(By.CSS_SELECTOR, ".exchange .response").text
    names = tryit_as(browser, figure, "auditor")
    assert names[0] == "" and "auditor" in names and "intern" in names, names
    wait(browser).until(lambda b: "200" in figure.find_element(By.CSS_SELECTOR, ".exchange .response").text)
    request = figure.find_element(By.CSS_SELECTOR, ".exchange .request").text
    assert "AWS4-HMAC-SHA256 Credential=" in request, request
    signed_panel = figure.get_attribute("innerHTML")

    browser.get(server + "/guide/advanced/cognito.html")
    anonymous = [f for f in browser.find_elements(By.CSS_SELECTOR, "figure.example[data-request]")
                 if "401" in f.find_element(By.CSS_SELECTOR, ".exchange .response").text
                 and "Authorization" not in f.find_element(By.CSS_SELECTOR, ".exchange .request").text][0]
    names = tryit_as(browser, anonymous, "customers/alice")
    assert "customers/alice" in names, names
    wait(browser).until(lambda b: "200" in anonymous.find_element(By.CSS_SELECTOR, ".exchange .response").text)
    # The answered panels hold no secret: the server signed, or signed in, for the reader.
    with open(os.path.join(project, "Content", "portico.yml")) as f:
        secrets = re.findall(r"(?:secretAccessKey|password): *\"?([^\s\",}]+)", f.read())
    assert len(secrets) >= 3, secrets
    for panel in (signed_panel, anonymous.get_attribute("innerHTML")):
        for secret in secrets:
            assert secret not in panel
    assert severe_console_messages(browser) == []


def example_figure(browser, request_line, status, without=None):
    """The first example figure whose request starts with `request_line` and whose executed
    answer has `status` (and whose request lacks `without`, when given)."""
    for figure in browser.find_elements(By.CSS_SELECTOR, "figure.example[data-request]"):
        request = figure.find_element(By.CSS_SELECTOR, ".exchange .request").text
        response = figure.find_element(By.CSS_SELECTOR, ".exchange .response").text
        if request_line in request and str(status) in response and (without is None or without not in request):
            return figure
    raise AssertionError("no example %s answered %s" % (request_line, status))


def test_tryit_on_http_api_routes_with_an_identity(server, browser, project):
    """Issue 18's check: try-it on an HTTP API route with a JWT authorizer. Anonymous, the
    route answers 401 {"message":"Unauthorized"}; called as the pool user, the server obtains
    her token, the JWT authorizer verifies it and the function answers 200 with the receipt.
    The IAM route of the same page, refused for the intern,
    answers 200 for the auditor, whose request the server signs for the $default stage (no
    stage segment in the signed path)."""
    browser.get(server + "/guide/http-apis.html")
    anonymous = example_figure(browser, "GET /receipts/1001", 401, without="Authorization")
    names = tryit_as(browser, anonymous, "customers/alice")
    assert "customers/alice" in names and "auditor" in names, names
    wait(browser).until(lambda b: "200" in anonymous.find_element(By.CSS_SELECTOR, ".exchange .response").text)
    assert "Authorization: Bearer " in anonymous.find_element(By.CSS_SELECTOR, ".exchange .request").text
    answered = anonymous.find_element(By.CSS_SELECTOR, ".exchange .response").text
    assert '"order": 1001' in answered, answered

    refused = example_figure(browser, "GET /audit", 403)
    tryit_as(browser, refused, "auditor")
    wait(browser).until(lambda b: "200" in refused.find_element(By.CSS_SELECTOR, ".exchange .response").text)
    answered = refused.find_element(By.CSS_SELECTOR, ".exchange .response").text
    assert '"iam"' in answered and "user/auditor" in answered, answered
    assert severe_console_messages(browser) == []
