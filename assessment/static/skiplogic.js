/* Skip logic in the page: the same show_if grammar as questionnaires/conditions.py.
 * Values of questions in other sections come from the form's data-values attribute (data-hidden lists the
 * ones hidden there); those of this page's questions are read through answers.js, as autosave reads them.
 * With data-blank-shows="true" (questionnaire version 2 onwards) a condition that blank facts leave
 * undecided shows its question, as the server does. */
(function () {
  "use strict";
  /* The value of a question hidden by its own condition: known not to apply, unlike a blank one. */
  var HIDDEN = { hidden: true };

  function same(value, wanted) {
    if (typeof value === "boolean" || typeof wanted === "boolean") {
      return typeof value === "boolean" && typeof wanted === "boolean" && value === wanted;
    }
    return value === wanted;
  }

  function strict(cond, values) {
    if (cond.all) { return cond.all.every(function (c) { return strict(c, values); }); }
    if (cond.any) { return cond.any.some(function (c) { return strict(c, values); }); }
    if (cond.not) { return !strict(cond.not, values); }
    if (cond.question !== undefined) {
      var value = values[cond.question];
      if (value === HIDDEN) { value = undefined; }
      if (cond["in"]) {
        if (value === undefined || value === null) { return false; }
        return cond["in"].some(function (w) { return same(value, w); });
      }
      if (cond.includes !== undefined) {
        return Array.isArray(value) && value.indexOf(cond.includes) !== -1;
      }
    }
    throw new Error("not a show_if condition");
  }

  /* true, false, or null when blank facts leave the condition undecided (Kleene's logic). */
  function decide(cond, values) {
    var parts;
    if (cond.all) {
      parts = cond.all.map(function (c) { return decide(c, values); });
      return parts.indexOf(false) !== -1 ? false : (parts.indexOf(null) !== -1 ? null : true);
    }
    if (cond.any) {
      parts = cond.any.map(function (c) { return decide(c, values); });
      return parts.indexOf(true) !== -1 ? true : (parts.indexOf(null) !== -1 ? null : false);
    }
    if (cond.not) {
      var part = decide(cond.not, values);
      return part === null ? null : !part;
    }
    if (cond.question !== undefined && (cond["in"] || cond.includes !== undefined)) {
      var value = values[cond.question];
      if (value !== HIDDEN) {
        if (value === undefined || value === null) { return null; }
        if (value === "unknown" && !(cond["in"] && cond["in"].indexOf("unknown") !== -1)) { return null; }
      }
      return strict(cond, values);
    }
    throw new Error("not a show_if condition");
  }

  function evaluate(cond, values, blankShows) {
    return blankShows ? decide(cond, values) !== false : strict(cond, values);
  }

  /* The value a condition compares, read from one question's fields (undefined when unanswered). */
  function valueOf(section) { return window.Answers.conditionValue(section); }

  function apply(form) {
    var blankShows = form.getAttribute("data-blank-shows") === "true";
    var values = {};
    try { values = JSON.parse(form.getAttribute("data-values") || "{}"); } catch (e) { values = {}; }
    var hidden = [];
    try { hidden = JSON.parse(form.getAttribute("data-hidden") || "[]"); } catch (e) { hidden = []; }
    hidden.forEach(function (q) { values[q] = HIDDEN; });
    var sections = form.querySelectorAll("section.question");
    Array.prototype.forEach.call(sections, function (section) {
      var q = section.getAttribute("data-question");
      delete values[q];
    });
    Array.prototype.forEach.call(sections, function (section) {
      var q = section.getAttribute("data-question");
      var cond = section.getAttribute("data-show-if");
      var visible = !cond || evaluate(JSON.parse(cond), values, blankShows);
      section.hidden = !visible;
      if (visible) {
        var v = valueOf(section);
        if (v !== undefined) { values[q] = v; }
      } else if (blankShows) {
        values[q] = HIDDEN;
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll("tr[data-component][data-show-if]"), function (row) {
      row.hidden = !evaluate(JSON.parse(row.getAttribute("data-show-if")), values, blankShows);
    });
  }

  window.SkipLogic = { evaluate: evaluate, decide: decide, HIDDEN: HIDDEN, valueOf: valueOf, apply: apply };

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("section-form");
    if (!form) { return; }
    apply(form);
    form.addEventListener("change", function () { apply(form); });
    form.addEventListener("input", function () { apply(form); });
  });
})();
