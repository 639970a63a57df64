/* Skip logic in the page: the same show_if grammar as questionnaires/conditions.py.
 * Values of questions in other sections come from the form's data-values attribute; those of this page's
 * questions are read through answers.js, as autosave reads them. */
(function () {
  "use strict";
  function same(value, wanted) {
    if (typeof value === "boolean" || typeof wanted === "boolean") {
      return typeof value === "boolean" && typeof wanted === "boolean" && value === wanted;
    }
    return value === wanted;
  }

  function evaluate(cond, values) {
    if (cond.all) { return cond.all.every(function (c) { return evaluate(c, values); }); }
    if (cond.any) { return cond.any.some(function (c) { return evaluate(c, values); }); }
    if (cond.not) { return !evaluate(cond.not, values); }
    if (cond.question !== undefined) {
      var value = values[cond.question];
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

  /* The value a condition compares, read from one question's fields (undefined when unanswered). */
  function valueOf(section) { return window.Answers.conditionValue(section); }

  function apply(form) {
    var values = {};
    try { values = JSON.parse(form.getAttribute("data-values") || "{}"); } catch (e) { values = {}; }
    var sections = form.querySelectorAll("section.question");
    Array.prototype.forEach.call(sections, function (section) {
      var q = section.getAttribute("data-question");
      delete values[q];
    });
    Array.prototype.forEach.call(sections, function (section) {
      var q = section.getAttribute("data-question");
      var cond = section.getAttribute("data-show-if");
      var visible = !cond || evaluate(JSON.parse(cond), values);
      section.hidden = !visible;
      if (visible) {
        var v = valueOf(section);
        if (v !== undefined) { values[q] = v; }
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll("tr[data-component][data-show-if]"), function (row) {
      row.hidden = !evaluate(JSON.parse(row.getAttribute("data-show-if")), values);
    });
  }

  window.SkipLogic = { evaluate: evaluate, valueOf: valueOf, apply: apply };

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("section-form");
    if (!form) { return; }
    apply(form);
    form.addEventListener("change", function () { apply(form); });
    form.addEventListener("input", function () { apply(form); });
  });
})();
