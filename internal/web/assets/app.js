// tizim: as-you-type search on the public register. Progressive enhancement: the form
// works without this script. It fetches the same page with the new query from this origin
// and swaps in the server-rendered results; it inserts no HTML of its own.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live]");
  if (!form || !window.fetch || !window.DOMParser) { return; }
  var target = document.getElementById(form.getAttribute("data-live"));
  var timer = null, seq = 0;
  function update() {
    var params = new URLSearchParams(new FormData(form));
    var url = form.getAttribute("action") + "?" + params.toString();
    var mine = ++seq;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null || mine !== seq) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(target.id);
        if (fresh) {
          target.replaceWith(document.importNode(fresh, true));
          target = document.getElementById(fresh.id);
          history.replaceState(null, "", url);
        }
      })
      .catch(function () { /* the submit button still works */ });
  }
  function soon() { clearTimeout(timer); timer = setTimeout(update, 250); }
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
})();
