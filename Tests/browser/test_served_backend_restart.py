"""`portico serve` restarts a backend when its script changes: the served gateway and the
page's executed example both meet the new code, and the script is never published."""
import json
import os
import time
import urllib.error
import urllib.request


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(predicate, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def stock(server):
    status, body = get(server + "/_gateway/orders/prod/stock/42")
    return json.loads(body).get("inStock") if status == 200 else None


def test_an_edited_backend_script_restarts_the_backend(server, project):
    script = os.path.join(project, "Content", "backends", "inventory.py")
    with open(script, encoding="utf-8") as source:
        original = source.read()
    assert 'STOCK = {"42": 7, "7": 0}' in original
    # The backend's code is the project's, not a page asset.
    assert get(server + "/backends/inventory.py")[0] == 404
    assert stock(server) == 7
    page = lambda: get(server + "/concepts/integrations.html")[1]
    shown = '<span class="tok-key">&quot;inStock&quot;</span>: <span class="tok-num">%d</span>'
    assert shown % 7 in page()
    try:
        with open(script, "w", encoding="utf-8") as source:
            source.write(original.replace('"42": 7', '"42": 8'))
        assert wait_for(lambda: stock(server) == 8), "the served gateway still meets the old backend"
        # The page's example ran again against the restarted backend.
        assert wait_for(lambda: shown % 8 in page()), "the example did not run again"
    finally:
        with open(script, "w", encoding="utf-8") as source:
            source.write(original)
    assert wait_for(lambda: stock(server) == 7), "the backend did not come back to the original code"
    # The other tests share this server: let the rebuild for the restored script finish (and
    # its reload event pass) before they start.
    assert wait_for(lambda: shown % 7 in page()), "the example did not run again after the restore"
    time.sleep(1)
