// The console's little script: countdowns, live events that navigate, keyboard shortcuts.
(function () {
  'use strict';

  function format(seconds) {
    var overdue = seconds < 0, s = Math.abs(seconds), text;
    if (s >= 86400) text = Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
    else if (s >= 3600) text = Math.floor(s / 3600) + 'h ' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + 'm';
    else text = Math.floor(s / 60) + 'm ' + String(s % 60).padStart(2, '0') + 's';
    return overdue ? text + ' overdue' : text;
  }

  // Countdowns tick in the browser; the server renders the first value and the urgency class.
  function tick() {
    var now = Date.now();
    document.querySelectorAll('.countdown[data-due]').forEach(function (el) {
      var due = Date.parse(el.getAttribute('data-due'));
      if (!isNaN(due)) el.textContent = format(Math.round((due - now) / 1000));
    });
  }
  setInterval(tick, 1000);

  // An SLA level moves on (on time -> due soon -> due very soon -> missed) at a time the server rendered
  // (data-changes-at): the page fetches its rows or facts again then, so colour and words follow without an
  // event (case-service publishes sla-breached only once a target is missed). Once per element and time.
  function levels() {
    var now = Date.now(), due = false;
    document.querySelectorAll('.sla[data-changes-at]').forEach(function (el) {
      var at = Date.parse(el.getAttribute('data-changes-at'));
      if (!isNaN(at) && at <= now && !el.hasAttribute('data-level-asked')) {
        el.setAttribute('data-level-asked', 'yes');
        due = true;
      }
    });
    if (due && window.htmx) htmx.trigger(document.body, 'sla-level');
  }
  setInterval(levels, 1000);

  function localTimes(root) {
    (root || document).querySelectorAll('time.local-time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (!isNaN(d)) el.textContent = d.toLocaleString();
    });
  }

  document.addEventListener('DOMContentLoaded', function () { tick(); localTimes(); });
  document.addEventListener('htmx:afterSwap', function (e) { tick(); localTimes(e.target); });

  // An auto-accepted offer opens its case.
  document.addEventListener('htmx:sseMessage', function (e) {
    if (e.detail && e.detail.type === 'open-case' && /^[0-9a-f-]{36}$/.test(e.detail.data)) {
      window.location.href = '/cases/' + e.detail.data;
    }
  });

  // Keyboard shortcuts (listed in the dialog that ? opens).
  var pendingG = false;
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll('tr.case-row')); }
  function move(step) {
    var all = rows(); if (!all.length) return;
    var i = all.findIndex(function (r) { return r.classList.contains('selected'); });
    if (i >= 0) all[i].classList.remove('selected');
    i = Math.max(0, Math.min(all.length - 1, i + step));
    all[i].classList.add('selected'); all[i].focus();
  }
  document.addEventListener('keydown', function (e) {
    var dialog = document.getElementById('shortcuts');
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && typing(e)) {
      var form = e.target.form; if (form) { e.preventDefault(); htmx.trigger(form, 'submit'); }
      return;
    }
    if (typing(e) || e.altKey || e.ctrlKey || e.metaKey) return;
    if (pendingG) { pendingG = false; if (e.key === 'i') { window.location.href = '/'; } return; }
    switch (e.key) {
      case '?': if (dialog && !dialog.open) dialog.showModal(); e.preventDefault(); break;
      case 'g': pendingG = true; break;
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case 'o': case 'Enter':
        var sel = document.querySelector('tr.case-row.selected a');
        if (sel) { window.location.href = sel.getAttribute('href'); e.preventDefault(); }
        break;
      case 'a': var accept = document.querySelector('[data-testid="offer-accept"]'); if (accept) accept.click(); break;
      case 'r': var reply = document.getElementById('reply-text'); if (reply) { reply.focus(); e.preventDefault(); } break;
      case 'n': var note = document.getElementById('note-text'); if (note) { note.focus(); e.preventDefault(); } break;
    }
  });
  document.addEventListener('click', function (e) {
    if (e.target && e.target.id === 'shortcuts-open') document.getElementById('shortcuts').showModal();
  });
})();
