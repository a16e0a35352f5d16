// Progressive enhancement of the search box: autocomplete from /api/suggest. Without this script
// the form works the same, minus the sugar (the other enhancements are in page.js).
(function () {
  'use strict';

  // Same folding as the engine's index terms, so 'giai' matches the suggestion 'giải'.
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  }

  function setUpSuggest(input) {
    var form = input.form;
    var list = document.createElement('ul');
    list.id = 'q-suggest';
    list.className = 'suggest-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Gợi ý');
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');

    var items = [];
    var active = -1;
    var timer = 0;
    var pending = null;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function highlight(index) {
      active = index;
      items.forEach(function (li, i) { li.setAttribute('aria-selected', i === index ? 'true' : 'false'); });
      if (index >= 0) input.setAttribute('aria-activedescendant', items[index].id);
      else input.removeAttribute('aria-activedescendant');
    }

    // A suggestion completes either the whole box or only the word being typed.
    function apply(suggestion) {
      var value = input.value;
      if (fold(suggestion).indexOf(fold(value.trim())) === 0) return suggestion;
      var cut = value.search(/\S+$/);
      return (cut < 0 ? value : value.slice(0, cut)) + suggestion;
    }

    function choose(index) {
      input.value = apply(items[index].textContent);
      close();
      // requestSubmit fires the form's submit event, which leaves the empty fields out (page.js).
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    }

    function show(suggestions) {
      list.textContent = '';
      items = suggestions.map(function (text, i) {
        var li = document.createElement('li');
        li.id = 'q-opt-' + i;
        li.setAttribute('role', 'option');
        li.textContent = text;
        // mousedown, not click: it fires before the input's blur closes the list.
        li.addEventListener('mousedown', function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
        return li;
      });
      if (items.length === 0) return close();
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      highlight(-1);
    }

    function fetchSuggestions() {
      var q = input.value;
      if (!q.trim()) return close();
      if (pending) pending.abort();
      pending = new AbortController();
      fetch('/api/suggest?q=' + encodeURIComponent(q), { signal: pending.signal })
        .then(function (res) { return res.ok ? res.json() : { suggestions: [] }; })
        .then(function (body) { if (input.value === q) show(body.suggestions || []); })
        .catch(function () { /* a lost suggestion is not worth a message */ });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 120);
    });
    input.addEventListener('keydown', function (event) {
      if (list.hidden) return;
      if (event.key === 'ArrowDown') { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === 'ArrowUp') { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (event.key === 'Enter' && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === 'Escape') { event.preventDefault(); close(); }
    });
    input.addEventListener('blur', close);
    form.addEventListener('submit', function () { clearTimeout(timer); if (pending) pending.abort(); close(); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var input = document.querySelector('input[data-suggest]');
    if (input && input.form && window.fetch) setUpSuggest(input);
  });
})();
