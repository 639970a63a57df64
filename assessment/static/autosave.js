/* Autosave: one JSON POST per answer {question_id, base_version, answer}, debounced, retried.
 * Every pending change is kept in localStorage until the server has it, so a dropped connection, an
 * expired session or a reload loses nothing. A 409 shows both versions and lets the person choose.
 * Answers are read from and written to the fields by answers.js, one reader per question type.
 * "All changes saved" shows only when nothing waits: no edit in its debounce, none queued, none in flight.
 * An ended session (401) or a stale security token keeps the queue; once the person signs in again in
 * another tab, a fresh token is fetched and the queue is sent.
 * Every word shown comes from the page (the JSON block #autosave-words, in the page's language). */
(function () {
  "use strict";
  var DEBOUNCE_MS = 800;  // the setting AUTOSAVE_DELAY_MS, read from the form's data-delay
  var form, url, assessment, stateEl, token;
  var timers = {};
  var known = {};  // question id → the latest version the server confirmed to this page
  var sending = false;
  var retryDelay = 2000;
  var retryTimer = null;
  var submitting = false;
  var taking = false;  // reloading to take someone else's version: nothing of this page is queued again
  var refused = {};  // question id → true while the server's refusal of its last change is shown beside it
  var tokenUrl;
  var needToken = false;  // the session ended or its token went stale: fetch a fresh token before sending
  var WORDS = {};  // key → text in the page's language, with %(name)s placeholders

  /* The words of `key` with their %(name)s placeholders filled in from `values`. */
  function words(key, values) {
    var text = Object.prototype.hasOwnProperty.call(WORDS, key) ? WORDS[key] : key;
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }
  /* The same as nodes, where a placeholder named in `nodes` becomes that element (e.g. an <em>). */
  function wordsWith(key, values, nodes) {
    var frag = document.createDocumentFragment();
    var parts = words(key, values).split(/(%\(\w+\)s)/);
    parts.forEach(function (part) {
      var m = /^%\((\w+)\)s$/.exec(part);
      if (m && nodes[m[1]]) { frag.appendChild(nodes[m[1]]); }
      else if (part) { frag.appendChild(document.createTextNode(part)); }
    });
    return frag;
  }

  function storeKey() { return "autosave:" + location.host + ":" + assessment; }
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(storeKey()) || "{}"); } catch (e) { return {}; }
  }
  function saveQueue(queue) {
    try {
      if (Object.keys(queue).length) { localStorage.setItem(storeKey(), JSON.stringify(queue)); }
      else { localStorage.removeItem(storeKey()); }
    } catch (e) { /* storage full or disabled: the in-memory queue still works */ }
  }
  var memoryQueue = {};
  function queue() { var q = loadQueue(); Object.keys(memoryQueue).forEach(function (k) { if (!q[k]) { q[k] = memoryQueue[k]; } }); return q; }
  function put(qid, item) { var q = loadQueue(); q[qid] = item; memoryQueue[qid] = item; saveQueue(q); }
  function drop(qid, item) {
    var q = loadQueue();
    if (q[qid] && (!item || q[qid].ts === item.ts)) { delete q[qid]; }
    if (memoryQueue[qid] && (!item || memoryQueue[qid].ts === item.ts)) { delete memoryQueue[qid]; }
    saveQueue(q);
  }

  function setState(state, text) {
    stateEl.hidden = false;
    stateEl.setAttribute("data-state", state);
    stateEl.textContent = text;
  }
  function pendingCount() { return Object.keys(queue()).length; }

  function sectionOf(qid) { return form.querySelector('section.question[data-question="' + qid + '"]'); }
  function field(name) { return form.querySelector('[name="' + name + '"]'); }
  function answerOf(section) { return window.Answers.read(section); }
  function idle() { return !sending && !Object.keys(timers).length && !pendingCount(); }

  function baseVersion(qid) {
    var input = field(qid + "__v");
    return input ? parseInt(input.value || "0", 10) || 0 : 0;
  }
  function setVersion(qid, version) {
    known[qid] = Math.max(known[qid] || 0, version);
    var input = field(qid + "__v");
    if (input) { input.value = String(version); }
    var section = sectionOf(qid);
    if (section) { section.setAttribute("data-version", String(version)); }
  }

  function schedule(qid) {
    clearTimeout(timers[qid]);
    setState("pending", words("unsaved"));
    timers[qid] = setTimeout(function () {
      delete timers[qid];
      var section = sectionOf(qid);
      if (!section) { return; }
      put(qid, { question_id: qid, base_version: baseVersion(qid), answer: answerOf(section), ts: Date.now() });
      flush();
    }, DEBOUNCE_MS);
  }

  function clearNotes(section, cls) {
    Array.prototype.forEach.call(section.querySelectorAll("." + cls), function (n) { n.remove(); });
  }
  function note(section, cls, html) {
    clearNotes(section, cls);
    var div = document.createElement("div");
    div.className = cls;
    div.setAttribute("role", "alert");
    div.appendChild(html);
    var anchor = section.querySelector("fieldset.answer") || section.firstChild;
    section.insertBefore(div, anchor);
    return div;
  }

  function showConflict(item, body) {
    var section = sectionOf(item.question_id);
    if (!section) { setState("conflict", words("conflict_elsewhere")); return; }
    var frag = document.createDocumentFragment();
    var strong = document.createElement("strong");
    strong.textContent = words("conflict") + " ";
    frag.appendChild(strong);
    var em = document.createElement("em");
    em.textContent = body.answer_summary || body.answer_words || words("no_answer");
    frag.appendChild(wordsWith("their_version", { who: body.updated_by || words("another_user") }, { answer: em }));
    frag.appendChild(document.createTextNode(" "));
    var mine = document.createElement("button");
    mine.type = "button"; mine.textContent = words("keep_mine");
    var theirs = document.createElement("button");
    theirs.type = "button"; theirs.textContent = words("take_theirs");
    frag.appendChild(mine); frag.appendChild(document.createTextNode(" ")); frag.appendChild(theirs);
    var box = note(section, "conflict", frag);
    mine.addEventListener("click", function () {
      setVersion(item.question_id, body.version);
      box.remove();
      put(item.question_id, { question_id: item.question_id, base_version: body.version, answer: answerOf(section), ts: Date.now() });
      flush();
    });
    theirs.addEventListener("click", function () {
      clearTimeout(timers[item.question_id]);
      delete timers[item.question_id];
      drop(item.question_id);
      taking = true;
      location.reload();
    });
    setState("conflict", words("needs_choice"));
  }

  function showProblems(item, body) {
    var section = sectionOf(item.question_id);
    if (!section) { return; }
    var frag = document.createDocumentFragment();
    var p = document.createElement("strong");
    p.textContent = words("refused") + " ";
    frag.appendChild(p);
    // each problem is a sentence saying where and what to do ("Citation 2, year: enter a four-digit year.")
    frag.appendChild(document.createTextNode((body.problems || [body.message || words("does_not_fit")]).join(" ")));
    note(section, "error-summary", frag);
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function messageOf(body, fallback) {
    if (body && typeof body.message === "string") { return body.message; }
    if (body && body.error && typeof body.error.message === "string") { return body.error.message; }
    return fallback;
  }

  /* The next item that can be sent now: not waiting for the person, not waiting for a retry. */
  function nextReady(pending) {
    var now = Date.now();
    var ids = Object.keys(pending).filter(function (id) { return !pending[id].blocked; });
    var ready = ids.filter(function (id) { return !pending[id].notBefore || pending[id].notBefore <= now; });
    if (ready.length) { return pending[ready[0]]; }
    if (ids.length) {
      var soonest = Math.min.apply(null, ids.map(function (id) { return pending[id].notBefore; }));
      clearTimeout(retryTimer);
      retryTimer = setTimeout(flush, Math.max(250, soonest - now));
    }
    return null;
  }

  function later(item) {
    item.tries = (item.tries || 0) + 1;
    item.notBefore = Date.now() + Math.min(2000 * Math.pow(2, item.tries - 1), 30000);
    put(item.question_id, item);
  }

  function showIdle() {
    if (!idle()) { return; }
    var notSaved = Object.keys(refused).length;
    if (notSaved) { setState("error", words("not_saved", { count: notSaved })); }
    else { setState("saved", words("saved")); }
  }

  function signedOut() {
    needToken = true;
    setState("offline", words("signed_out", { count: pendingCount() }));
    retryLater();
  }

  /* A fresh security token for this page, once the person is signed in again; then send the queue. */
  function refreshToken() {
    sending = true;
    fetch(tokenUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (response) {
      sending = false;
      if (response.status !== 200) { signedOut(); return null; }
      return response.json();
    }).then(function (body) {
      if (!body || !body.token) { return; }
      token = body.token;
      needToken = false;
      retryDelay = 2000;
      flush();
    }).catch(function () {
      sending = false;
      setState("offline", words("offline_count", { count: pendingCount() }));
      retryLater();
    });
  }

  function flush() {
    if (sending) { return; }
    var pending = queue();
    var count = Object.keys(pending).length;
    if (!count) { showIdle(); return; }
    if (needToken) { refreshToken(); return; }
    if (navigator.onLine === false) {
      setState("offline", words("offline_count", { count: count }));
      retryLater();
      return;
    }
    var item = nextReady(pending);
    if (!item) { return; }
    // an earlier save of ours may have moved the answer on since this change was queued
    var base = Math.max(item.base_version || 0, known[item.question_id] || 0);
    sending = true;
    setState("saving", words("saving"));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ question_id: item.question_id, base_version: base, answer: item.answer })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) { return { status: response.status, body: body }; });
    }).then(function (r) {
      sending = false;
      retryDelay = 2000;
      var section = sectionOf(item.question_id);
      if (r.status === 200) {
        drop(item.question_id, item);
        delete refused[item.question_id];
        setVersion(item.question_id, r.body.version);
        if (section) { clearNotes(section, "conflict"); clearNotes(section, "error-summary"); }
        flush();
      } else if (r.status === 409 && r.body.error === "not_editable") {
        setState("error", messageOf(r.body, words("not_editable")));
      } else if (r.status === 409) {
        item.blocked = true; put(item.question_id, item);
        showConflict(item, r.body);
        flush();
      } else if (r.status === 401) {
        signedOut();
      } else if (r.body && r.body.error === "csrf") {
        // the page's security token went stale (signed in again elsewhere): fetch a fresh one, send again
        needToken = true;
        flush();
      } else if (r.status === 422 || (r.status >= 400 && r.status < 500)) {
        // the server will never take this change as it is: say why beside the question, go on with the rest
        drop(item.question_id, item);
        refused[item.question_id] = true;
        showProblems(item, { problems: r.body.problems, message: messageOf(r.body, words("server_refused")) });
        flush();
      } else {
        later(item);
        setState("error", messageOf(r.body, words("not_accepted")));
        flush();
      }
    }).catch(function () {
      sending = false;
      setState("offline", words("offline_count", { count: pendingCount() }));
      retryLater();
    });
  }

  /* Put a queued answer back into the fields (after a reload). */
  function restore(item) {
    var section = sectionOf(item.question_id);
    if (section) { window.Answers.write(section, item.answer, addCitation); }
  }

  function addCitation(section) {
    var rows = section.querySelectorAll(".citation-row");
    if (!rows.length) { return; }
    var last = rows[rows.length - 1];
    var index = rows.length;
    var clone = last.cloneNode(true);
    clone.setAttribute("data-index", String(index));
    Array.prototype.forEach.call(clone.querySelectorAll("[name], [id], label[for]"), function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) { el.setAttribute(attr, v.replace(/__cit_\d+_/, "__cit_" + index + "_")); }
      });
      if (el.tagName === "INPUT") { el.value = ""; }
      if (el.tagName === "SELECT") { el.value = "in_force"; }
    });
    Array.prototype.forEach.call(clone.querySelectorAll(".error"), function (e) { e.remove(); });
    var legend = clone.querySelector("legend");
    if (legend) { legend.textContent = words("citation", { number: index + 1 }); }
    last.parentNode.appendChild(clone);
    return clone;
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = document.getElementById("section-form");
    if (!form || !window.fetch) { return; }
    var wordsBlock = document.getElementById("autosave-words");
    try { WORDS = JSON.parse(wordsBlock ? wordsBlock.textContent : "{}") || {}; } catch (e) { WORDS = {}; }
    url = form.getAttribute("data-autosave");
    assessment = form.getAttribute("data-assessment");
    stateEl = document.querySelector(".save-state");
    var meta = document.querySelector('meta[name="csrf-token"]');
    token = meta ? meta.getAttribute("content") : "";

    Array.prototype.forEach.call(form.querySelectorAll("button.add-citation"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var section = button.closest("section.question");
        var row = addCitation(section);
        if (row) { var first = row.querySelector("input"); if (first) { first.focus(); } }
      });
    });

    tokenUrl = form.getAttribute("data-token");
    var delay = parseInt(form.getAttribute("data-delay"), 10);
    if (delay >= 0) { DEBOUNCE_MS = delay; }
    var pending = loadQueue();
    Object.keys(pending).forEach(function (qid) {
      var section = sectionOf(qid);
      // a change this page already shows (sent by a Save, or saved just before a reload) is not sent again
      if (section && window.Answers.stable(answerOf(section)) === window.Answers.stable(pending[qid].answer)) {
        delete pending[qid];
        return;
      }
      delete pending[qid].blocked;
      restore(pending[qid]);
    });
    saveQueue(pending);
    memoryQueue = {};
    if (window.SkipLogic) { window.SkipLogic.apply(form); }

    var onEdit = function (event) {
      var section = event.target.closest("section.question");
      if (!section) { return; }
      if (event.type === "change") { window.Answers.valueChosen(section, event.target); }
      // a blank question stops saying so once something is chosen or typed
      section.classList.remove("blank");
      var blankNote = section.querySelector(".blank-note");
      if (blankNote) { blankNote.remove(); }
      schedule(section.getAttribute("data-question"));
    };
    form.addEventListener("input", onEdit);
    form.addEventListener("change", onEdit);
    window.addEventListener("online", function () { retryDelay = 2000; flush(); });
    // coming back to this tab (e.g. after signing in again in another one): send what waits now
    var comeBack = function () {
      if (document.visibilityState === "visible" && pendingCount() && !sending) { retryDelay = 2000; clearTimeout(retryTimer); flush(); }
    };
    window.addEventListener("focus", comeBack);
    document.addEventListener("visibilitychange", comeBack);
    window.addEventListener("offline", function () { setState("offline", words("offline")); });
    window.addEventListener("beforeunload", function (event) {
      if (taking) { return; }
      Object.keys(timers).forEach(function (qid) {
        var section = sectionOf(qid);
        clearTimeout(timers[qid]);
        if (section) { put(qid, { question_id: qid, base_version: baseVersion(qid), answer: answerOf(section), ts: Date.now() }); }
      });
      timers = {};
      if (pendingCount() && !submitting) { event.preventDefault(); event.returnValue = ""; }
    });
    form.addEventListener("submit", function () {
      // the full save carries every field; queued items stay until the server confirms them
      submitting = true;
    });
    if (Object.keys(pending).length) { flush(); } else { setState("saved", words("saved")); }
  });
})();
