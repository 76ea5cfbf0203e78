"""WCAG AA contrast of the served docs in Chromium, in the light and the dark palette: for every
visible element with text of its own, the contrast ratio (WCAG 2.x) between its computed text
colour and its effective background (the first opaque background up its ancestors, with the
translucent ones in between composited over it) must be at least 4.5:1, or 3:1 for large text
(at least 24px, or 18.66px and bold). https://www.w3.org/TR/WCAG21/#contrast-minimum and
https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio (relative luminance, 0.03928 threshold).

Covers links, syntax-highlighting tokens in code blocks and mapping templates, transcript
panels (their <details> opened), tables, schema trees, the search results and the 404 page;
an input's placeholder counts as its text. Text inside SVG diagrams is not checked (it is
drawn over shapes, not over a CSS background)."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# A note with tables, code and executed examples; a reference operation page (schema tree,
# highlighted mapping templates, method badge); a note with an error-status transcript; the
# home page (where the search results are opened); a missing address (the 404 page); a note
# with bursts (outcome tables, bucket charts, the masked-key note).
PAGES = [
    "/guide/mapping-templates.html",
    "/guide/errors.html",
    "/guide/advanced/throttling.html",
    "/reference/orders/post-orders.html",
    "/reference/orders/index.html",
    "/index.html",
    "/no/such/page",
]

# light: the system prefers light; dark: the system prefers dark; dark-toggle: the system
# prefers light and the reader chose dark with the toggle (`data-theme` on <html>).
MODES = {"light": ("light", None), "dark": ("dark", None), "dark-toggle": ("light", "dark")}

OFFENDERS = r"""
function parse(text) {
  var m = /^rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:\s*[,\/]\s*([\d.]+%?))?\)$/.exec(text);
  if (!m) return null;
  var a = m[4] === undefined ? 1 : (m[4].slice(-1) === "%" ? parseFloat(m[4]) / 100 : parseFloat(m[4]));
  return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), a];
}
function over(top, bottom) {  // `top` composited over an opaque `bottom`
  return [0, 1, 2].map(function (i) { return top[i] * top[3] + bottom[i] * (1 - top[3]); }).concat([1]);
}
function luminance(c) {
  var l = c.slice(0, 3).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}
function ratio(a, b) {
  var x = luminance(a), y = luminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
// The colour behind `el`: translucent backgrounds up its ancestors over the first opaque one.
function background(el) {
  var layers = [], problem = null;
  for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
    var style = getComputedStyle(node);
    if (style.backgroundImage !== "none") problem = "background image on " + node.tagName.toLowerCase();
    var colour = parse(style.backgroundColor);
    if (!colour) { problem = "unreadable background " + style.backgroundColor; break; }
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] >= 1) break;
  }
  var result = [255, 255, 255, 1];  // the canvas, if nothing is opaque
  if (layers.length && layers[layers.length - 1][3] >= 1) result = layers.pop();
  while (layers.length) result = over(layers.pop(), result);
  return {colour: result, problem: problem};
}
function visible(el, rect) {
  if (rect.width <= 1 || rect.height <= 1 || rect.right <= 0 || rect.bottom <= 0) return false;
  for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
    var style = getComputedStyle(node);
    if (style.visibility !== "visible" && node === el) return false;
    if (parseFloat(style.opacity) === 0) return false;
  }
  return true;
}
function describe(el) {
  var name = el.tagName.toLowerCase();
  if (el.id) name += "#" + el.id;
  if (el.classList.length) name += "." + Array.prototype.join.call(el.classList, ".");
  return (el.parentElement ? el.parentElement.tagName.toLowerCase() + " > " : "") + name;
}
function format(c) { return "rgb(" + c.slice(0, 3).map(Math.round).join(",") + ")"; }
var offenders = [], checked = 0;
Array.prototype.forEach.call(document.body.querySelectorAll("*"), function (el) {
  if (el.closest("svg, script, style, template, noscript")) return;
  var style = getComputedStyle(el), text = "", colour = style.color, field = /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
  for (var child = el.firstChild; child; child = child.nextSibling) if (child.nodeType === 3) text += child.data;
  text = text.trim();
  if (field && el.type !== "hidden") {
    text = el.value || "";
    if (!text && el.placeholder) { text = el.placeholder; colour = getComputedStyle(el, "::placeholder").color; }
  }
  if (!text) return;
  var rect = el.getBoundingClientRect();
  if (!visible(el, rect)) return;
  checked++;
  var fg = parse(colour), bg = background(el);
  if (!fg || bg.problem) { offenders.push(describe(el) + " '" + text.slice(0, 40) + "': cannot compute (" + (bg.problem || "colour " + colour) + ")"); return; }
  if (fg[3] < 1) fg = over(fg, bg.colour);
  var size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  var large = size >= 24 || (size >= 18.66 && bold), needed = large ? 3 : 4.5, r = ratio(fg, bg.colour);
  if (r < needed) {
    offenders.push(describe(el) + " '" + text.slice(0, 40) + "': " + r.toFixed(2) + ":1 < " + needed + ":1 (" + format(fg) + " on " + format(bg.colour) + ")");
  }
});
return {checked: checked, offenders: offenders};
"""


@pytest.fixture
def palette(browser):
    """Leaves the shared browser as it found it: no emulated colour scheme, no stored theme."""
    yield
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    browser.execute_script("try { localStorage.removeItem('portico-theme'); } catch (e) {}")


def open_page(browser, url, system, chosen):
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": system}]})
    browser.get(url)
    browser.execute_script("""
        try { localStorage.removeItem('portico-theme'); } catch (e) {}
        if (arguments[0]) document.documentElement.setAttribute('data-theme', arguments[0]);
        else document.documentElement.removeAttribute('data-theme');
        document.querySelectorAll('details').forEach(function (d) { d.open = true; });""", chosen)


@pytest.mark.parametrize("mode", list(MODES))
def test_text_meets_wcag_aa_contrast(server, browser, palette, mode):
    system, chosen = MODES[mode]
    offenders, checked = [], 0
    for path in PAGES:
        open_page(browser, server + path, system, chosen)
        if path == "/index.html":
            # The search results, with one result focused (its highlighted background).
            box = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "search-input"))
            box.send_keys("mapping")
            WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results a"))
            browser.execute_script("document.querySelector('#search-results a').focus()")
        result = browser.execute_script(OFFENDERS)
        checked += result["checked"]
        offenders += ["%s %s" % (path, o) for o in result["offenders"]]
        if path == "/index.html":
            theme = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
            expected = "rgb(255, 255, 255)" if mode == "light" else "rgb(13, 17, 23)"
            assert theme == expected, "the %s palette is not the one shown (%s)" % (mode, theme)
    assert checked > 300, "only %d text elements were checked" % checked
    assert offenders == [], "%d elements below WCAG AA contrast (%s):\n%s" % (len(offenders), mode, "\n".join(offenders))
