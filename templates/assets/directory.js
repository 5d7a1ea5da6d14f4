// Filter for the directory pages (/directory/, /situations/, /expertise/):
// narrows the list as you type. The pages are complete without it: the box
// stays hidden unless this script runs.
(function () {
  'use strict';
  var box = document.querySelector('[data-filter]');
  if (!box) return;
  var scope = document.getElementById(box.getAttribute('data-filter'));
  var input = box.querySelector('input');
  var status = box.querySelector('[role="status"]');
  if (!scope || !input) return;
  var items = Array.prototype.slice.call(scope.querySelectorAll('[data-filter-item]'));
  var groups = Array.prototype.slice.call(scope.querySelectorAll('[data-filter-group]'));

  // Case and accents do not matter: "tomas" finds Tomáš.
  function fold(s) {
    s = s.toLowerCase();
    return s.normalize ? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s;
  }
  var texts = items.map(function (el) {
    return fold(el.textContent + ' ' + el.getAttribute('data-filter-item'));
  });

  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (el, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      el.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) {
      g.hidden = words.length > 0 && !g.querySelector('[data-filter-item]:not([hidden])');
    });
    status.textContent = words.length ? shown + ' of ' + items.length + ' shown' : '';
    // Keep the filter in the address, so the filtered page can be shared.
    try {
      var url = new URL(window.location.href);
      if (input.value) url.searchParams.set('q', input.value); else url.searchParams.delete('q');
      history.replaceState(null, '', url);
    } catch (e) { /* file: pages and old browsers: the filter still works */ }
  }

  box.hidden = false;
  var q = new URLSearchParams(window.location.search).get('q');
  if (q) {
    input.value = q;
    apply();
  }
  input.addEventListener('input', apply);
})();
