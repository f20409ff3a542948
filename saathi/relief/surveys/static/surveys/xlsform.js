/* Saathi surveys: skip logic live in the browser. The same XLSForm expression subset as
   saathi/relief/surveys/xpr.py (keep the two in step; tests/cases.py runs against both).
   Without JavaScript the server evaluates everything on submit. */
(function () {
  "use strict";
  var FUNCS = { "not": 1, "selected": 2, "count-selected": 1, "string-length": 1, "true": 0, "false": 0, "today": 0 };
  var TOKEN = /^\s*(?:(\$\{\s*([A-Za-z_][\w.\-]*)\s*\})|(\d+(?:\.\d+)?|\.\d+)|('[^']*'|"[^"]*")|(!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)|(\.(?![.\w]))|([A-Za-z_][\w\-]*))/;
  var ISO = /^\d{4}-\d{2}-\d{2}$/;

  function tokens(text) {
    var out = [], rest = text.replace(/\s+$/, ""), m;
    while (rest.length) {
      m = TOKEN.exec(rest);
      if (!m || !m[0].length) throw new Error("cannot read " + rest);
      if (m[1]) out.push(["ref", m[2]]);
      else if (m[3]) out.push(["num", m[3]]);
      else if (m[4]) out.push(["str", m[4]]);
      else if (m[5]) out.push(["op", m[5]]);
      else if (m[6]) out.push(["dot", "."]);
      else out.push(["name", m[7]]);
      rest = rest.slice(m[0].length);
    }
    return out;
  }

  function parse(text) {
    var toks = tokens(text), i = 0;
    function peek() { return toks[i] || ["end", ""]; }
    function take() { return toks[i++] || ["end", ""]; }
    function is(t, kind, value) { return t[0] === kind && t[1] === value; }
    function expect(value) { if (!is(take(), "op", value)) throw new Error("expected " + value); }
    function binary(sub, ops) {
      return function () {
        var node = sub(), t;
        for (;;) {
          t = peek();
          if ((t[0] === "op" || t[0] === "name") && ops.indexOf(t[1]) >= 0) { take(); node = { op: t[1], args: [node, sub()] }; }
          else return node;
        }
      };
    }
    function primary() {
      var t = take(), args;
      if (t[0] === "num") return { op: "num", value: parseFloat(t[1]) };
      if (t[0] === "str") return { op: "str", value: t[1].slice(1, -1) };
      if (t[0] === "ref") return { op: "ref", value: t[1] };
      if (t[0] === "dot") return { op: "dot" };
      if (is(t, "op", "(")) { var n = orx(); expect(")"); return n; }
      if (t[0] === "name" && is(peek(), "op", "(") && FUNCS.hasOwnProperty(t[1])) {
        take(); args = [];
        if (!is(peek(), "op", ")")) { args.push(orx()); while (is(peek(), "op", ",")) { take(); args.push(orx()); } }
        expect(")");
        if (args.length !== FUNCS[t[1]]) throw new Error("arguments of " + t[1]);
        return { op: "call", value: t[1], args: args };
      }
      throw new Error("unexpected " + t[1]);
    }
    function unary() { if (is(peek(), "op", "-")) { take(); return { op: "neg", args: [unary()] }; } return primary(); }
    var mul = binary(unary, ["*", "div", "mod"]);
    var add = binary(mul, ["+", "-"]);
    var cmp = binary(add, ["=", "!=", "<", "<=", ">", ">="]);
    var andx = binary(cmp, ["and"]);
    var orx = binary(andx, ["or"]);
    if (!toks.length) throw new Error("empty");
    var node = orx();
    if (peek()[0] !== "end") throw new Error("unexpected " + peek()[1]);
    return node;
  }

  function num(v) {
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "number") return v;
    var s = String(v).trim();
    return s === "" || isNaN(Number(s)) ? NaN : Number(s);
  }
  function bool(v) {
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return !(v === 0 || isNaN(v));
    return v !== "";
  }
  function str(v) {
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") return isNaN(v) ? "NaN" : String(v);
    return v == null ? "" : String(v);
  }
  function words(v) { var s = str(v).trim(); return s ? s.split(/\s+/) : []; }
  function compare(op, a, b) {
    var eq, x, y;
    if (op === "=" || op === "!=") {
      if (typeof a === "boolean" || typeof b === "boolean") eq = bool(a) === bool(b);
      else if (typeof a === "number" || typeof b === "number") eq = num(a) === num(b);
      else eq = str(a) === str(b);
      return op === "=" ? eq : !eq;
    }
    if (typeof a === "string" && typeof b === "string" && ISO.test(a.slice(0, 10)) && ISO.test(b.slice(0, 10))) { x = a; y = b; }
    else { x = num(a); y = num(b); if (isNaN(x) || isNaN(y)) return false; }
    return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
  }
  function evaluate(n, values, current) {
    var a, b, x, y;
    switch (n.op) {
      case "num": case "str": return n.value;
      case "ref": return values.hasOwnProperty(n.value) ? values[n.value] : "";
      case "dot": return current;
      case "neg": return -num(evaluate(n.args[0], values, current));
      case "or": return bool(evaluate(n.args[0], values, current)) || bool(evaluate(n.args[1], values, current));
      case "and": return bool(evaluate(n.args[0], values, current)) && bool(evaluate(n.args[1], values, current));
      case "call":
        var args = n.args.map(function (c) { return evaluate(c, values, current); });
        switch (n.value) {
          case "not": return !bool(args[0]);
          case "selected": return words(args[0]).indexOf(str(args[1]).trim()) >= 0;
          case "count-selected": return words(args[0]).length;
          case "string-length": return str(args[0]).length;
          case "true": return true;
          case "false": return false;
          case "today": return new Date().toISOString().slice(0, 10);
        }
    }
    a = evaluate(n.args[0], values, current); b = evaluate(n.args[1], values, current);
    if (["=", "!=", "<", "<=", ">", ">="].indexOf(n.op) >= 0) return compare(n.op, a, b);
    x = num(a); y = num(b);
    switch (n.op) {
      case "+": return x + y;
      case "-": return x - y;
      case "*": return x * y;
      case "div": return x / y;
      case "mod": return y ? x % y : NaN;
    }
    throw new Error("operator " + n.op);
  }
  var cache = {};
  function truthy(text, values, current) {
    if (!cache.hasOwnProperty(text)) cache[text] = parse(text);
    return bool(evaluate(cache[text], values, current === undefined ? "" : current));
  }
  window.SaathiXPR = { parse: parse, truthy: truthy };

  // ---------------------------------------------------------------- the phone form
  var DIGITS = /[\u0966-\u096F\u09E6-\u09EF\u0C66-\u0C6F]/g;
  function ascii(s) {
    return s.replace(DIGITS, function (d) { return String(d.charCodeAt(0) & 0xF); });
  }
  function valueOf(q) {
    var type = q.getAttribute("data-type"), parts = [], i, inputs;
    if (type === "select_multiple" || type === "select_one") {
      inputs = q.querySelectorAll("input:checked");
      for (i = 0; i < inputs.length; i++) parts.push(inputs[i].value);
      return parts.join(" ");
    }
    var input = q.querySelector("input, textarea, select");
    var v = input ? input.value.trim() : "";
    if ((type === "integer" || type === "decimal") && v !== "" && !isNaN(Number(ascii(v)))) return Number(ascii(v));
    return v;
  }
  function start() {
    var form = document.querySelector("form[data-xlsform]");
    if (!form) return;
    var live = form.querySelector("input[name=live]");
    if (live) live.value = "1";
    var questions = form.querySelectorAll("[data-q]");
    var conditional = form.querySelectorAll("[data-relevant]");
    function values() {
      var out = {}, i, q;
      for (i = 0; i < questions.length; i++) {
        q = questions[i];
        out[q.getAttribute("data-q")] = q.closest("[hidden]") ? "" : valueOf(q);
      }
      return out;
    }
    function update() {
      for (var pass = 0; pass < 3; pass++) {
        var changed = false;
        for (var i = 0; i < conditional.length; i++) {
          var el = conditional[i], show;
          try { show = truthy(el.getAttribute("data-relevant"), values()); } catch (e) { show = true; }
          if (el.hidden === show) { el.hidden = !show; changed = true; }
        }
        if (!changed) break;
      }
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
