// tizim: facets beside the search (ADR 0500). Progressive enhancement: the register and the
// team list work without it (filters are plain query parameters). It reads the JSON API of
// the page's own origin with the form's parameters and lists each facet's values with their
// counts as links; it builds elements with textContent only, never HTML from data.
(function () {
  "use strict";
  var box = document.getElementById("facets");
  var form = document.querySelector("form.search");
  if (!box || !form || !window.fetch) { return; }
  var api = box.getAttribute("data-api");
  var params = { status: "status", ethnicity: "ethnicity", prefecture: "prefecture", county: "county",
    detained_year: "year", evidence_level: "evidence", facility: "facility" };
  var order = ["status", "ethnicity", "prefecture", "county", "detained_year", "evidence_level", "facility"];
  var seq = 0, timer = null;
  function query() {
    var p = new URLSearchParams(new FormData(form));
    new URLSearchParams(location.search).forEach(function (v, k) {
      if (!p.has(k) && k !== "limit" && k !== "after") { p.set(k, v); }
    });
    return p;
  }
  function render(data) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var facets = data.facets || {};
    order.forEach(function (name) {
      var values = facets[name] || [];
      if (!values.length) { return; }
      var sec = document.createElement("section");
      var h = document.createElement("h2");
      h.textContent = box.getAttribute("data-label-" + name) || name;
      sec.appendChild(h);
      var ul = document.createElement("ul");
      values.slice(0, 12).forEach(function (f) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        var p = query();
        p.set(params[name], f.value);
        a.href = form.getAttribute("action") + "?" + p.toString();
        a.textContent = f.label || f.value;
        var n = document.createElement("span");
        n.className = "count";
        n.textContent = " " + f.count;
        li.appendChild(a);
        li.appendChild(n);
        ul.appendChild(li);
      });
      sec.appendChild(ul);
      box.appendChild(sec);
    });
  }
  function update() {
    var p = query();
    p.set("facets", "1");
    var mine = ++seq;
    fetch(api + "?" + p.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d && mine === seq) { render(d); } })
      .catch(function () { /* the filters still work as links and form fields */ });
  }
  function soon() { clearTimeout(timer); timer = setTimeout(update, 300); }
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  update();
})();
