(function () {
  var form = document.getElementById('filters');
  var cards = Array.prototype.slice.call(document.querySelectorAll('article.card'));
  if (form) {
    form.hidden = false;
    var shown = document.getElementById('shown');
    var apply = function () {
      var choice = form.querySelector('input[name=show]:checked');
      var key = choice ? choice.value : 'all';
      var n = 0;
      cards.forEach(function (card) {
        var show = key === 'all' || card.getAttribute('data-' + key) === '1';
        card.hidden = !show;
        if (show) { n += 1; }
      });
      shown.textContent = 'showing ' + n + ' of ' + cards.length + ' entries';
    };
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (ev) { ev.preventDefault(); });
    apply();
  }
  var selectText = function (el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try { return document.execCommand('copy'); } catch (e) { return false; }
  };
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (btn) {
    btn.hidden = false;
    btn.addEventListener('click', function (ev) {
      ev.preventDefault();
      var pre = document.getElementById(btn.getAttribute('data-copy'));
      var done = function (ok) {
        btn.textContent = ok ? 'Copied' : 'Press Ctrl+C';
        setTimeout(function () { btn.textContent = 'Copy'; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(pre.textContent).then(
          function () { done(true); }, function () { done(selectText(pre)); });
      } else {
        done(selectText(pre));
      }
    });
  });
})();
