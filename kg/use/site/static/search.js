// Search over the names, aliases and pinyin in search-index.js (loaded as a script, so it also works
// when the site is opened from disk). Everything else on the site works without JavaScript.
(function () {
  var box = document.getElementById("search");
  var list = document.getElementById("results");
  if (!box || !list || !window.GOVKG_INDEX) return;
  box.hidden = false;
  function matches(entry, q) {
    if (entry.n.indexOf(q) >= 0) return true;
    for (var i = 0; i < entry.a.length; i++) if (entry.a[i].indexOf(q) >= 0) return true;
    var low = q.toLowerCase().replace(/\s+/g, "");
    return low.length > 1 && (entry.p.indexOf(low) >= 0 || entry.i.indexOf(low) === 0);
  }
  function show() {
    var q = box.value.trim();
    list.textContent = "";
    if (!q) return;
    var found = window.GOVKG_INDEX.filter(function (e) { return matches(e, q); }).slice(0, 100);
    found.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.n;
      var meta = document.createElement("span");
      meta.className = "kind";
      meta.textContent = " " + e.k + " · " + e.r + (e.a.length ? " · 又称 " + e.a.join("、") : "");
      li.appendChild(a);
      li.appendChild(meta);
      list.appendChild(li);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = "没有找到";
      list.appendChild(none);
    }
  }
  box.addEventListener("input", show);
  if (box.value) show();
})();
