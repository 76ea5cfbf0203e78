"""The chat room of the WebSocket guide, live: two tabs of the served page each open a real
WebSocket to `portico serve` through the example's *Try it live*, and chat through the
chat-room Lambda function (a real Python process)."""
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def wait(browser, seconds=15):
    return WebDriverWait(browser, seconds, ignored_exceptions=[StaleElementReferenceException, NoSuchElementException])


def chat_figure(browser):
    return browser.find_element(By.CSS_SELECTOR, 'figure.websocket-example[data-api="chat"]')


def client_row(browser, name):
    for row in chat_figure(browser).find_elements(By.CSS_SELECTOR, "form.ws-live-client"):
        if row.find_element(By.CSS_SELECTOR, ".ws-client").text == name:
            return row
    raise AssertionError("no live client " + name)


def live_lines(browser):
    return [item.text for item in chat_figure(browser).find_elements(By.CSS_SELECTOR, ".ws-live-log li")]


def open_live(browser, server):
    browser.get(server + "/guide/websocket-apis.html")
    chat_figure(browser).find_element(By.CSS_SELECTOR, "button.tryit-toggle").click()


def connect(browser, name):
    row = client_row(browser, name)
    row.find_element(By.XPATH, ".//button[text()='Connect']").click()
    wait(browser).until(lambda b: name + " ⇢ connected" in live_lines(b))


def say(browser, name, text):
    row = client_row(browser, name)
    box = row.find_elements(By.TAG_NAME, "input")[1]
    box.clear()
    box.send_keys('{"action": "sendmessage", "text": "%s"}' % text)
    row.find_element(By.XPATH, ".//button[text()='Send']").click()


def test_two_tabs_chat_through_serve(server, browser):
    browser.get_log("browser")   # the session's browser is shared: start from an empty console log
    open_live(browser, server)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    second = browser.current_window_handle
    open_live(browser, server)

    browser.switch_to.window(first)
    connect(browser, "A")   # ?name=ana, as the example's script says
    browser.switch_to.window(second)
    connect(browser, "B")   # ?name=bo

    browser.switch_to.window(first)
    say(browser, "A", "hello from tab one")
    expected_first = 'A ← {"messages": [{"from": "ana", "text": "hello from tab one"}]}'
    wait(browser).until(lambda b: expected_first in live_lines(b))

    # The second tab hears what the first said, in the order the room got it.
    browser.switch_to.window(second)
    say(browser, "B", "hi, tab one")
    expected_second = ('B ← {"messages": [{"from": "ana", "text": "hello from tab one"}, '
                       '{"from": "bo", "text": "hi, tab one"}]}')
    wait(browser).until(lambda b: expected_second in live_lines(b))

    # And the first tab, speaking again, gets the reply it missed.
    browser.switch_to.window(first)
    say(browser, "A", "welcome")
    expected_third = ('A ← {"messages": [{"from": "bo", "text": "hi, tab one"}, '
                      '{"from": "ana", "text": "welcome"}]}')
    wait(browser).until(lambda b: expected_third in live_lines(b))

    # Disconnecting closes the socket normally; the tab says so.
    client_row(browser, "A").find_element(By.XPATH, ".//button[text()='Disconnect']").click()
    wait(browser).until(lambda b: "A ✕ closed 1000" in live_lines(b))
    browser.switch_to.window(second)
    client_row(browser, "B").find_element(By.XPATH, ".//button[text()='Disconnect']").click()
    wait(browser).until(lambda b: "B ✕ closed 1000" in live_lines(b))
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == [], severe
    browser.close()
    browser.switch_to.window(first)
