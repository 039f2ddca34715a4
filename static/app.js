// Chorus: small progressive enhancements. Every page works without this file.
"use strict";

// Ask before destructive actions: buttons with data-confirm.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = button && button.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Keep a double click from posting the same form twice.
document.addEventListener("submit", function (event) {
  if (event.defaultPrevented) return;
  var form = event.target;
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  }, 0);
});

// Similar questions while asking: after a pause in typing the title (or
// the body), ask the server for threads like the draft and list them above
// the body field, so an existing solution is found before a new thread is
// posted. Text goes into the page with textContent only, never as HTML.
(function () {
  var panel = document.getElementById("similar");
  var title = document.getElementById("ask-title");
  var body = document.getElementById("ask-body");
  if (!panel || !title || !window.fetch) return;
  var list = panel.querySelector(".similar-list");
  var timer = 0, lastKey = "", pending = null;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 350);
  }

  function lookUp() {
    var t = title.value.trim();
    var b = body ? body.value.trim() : "";
    if (t.length < 10 && b.length < 40) { show([]); lastKey = ""; return; }
    // The body is sent once it says something, and again only when its
    // start changes: the first lines carry the problem.
    var bodyPart = b.length >= 40 ? b.slice(0, 1500) : "";
    var key = t + "\n" + bodyPart.slice(0, 300);
    if (key === lastKey) return;
    lastKey = key;
    if (pending) pending.abort();
    pending = new AbortController();
    var url = "/api/v1/similar?title=" + encodeURIComponent(t) + "&body=" + encodeURIComponent(bodyPart);
    fetch(url, { signal: pending.signal, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { threads: [] }; })
      .then(function (data) { show(data.threads || [], data.known_issues || []); })
      .catch(function () { /* aborted or offline: keep what is shown */ });
  }

  // A known issue that matches comes first, with "me too, notify me" in
  // place of a new thread: one form post with the page's CSRF token.
  var csrf = document.querySelector("input[name=csrf]");
  function showKnown(k) {
    var th = k.thread;
    var li = document.createElement("li");
    li.className = "known-suggestion";
    var pill = document.createElement("span");
    pill.className = "pill warn";
    pill.textContent = panel.getAttribute("data-known");
    li.appendChild(pill);
    li.appendChild(document.createTextNode(" "));
    var a = document.createElement("a");
    a.href = th.url;
    a.textContent = th.title;
    li.appendChild(a);
    var n = document.createElement("span");
    n.className = "muted small";
    var form = k.affected === 1 ? "data-affected-one" : "data-affected";
    n.textContent = " · " + (panel.getAttribute(form) || "").replace("%d", String(k.affected));
    li.appendChild(n);
    if (csrf) {
      // The form lives outside the ask form (forms do not nest); the
      // button names it.
      var id = "known-metoo-" + th.id;
      if (!document.getElementById(id)) {
        var f = document.createElement("form");
        f.method = "post";
        f.action = "/t/" + th.id + "/metoo";
        f.id = id;
        f.hidden = true;
        [["csrf", csrf.value], ["on", "1"]].forEach(function (kv) {
          var i = document.createElement("input");
          i.type = "hidden"; i.name = kv[0]; i.value = kv[1];
          f.appendChild(i);
        });
        document.body.appendChild(f);
      }
      var b = document.createElement("button");
      b.type = "submit";
      b.className = "button small";
      b.setAttribute("form", id);
      b.textContent = panel.getAttribute("data-metoo");
      li.appendChild(document.createTextNode(" "));
      li.appendChild(b);
    }
    list.appendChild(li);
  }

  function show(items, known) {
    list.textContent = "";
    (known || []).forEach(showKnown);
    items.forEach(function (item) {
      var th = item.thread;
      var li = document.createElement("li");
      var status = th.status === "solved" ? "solved" : (th.status === "unanswered" ? "unanswered" : "open");
      var pill = document.createElement("span");
      pill.className = "pill " + status;
      pill.textContent = panel.getAttribute("data-" + status);
      li.appendChild(pill);
      li.appendChild(document.createTextNode(" "));
      var a = document.createElement("a");
      a.href = th.url;
      a.textContent = th.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    panel.hidden = items.length === 0 && !(known && known.length);
  }

  title.addEventListener("input", schedule);
  if (body) body.addEventListener("input", schedule);
  if (title.value) schedule();
})();
