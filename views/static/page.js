// Progressive enhancement of the pages: copy buttons (each citation on the results page, each
// paragraph on the document page), a document's other hits expanded in place, empty fields left out
// of the URL a form sends, and the table of contents following the section being read. Without this
// script every page works the same: the links lead to what the buttons fetch.
(function () {
  'use strict';

  // Copies a text, or the text a promise gives, to the clipboard: resolves once copied, rejects when refused.
  function copy(text) {
    var promised = typeof text === 'string' ? Promise.resolve(text) : text;
    if (navigator.clipboard && window.isSecureContext) {
      if (typeof text !== 'string' && window.ClipboardItem && navigator.clipboard.write) {
        // Handed over at once, while the click still counts as the user's gesture; the text follows.
        var blob = promised.then(function (t) { return new Blob([t], { type: 'text/plain' }); });
        return navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })]).catch(function () {
          return promised.then(function (t) { return navigator.clipboard.writeText(t); });
        });
      }
      return promised.then(function (t) { return navigator.clipboard.writeText(t); });
    }
    // Older browsers and plain-http hosts: select the text in a box out of sight and use the legacy command.
    return promised.then(function (t) {
      var box = document.createElement('textarea');
      box.value = t;
      box.setAttribute('readonly', '');
      box.className = 'copy-buffer';
      document.body.appendChild(box);
      box.select();
      var ok = document.execCommand('copy');
      document.body.removeChild(box);
      if (!ok) throw new Error('copy refused');
    });
  }

  // A button that copies what `text()` gives and says so, aloud too, for a moment.
  function copyButton(label, spoken, text) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = label;
    var status = document.createElement('span');
    status.className = 'visually-hidden';
    status.setAttribute('aria-live', 'polite');
    var timer = 0;
    button.addEventListener('click', function () {
      clearTimeout(timer);
      copy(text()).then(
        function () { button.textContent = 'Đã chép ✓'; status.textContent = spoken; },
        function () { button.textContent = 'Hãy chọn và chép tay'; }
      );
      timer = setTimeout(function () { button.textContent = label; status.textContent = ''; }, 2500);
    });
    return { button: button, status: status, reset: function () { clearTimeout(timer); button.textContent = label; status.textContent = ''; } };
  }

  // A citation (or one of its styles) gets its button right after its own text.
  function setUpCitationCopy(box) {
    var block = box.querySelector(':scope > .citation-text');
    if (!block) return;
    var made = copyButton('Sao chép', 'Đã chép trích dẫn', function () { return block.textContent; });
    made.button.setAttribute('aria-label', 'Sao chép trích dẫn');
    block.insertAdjacentElement('afterend', made.button);
    made.button.insertAdjacentElement('afterend', made.status);
  }

  function setUpCitations(root) {
    Array.prototype.forEach.call(root.querySelectorAll('.citation, .citation-style'), setUpCitationCopy);
  }

  // On the document page, one button moves to the paragraph under the pointer or holding the focus and
  // copies that paragraph, quoted, with its citation (asked of /api/cite when first wanted).
  function setUpParagraphCopy(body) {
    var doc = body.getAttribute('data-doc');
    var texts = {};
    var current = null;
    function quoteOf(n) {
      if (!texts[n]) {
        texts[n] = fetch('/api/cite?doc=' + encodeURIComponent(doc) + '&paragraph=' + n)
          .then(function (res) { if (!res.ok) throw new Error('cite ' + res.status); return res.json(); })
          .then(function (c) { return '“' + c.text + '”\n' + c.citation; });
        texts[n].catch(function () { delete texts[n]; });
      }
      return texts[n];
    }
    var made = copyButton('Chép', 'Đã chép đoạn kèm trích dẫn', function () { return quoteOf(current.id.slice(1)); });
    made.button.classList.add('para-copy');
    body.appendChild(made.status);
    function place(p) {
      if (!p || p === current || !/^p\d+$/.test(p.id)) return;
      current = p;
      made.reset();
      made.button.setAttribute('aria-label', 'Chép đoạn ' + p.id.slice(1) + ' kèm trích dẫn');
      p.appendChild(made.button);
    }
    function paragraphOf(node) { return node && node.closest ? node.closest('.para') : null; }
    body.addEventListener('mouseover', function (event) { place(paragraphOf(event.target)); });
    body.addEventListener('focusin', function (event) { if (event.target !== made.button) place(paragraphOf(event.target)); });
  }

  // "N đoạn khác trong văn bản này" opens the document's other hits under its last one, fetched from
  // the page the link leads to; clicked again, it folds them away.
  function setUpMore(link) {
    var hit = link.closest('li.hit');
    if (!hit) return;
    var label = link.textContent;
    var added = [];
    link.setAttribute('aria-expanded', 'false');
    link.addEventListener('click', function (event) {
      // A click meant to open a new tab or window stays a link.
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      if (added.length) {
        added.forEach(function (node) { node.remove(); });
        added = [];
        link.textContent = label;
        link.setAttribute('aria-expanded', 'false');
        return;
      }
      link.textContent = 'Đang tải…';
      fetch(link.href)
        .then(function (res) { if (!res.ok) throw new Error('more ' + res.status); return res.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, 'text/html');
          var shown = {};
          Array.prototype.forEach.call(hit.parentNode.querySelectorAll('li.hit a.place'), function (a) { shown[a.getAttribute('href')] = true; });
          var after = hit;
          Array.prototype.forEach.call(page.querySelectorAll('ol.hits > li.hit:not(.partial)'), function (li) {
            var place = li.querySelector('a.place');
            if (!place || shown[place.getAttribute('href')]) return;
            var node = document.importNode(li, true);
            node.classList.add('expanded');
            var title = node.querySelector('.hit-title');
            if (title) title.remove();
            after.insertAdjacentElement('afterend', node);
            setUpCitations(node);
            added.push(node);
            after = node;
          });
          var next = page.querySelector('nav.pager a[rel="next"]');
          if (next) {
            var rest = document.createElement('li');
            rest.className = 'hit expanded more-in-doc';
            var all = document.createElement('a');
            all.href = link.href;
            all.textContent = 'Xem mọi đoạn của văn bản này';
            rest.appendChild(all);
            after.insertAdjacentElement('afterend', rest);
            added.push(rest);
          }
          link.textContent = 'Thu gọn ' + added.filter(function (n) { return n.querySelector('a.place'); }).length + ' đoạn vừa mở';
          link.setAttribute('aria-expanded', 'true');
        })
        .catch(function () { window.location.href = link.href; });
    });
  }

  // Fields left empty are not sent, so that a shared link holds only the filters in force.
  function setUpCleanSubmit(form) {
    var off = [];
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && !field.disabled && field.value === '') {
          field.disabled = true;
          off.push(field);
        }
      });
      // The form data is taken when the event ends: the fields are usable again right after.
      setTimeout(function () { off.forEach(function (field) { field.disabled = false; }); off = []; }, 0);
    });
  }

  // The table of contents marks the section being read (the one holding the paragraph the address
  // names, else the page's first open one) and scrolls to it.
  function followToc(list) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    function target(a) { var m = /#p(\d+)$/.exec(a.getAttribute('href')); return m ? Number(m[1]) : 0; }
    function mark() {
      var m = /^#p(\d+)$/.exec(window.location.hash);
      var here = null;
      if (m) links.forEach(function (a) { if (target(a) <= Number(m[1])) here = a; });
      else here = Array.prototype.slice.call(list.querySelectorAll('li.open > a')).pop() || null;
      links.forEach(function (a) { if (a === here) a.setAttribute('aria-current', 'location'); else a.removeAttribute('aria-current'); });
      if (here) list.scrollTop = here.parentNode.offsetTop - list.offsetTop - list.clientHeight / 3;
    }
    mark();
    window.addEventListener('hashchange', mark);
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('form[method="get"]'), setUpCleanSubmit);
    setUpCitations(document);
    Array.prototype.forEach.call(document.querySelectorAll('.more-in-doc a'), setUpMore);
    var body = document.querySelector('.doc-body[data-doc]');
    if (body && window.fetch) setUpParagraphCopy(body);
    var toc = document.querySelector('.toc ol');
    if (toc) followToc(toc);
  });
  // Back to a page kept in memory: fields disabled for the submit are enabled again.
  window.addEventListener('pageshow', function () {
    Array.prototype.forEach.call(document.querySelectorAll('form[method="get"] [disabled]'), function (field) { field.disabled = false; });
  });
})();
