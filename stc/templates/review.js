// stc review: keys and buttons post decisions to the local server; the page then reloads, so
// it always shows what coding.yaml says now. Undo keeps this page's own actions only.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf"]').content;
  const status = document.getElementById("status");
  const FOCUS = "stc-focus:" + location.pathname + location.search;

  // What the page says, in the project's language (data-js-* on <body>, stc.server.wording).
  function said(key) {
    return document.body.dataset["js" + key.charAt(0).toUpperCase() + key.slice(1)] || key;
  }

  function say(text, error) {
    status.textContent = text;
    status.className = error ? "error" : "";
  }

  function undoStack() {
    try { return JSON.parse(sessionStorage.getItem("stc-undo") || "[]"); } catch (e) { return []; }
  }

  async function post(url, payload) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(payload),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = { error: "the server did not answer" }; }
    if (!response.ok) {
      // Refused (stale page, changed elsewhere): show why, then show the current state.
      say(data.error || said("refused"), true);
      setTimeout(function () { location.reload(); }, 1500);
      return null;
    }
    if (data.undo && data.undo.length) {
      const stack = undoStack();
      stack.push(data.undo);
      sessionStorage.setItem("stc-undo", JSON.stringify(stack));
    }
    return data;
  }

  async function undo() {
    const stack = undoStack();
    const last = stack.pop();
    if (!last) { say(said("nothingUndo")); return; }
    sessionStorage.setItem("stc-undo", JSON.stringify(stack));
    const response = await fetch("/api/decide", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ actions: last }),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    sessionStorage.setItem("stc-flash", response.ok ? said("undone") : (data.error || said("cannotUndo")));
    location.reload();
  }

  function flash() {
    const text = sessionStorage.getItem("stc-flash");
    if (text) { say(text); sessionStorage.removeItem("stc-flash"); }
  }

  // ----- the queue
  const cards = Array.from(document.querySelectorAll(".card"));
  let current = 0;

  function focusCard(i) {
    if (!cards.length) return;
    current = Math.max(0, Math.min(cards.length - 1, i));
    cards.forEach(function (c, n) { c.classList.toggle("current", n === current); });
    cards[current].focus();
    sessionStorage.setItem(FOCUS, String(current));
  }

  async function act(card, kind) {
    const unit = card.dataset.unit, code = card.dataset.code, expect = card.dataset.state;
    let actions = null;
    if (kind === "accept" || kind === "reject") {
      actions = [{ unit: unit, code: code, kind: kind, expect: expect }];
    } else if (kind === "dissent") {
      actions = [{ unit: unit, code: code, kind: "accept", expect: expect }, { unit: unit, kind: "dissent" }];
    } else if (kind === "recode") {
      const chosen = await choose();
      if (!chosen || !chosen.length) return;
      actions = [{ unit: unit, code: code, kind: "reject", expect: expect }];
      chosen.filter(function (c) { return c !== code; }).forEach(function (c) {
        actions.push({ unit: unit, code: c, kind: "add" });
      });
    } else if (kind === "note") {
      const text = await writeNote();
      if (text === null) return;
      actions = [{ unit: unit, kind: "note", note: text }];
    }
    if (!actions) return;
    const done = await post("/api/decide", { actions: actions });
    if (done) {
      sessionStorage.setItem("stc-flash", said("did" + kind.charAt(0).toUpperCase() + kind.slice(1)).replace("{unit}", unit));
      location.reload();
    }
  }

  function choose() {
    const dialog = document.getElementById("recode");
    const search = document.getElementById("recode-search");
    const boxes = Array.from(dialog.querySelectorAll("input[type=checkbox]"));
    boxes.forEach(function (b) { b.checked = false; });
    search.value = "";
    filter();
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () {
        resolve(dialog.returnValue === "ok" ? boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }) : null);
      }, { once: true });
      dialog.showModal();
      search.focus();
    });
  }

  function filter() {
    const q = document.getElementById("recode-search").value.toLowerCase().trim();
    document.querySelectorAll("#recode .choice").forEach(function (label) {
      label.hidden = q !== "" && label.dataset.label.indexOf(q) < 0;
    });
  }

  function writeNote() {
    const dialog = document.getElementById("note");
    const area = document.getElementById("note-text");
    area.value = "";
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () {
        resolve(dialog.returnValue === "ok" ? area.value : null);
      }, { once: true });
      dialog.showModal();
      area.focus();
    });
  }

  if (document.getElementById("recode-search")) {
    document.getElementById("recode-search").addEventListener("input", filter);
  }
  cards.forEach(function (card, n) {
    card.addEventListener("focus", function () { current = n; cards.forEach(function (c, m) { c.classList.toggle("current", m === n); }); });
    card.querySelectorAll("button[data-act]").forEach(function (button) {
      button.addEventListener("click", function () { current = n; act(card, button.dataset.act); });
    });
  });
  const undoButton = document.getElementById("undo");
  if (undoButton) undoButton.addEventListener("click", undo);

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || document.querySelector("dialog[open]")) return;
    const keys = { a: "accept", r: "reject", c: "recode", d: "dissent", n: "note" };
    if (event.key === "u") { event.preventDefault(); undo(); return; }
    if (!cards.length) return;
    if (event.key === "j") { event.preventDefault(); focusCard(current + 1); }
    else if (event.key === "k") { event.preventDefault(); focusCard(current - 1); }
    else if (keys[event.key]) { event.preventDefault(); act(cards[current], keys[event.key]); }
  });

  // ----- the transcript view
  const view = document.querySelector(".text-view");
  if (view) {
    const form = document.getElementById("coder");
    let chosen = null;
    const rejected = document.getElementById("show-rejected");
    rejected.addEventListener("change", function () { document.body.classList.toggle("show-rejected", rejected.checked); });

    function offset(node, at) {
      const seg = node.nodeType === 3 ? node.parentElement : node;
      if (!seg || !seg.classList.contains("seg")) return null;
      return Number(seg.dataset.start) + (node.nodeType === 3 ? at : 0);
    }

    function show(seg) {
      document.querySelectorAll(".info").forEach(function (s) { s.hidden = true; });
      (seg.dataset.units || "").split(" ").forEach(function (id) {
        const info = document.getElementById("info-" + id);
        if (info) info.hidden = false;
      });
    }

    function selected() {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return;
      const range = selection.getRangeAt(0);
      const start = offset(range.startContainer, range.startOffset);
      const end = offset(range.endContainer, range.endOffset);
      if (start === null || end === null || end <= start) return;
      chosen = { start: start, end: end };
      document.getElementById("coder-quote").textContent = selection.toString();
      form.hidden = false;
    }
    view.addEventListener("mouseup", function () {
      selected();
      if (!form.hidden) document.getElementById("coder-code").focus();
    });
    // Keyboard selection (Shift + arrows): the form appears; Tab reaches it.
    view.addEventListener("keyup", function (event) { if (event.shiftKey) selected(); });
    view.addEventListener("click", function (event) {
      const seg = event.target.closest(".seg[data-units]");
      if (seg && window.getSelection().isCollapsed) show(seg);
    });
    view.addEventListener("keydown", function (event) {
      const seg = event.target.closest(".seg[data-units]");
      if (seg && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(seg); }
    });
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (!chosen) return;
      const done = await post("/api/passage", {
        transcript: view.dataset.transcript, start: chosen.start, end: chosen.end,
        code: document.getElementById("coder-code").value,
      });
      if (done) {
        sessionStorage.setItem("stc-flash", said("coded").replace("{quote}", done.quote));
        location.hash = "u-" + done.unit;
        location.reload();
      }
    });
    document.getElementById("coder-cancel").addEventListener("click", function () { form.hidden = true; chosen = null; });
  }

  // Back from an editor or a terminal: if coding.yaml changed meanwhile, show it as it is now.
  const version = document.querySelector('meta[name="version"]').content;
  async function check() {
    if (document.visibilityState !== "visible" || document.querySelector("dialog[open]")) return;
    try {
      const response = await fetch("/api/version", { credentials: "same-origin" });
      const data = await response.json();
      if (data.version && data.version !== version) {
        sessionStorage.setItem("stc-flash", said("changedOnDisk"));
        location.reload();
      }
    } catch (e) { /* the server has stopped: keep the page as it is */ }
  }
  window.addEventListener("focus", check);
  document.addEventListener("visibilitychange", check);

  flash();
  if (cards.length) {
    const saved = Number(sessionStorage.getItem(FOCUS) || "0");
    focusCard(isNaN(saved) ? 0 : saved);
  }
})();
