/* Skip logic in the page: the same show_if grammar as questionnaires/conditions.py.
 * Values of questions in other sections come from the form's data-values attribute. */
(function () {
  "use strict";
  var FLAGS = ["not_applicable", "precluded", "unknown"];

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

  function checked(form, name) {
    var el = form.querySelector('input[name="' + name + '"]:checked');
    return el ? el.value : "";
  }

  /* The value a condition compares, read from one question's fields (undefined when unanswered). */
  function valueOf(section) {
    var form = section.closest("form");
    var q = section.getAttribute("data-question");
    var type = section.getAttribute("data-type");
    var state = checked(form, q + "__state");
    if (type === "status") {
      var s = checked(form, q);
      return s || undefined;
    }
    if (state) { return state; }
    if (type === "coverage") {
      var boxes = form.querySelectorAll('input[name="' + q + '"]:checked');
      var unknown = form.querySelectorAll('input[name="' + q + '__unknown"]:checked');
      if (!boxes.length && !unknown.length) { return undefined; }
      return Array.prototype.map.call(boxes, function (b) { return b.value; });
    }
    if (type === "yes_no") {
      var yn = checked(form, q);
      return yn === "yes" ? true : yn === "no" ? false : undefined;
    }
    if (type === "choice") { return checked(form, q) || undefined; }
    if (type === "number") {
      var special = checked(form, q + "__special");
      if (special) { return special; }
      var raw = (form.querySelector('[name="' + q + '"]') || {}).value || "";
      raw = raw.trim().replace(",", ".");
      return raw === "" || isNaN(Number(raw)) ? undefined : Number(raw);
    }
    var input = form.querySelector('[name="' + q + '"]');
    return input && input.value.trim() ? input.value.trim() : undefined;
  }

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

  window.SkipLogic = { evaluate: evaluate, valueOf: valueOf, apply: apply, FLAGS: FLAGS };

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("section-form");
    if (!form) { return; }
    apply(form);
    form.addEventListener("change", function () { apply(form); });
    form.addEventListener("input", function () { apply(form); });
  });
})();
