// muster live updates. Pages work without this file; with it, the regions
// marked data-live refresh themselves when the node's data changes.
(function () {
  "use strict";
  var body = document.body;
  var types = (body.getAttribute("data-live-types") || "").split(" ").filter(Boolean);
  var status = document.getElementById("live");
  var delay = 250, busy = false, again = false, held = false;

  // Confirm destructive forms (marked data-confirm) before posting.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });

  if (!types.length || !window.WebSocket || !window.fetch || !window.DOMParser) return;

  function show(on) {
    if (!status) return;
    status.hidden = false;
    status.setAttribute("data-state", on ? "on" : "off");
    status.textContent = status.getAttribute(on ? "data-msg-on" : "data-msg-off");
  }

  // A region holding the field someone is typing in waits until they leave it.
  function typingIn(region) {
    var a = document.activeElement;
    return a && region.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) && a.type !== "checkbox";
  }

  // A keyboard user keeps their place: the control that had the focus in a
  // swapped region gets it back in the new one (same id, or same link).
  function focusKey(region) {
    var a = document.activeElement;
    if (!a || a === body || !region.contains(a)) return null;
    if (a.id) return "#" + CSS.escape(a.id);
    if (a.getAttribute("href")) return 'a[href="' + CSS.escape(a.getAttribute("href")) + '"]';
    return null;
  }

  function refocus(region, key) {
    var el = region.querySelector(key);
    if (el) el.focus({ preventScroll: true });
  }

  function swap(doc) {
    var regions = document.querySelectorAll("[data-live]");
    for (var i = 0; i < regions.length; i++) {
      var old = regions[i], name = old.getAttribute("data-live");
      var fresh = doc.querySelector('[data-live="' + name + '"]');
      if (!fresh) continue;
      if (typingIn(old)) { held = true; continue; }
      // Keep what the person ticked: their ticks win over the server's.
      var boxes = old.querySelectorAll("input[type=checkbox][id]"), ticked = {};
      for (var j = 0; j < boxes.length; j++) ticked[boxes[j].id] = boxes[j].checked;
      var nb = fresh.querySelectorAll("input[type=checkbox][id]");
      for (var k = 0; k < nb.length; k++) if (nb[k].id in ticked) nb[k].checked = ticked[nb[k].id];
      var keep = focusKey(old);
      var node = document.importNode(fresh, true);
      old.replaceWith(node);
      if (keep) refocus(node, keep);
    }
    body.setAttribute("data-version", doc.body.getAttribute("data-version"));
    window.musterSwaps = (window.musterSwaps || 0) + 1;
    document.dispatchEvent(new CustomEvent("muster:updated"));
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true; again = false; held = false;
    fetch(location.href, { credentials: "same-origin", headers: { "X-Muster-Live": "1" } })
      .then(function (res) {
        if (res.status === 404) { location.reload(); return null; }
        return res.ok ? res.text() : null;
      })
      .then(function (html) { if (html) swap(new DOMParser().parseFromString(html, "text/html")); })
      .catch(function () {})
      .then(function () { busy = false; if (again) refresh(); });
  }

  document.addEventListener("focusout", function () { if (held) setTimeout(refresh, 0); });

  function wanted(msg) {
    var t = msg.types || [];
    for (var i = 0; i < t.length; i++) if (t[i] === "*" || types.indexOf(t[i]) >= 0) return true;
    return false;
  }

  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
    ws.onopen = function () { show(true); delay = 250; };
    ws.onmessage = function (e) {
      var msg; try { msg = JSON.parse(e.data); } catch (_) { return; }
      // On (re)connecting, catch up on whatever changed while we were away.
      if (msg.type === "hello" && String(msg.version) !== body.getAttribute("data-version")) refresh();
      if (msg.type === "changed" && wanted(msg)) refresh();
    };
    ws.onclose = function () {
      show(false);
      setTimeout(connect, delay + Math.random() * delay / 2);
      delay = Math.min(delay * 2, 5000);
    };
  }
  connect();

  // Some pages (Sync) also show what changes without a node change, such
  // as a peer coming online: they ask to be refreshed every few seconds
  // while visible.
  var every = parseInt(body.getAttribute("data-live-every"), 10);
  if (every > 0) setInterval(function () { if (!document.hidden) refresh(); }, every * 1000);
})();
