/* Answers in the page: one reader and one writer per question type, driven by the markup's data-type.
 * A reader turns one question's fields into its answer (answers format, flag form) exactly as the server's
 * type classes read the posted form (questionnaires/types.py); a writer puts an answer back into the fields.
 * Autosave (autosave.js) and skip logic (skiplogic.js) both read answers through here. */
(function () {
  "use strict";
  var FLAGS = ["not_applicable", "precluded", "unknown"];

  function inputs(section, name) {
    return Array.prototype.filter.call(section.querySelectorAll("[name]"), function (el) { return el.name === name; });
  }
  function checked(section, name) {
    var found = inputs(section, name).filter(function (el) { return el.checked; })[0];
    return found ? found.value : "";
  }
  function text(section, name) {
    var el = inputs(section, name)[0];
    return el ? el.value.trim() : "";
  }
  function setChecked(section, name, value) {
    inputs(section, name).forEach(function (el) { el.checked = value !== null && value !== undefined && el.value === String(value); });
  }
  function setText(section, name, value) {
    inputs(section, name).forEach(function (el) { el.value = value === undefined || value === null ? "" : String(value); });
  }
  function flagPart(flag) { var part = {}; part[flag] = true; return part; }
  function components(section) {
    return Array.prototype.map.call(section.querySelectorAll("tr[data-component]"), function (row) {
      return row.getAttribute("data-component");
    });
  }
  /* "7", " 7,5 " → a number; anything else stays text, for the server to refuse in words. */
  function number(raw) {
    var cleaned = raw.replace(/\s/g, "").replace(",", ".");
    return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cleaned) ? Number(cleaned) : raw;
  }

  /* type → function (section, id) returning the answer part its value fields describe ({} when blank) */
  var readers = {
    status: function (section, q) {
      var s = checked(section, q);
      if (FLAGS.indexOf(s) !== -1) { return flagPart(s); }
      return s ? { value: s } : {};
    },
    choice: function (section, q) {
      var s = checked(section, q);
      return s ? { value: s } : {};
    },
    yes_no: function (section, q) {
      var s = checked(section, q);
      return s === "yes" ? { value: true } : s === "no" ? { value: false } : {};
    },
    coverage: function (section, q) {
      var covered = [], unknown = [], given = false;
      components(section).forEach(function (c) {
        var state = checked(section, q + "__c_" + c);
        if (!state) { return; }
        given = true;
        if (state === "covered") { covered.push(c); } else if (state === "unknown") { unknown.push(c); }
      });
      if (!given) { return {}; }
      var part = { value: covered };
      if (unknown.length) { part.unknown_components = unknown; }
      return part;
    },
    number: function (section, q) {
      var special = checked(section, q + "__special");
      if (special) { return { value: special }; }
      var raw = text(section, q);
      return raw === "" ? {} : { value: number(raw) };
    },
    date: function (section, q) {
      var raw = text(section, q);
      return raw === "" ? {} : { value: raw };
    },
    text: function (section, q) {
      var raw = text(section, q);
      return raw === "" ? {} : { value: raw };
    }
  };

  /* type → function (section, id, answer) putting an answer's value back into the fields */
  var writers = {
    status: function (section, q, a, flag) { setChecked(section, q, flag || a.value); },
    choice: function (section, q, a) { setChecked(section, q, a.value); },
    yes_no: function (section, q, a) { setChecked(section, q, a.value === true ? "yes" : a.value === false ? "no" : null); },
    coverage: function (section, q, a) {
      var covered = Array.isArray(a.value) ? a.value : null;
      var unknown = a.unknown_components || [];
      components(section).forEach(function (c) {
        var state = covered === null ? null : covered.indexOf(c) !== -1 ? "covered" : unknown.indexOf(c) !== -1 ? "unknown" : "not_covered";
        setChecked(section, q + "__c_" + c, state);
      });
    },
    number: function (section, q, a) {
      var special = typeof a.value === "string" && inputs(section, q + "__special").some(function (el) { return el.value === a.value; });
      setChecked(section, q + "__special", special ? a.value : "");
      setText(section, q, special ? "" : a.value);
    },
    date: function (section, q, a) { setText(section, q, a.value); },
    text: function (section, q, a) { setText(section, q, a.value); }
  };

  function typeOf(section) { return section.getAttribute("data-type"); }

  /* The value part of one question's answer: a flag chosen beside the value wins, as on the server. */
  function readValue(section) {
    var q = section.getAttribute("data-question");
    var state = checked(section, q + "__state");
    if (state) { return flagPart(state); }
    var reader = readers[typeOf(section)];
    return reader ? reader(section, q) : {};
  }

  /* The whole answer of one question: value, justification, citations, comment, TA request. */
  function read(section) {
    var q = section.getAttribute("data-question");
    var a = readValue(section);
    var just = text(section, q + "__justification");
    if (just) { a.justification = just; }
    var citations = [];
    Array.prototype.forEach.call(section.querySelectorAll(".citation-row"), function (row) {
      var p = q + "__cit_" + row.getAttribute("data-index") + "_";
      var act = text(row, p + "act"), sec = text(row, p + "section"), year = text(row, p + "year"), link = text(row, p + "url");
      if (!act && !sec && !year && !link) { return; }
      var status = inputs(row, p + "status")[0];
      var c = { act: act, status: (status && status.value) || "in_force" };
      if (sec) { c.section = sec; }
      if (year) { c.year = /^\d{4}(\.0+)?$/.test(year) ? parseInt(year, 10) : year; }
      if (link) { c.url = link; }
      citations.push(c);
    });
    if (citations.length) { a.citations = citations; }
    var comment = text(section, q + "__comment");
    if (comment) { a.comment = comment; }
    var ta = inputs(section, q + "__ta")[0];
    if (ta && ta.checked) {
      var category = inputs(section, q + "__ta_category")[0], challenge = inputs(section, q + "__ta_challenge")[0];
      a.ta_request = {
        category: (category && category.value) || "TA-OTH",
        challenge: (challenge && challenge.value) || null,
        note: text(section, q + "__ta_note")
      };
    }
    return a;
  }

  /* Put a whole answer back into one question's fields (a change kept in the browser, after a reload). */
  function write(section, a, addCitation) {
    var q = section.getAttribute("data-question");
    a = a || {};
    var flag = FLAGS.filter(function (f) { return a[f]; })[0];
    var hasValue = a.value !== undefined && a.value !== null;
    if (inputs(section, q + "__state").length) { setChecked(section, q + "__state", flag || (hasValue ? "" : null)); }
    var writer = writers[typeOf(section)];
    if (writer) { writer(section, q, flag ? {} : a, flag); }
    setText(section, q + "__justification", a.justification || "");
    setText(section, q + "__comment", a.comment || "");
    (a.citations || []).forEach(function (c, i) {
      while (!inputs(section, q + "__cit_" + i + "_act").length && addCitation) { addCitation(section); }
      ["act", "section", "year", "status", "url"].forEach(function (part) {
        setText(section, q + "__cit_" + i + "_" + part, c[part] || (part === "status" ? "in_force" : ""));
      });
    });
    var ta = inputs(section, q + "__ta")[0];
    if (ta) {
      ta.checked = !!a.ta_request;
      if (a.ta_request) {
        setText(section, q + "__ta_category", a.ta_request.category || "");
        setText(section, q + "__ta_challenge", a.ta_request.challenge || "");
        setText(section, q + "__ta_note", a.ta_request.note || "");
      }
    }
  }

  /* What a show_if condition compares (questionnaires/conditions.answer_value): the flag's name, else the
   * value; undefined when unanswered. */
  function conditionValue(section) {
    var a = readValue(section);
    var flag = FLAGS.filter(function (f) { return a[f]; })[0];
    if (flag) { return flag; }
    return a.value === undefined ? undefined : a.value;
  }

  /* A JSON text of an answer with its keys in order, to tell whether two answers are the same. */
  function stable(value) {
    if (Array.isArray(value)) { return "[" + value.map(stable).join(",") + "]"; }
    if (value && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (k) { return JSON.stringify(k) + ":" + stable(value[k]); }).join(",") + "}";
    }
    return JSON.stringify(value === undefined ? null : value);
  }

  /* When a value is chosen while a flag ("Unknown", ...) is selected beside it, the value is meant: select
   * "Answer given above" so that the flag no longer wins. */
  function valueChosen(section, target) {
    var q = section.getAttribute("data-question");
    var name = target.name || "";
    var isValue = name === q || name === q + "__special" || name.indexOf(q + "__c_") === 0;
    if (isValue && checked(section, q + "__state")) { setChecked(section, q + "__state", ""); }
  }

  window.Answers = {
    FLAGS: FLAGS, read: read, write: write, conditionValue: conditionValue, stable: stable, valueChosen: valueChosen
  };
})();
