/* citecheck editor page: submit, follow progress, show the report, review changes, download.
   Every value from the server is inserted with textContent: nothing is parsed as HTML
   except the report, which goes into a sandboxed iframe under the report's own CSP. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var jobUrl = null;
  var changes = [];

  function headers(extra) {
    var h = extra || {};
    var token = $('token').value;
    if (token) { h.Authorization = 'Bearer ' + token; }
    return h;
  }

  function problemText(resp) {
    return resp.text().then(function (body) {
      try { var p = JSON.parse(body); return p.detail || p.title || ('HTTP ' + resp.status); }
      catch (e) { return 'HTTP ' + resp.status; }
    });
  }

  function options() {
    return {
      links: $('opt-links').checked,
      resolve: $('opt-resolve').checked,
      offline: $('opt-offline').checked
    };
  }

  function submit(ev) {
    ev.preventDefault();
    $('submit-error').textContent = '';
    var file = $('file').files[0];
    var req;
    if (file) {
      var form = new FormData();
      form.append('file', file, file.name);
      form.append('options', JSON.stringify(options()));
      req = fetch('/v1/checks/upload', {method: 'POST', body: form, headers: headers()});
    } else if ($('text').value.trim()) {
      var body = {options: options()};
      if ($('paste-bib').checked) { body.bibtex = $('text').value; } else { body.text = $('text').value; }
      req = fetch('/v1/checks', {method: 'POST', body: JSON.stringify(body),
        headers: headers({'Content-Type': 'application/json'})});
    } else {
      $('submit-error').textContent = 'Choose a file or paste some text first.';
      return;
    }
    $('check').disabled = true;
    req.then(function (resp) {
      if (resp.status === 401) { $('token-box').hidden = false; }
      if (!resp.ok) { return problemText(resp).then(function (t) { throw new Error(t); }); }
      return resp.json();
    }).then(function (job) {
      jobUrl = job.links.status;
      $('progress-section').hidden = false;
      $('result-section').hidden = true;
      show(job);
      follow(job);
    }).catch(function (err) {
      $('submit-error').textContent = err.message;
    }).then(function () { $('check').disabled = false; });
  }

  function show(job) {
    $('job-state').textContent = job.state + (job.stage ? ' — ' + job.stage : '');
    $('job-waiting').textContent = job.waiting || '';
    var list = $('stages');
    while (list.firstChild) { list.removeChild(list.firstChild); }
    job.stages.forEach(function (s) {
      var li = document.createElement('li');
      li.setAttribute('data-stage', s.name);
      var label = document.createElement('span');
      label.textContent = s.description;
      li.appendChild(label);
      var bar = document.createElement('progress');
      if (s.total) { bar.max = s.total; bar.value = s.done; }
      li.appendChild(bar);
      var count = document.createElement('span');
      count.className = 'count';
      count.textContent = s.total !== null ? s.done + ' / ' + s.total : '…';
      li.appendChild(count);
      list.appendChild(li);
    });
    $('job-error').textContent = job.error ? (job.error.title + ': ' + (job.error.detail || '')) : '';
  }

  function follow(job) {
    var done = function (last) {
      show(last);
      if (last.state === 'done') { loadResults(); }
    };
    if (window.EventSource && !$('token').value) {
      var source = new EventSource(job.links.events);
      var last = job;
      source.addEventListener('status', function (e) { last = JSON.parse(e.data); show(last); });
      source.addEventListener('end', function () { source.close(); poll(done); });
      source.onerror = function () { source.close(); poll(done); };
    } else {
      poll(done);
    }
  }

  function poll(done) {
    // a server restarting or a database away (503, no answer) is waited out; a check that
    // no longer exists (404: deleted or expired) is said, not shown as running for ever
    var again = function (why) {
      $('job-error').textContent = why ? why + ' — retrying…' : '';
      setTimeout(function () { poll(done); }, 2000);
    };
    fetch(jobUrl, {headers: headers()}).then(function (r) {
      if (r.status === 404) {
        return problemText(r).then(function (t) { $('job-state').textContent = 'gone'; $('job-error').textContent = t; });
      }
      if (!r.ok) { return problemText(r).then(again); }
      return r.json().then(function (job) {
        show(job);
        if (job.state === 'done' || job.state === 'failed') { done(job); }
        else { setTimeout(function () { poll(done); }, 700); }
      });
    }).catch(function () { again('the service does not answer'); });
  }

  function loadResults() {
    fetch(jobUrl + '/report?format=html', {headers: headers()})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        $('report').srcdoc = html;
        $('dl-report').onclick = function (ev) { ev.preventDefault(); save(html, 'report.html', 'text/html'); };
        $('result-section').hidden = false;
      });
    fetch(jobUrl + '/changes?policy=all', {headers: headers()})
      .then(function (r) { return r.json(); })
      .then(function (list) { changes = list; drawChanges(); });
  }

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '—' : String(text);
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function drawChanges() {
    var body = $('changes').querySelector('tbody');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    $('no-changes').hidden = changes.length > 0;
    $('changes').hidden = changes.length === 0;
    changes.forEach(function (item) {
      var c = item.change;
      var tr = document.createElement('tr');
      tr.setAttribute('data-change', item.id);
      cell(tr, c.key + (c.line ? ' (line ' + c.line + ')' : ''));
      cell(tr, c.field);
      cell(tr, c.before, 'value');
      cell(tr, c.after, 'value');
      cell(tr, c.source + (c.verdict ? ', ' + c.verdict + ' match' : ''));
      var td = document.createElement('td');
      ['accept', 'reject'].forEach(function (choice) {
        var label = document.createElement('label');
        var input = document.createElement('input');
        input.type = 'radio';
        input.name = 'change-' + item.id;
        input.value = choice;
        input.className = 'decision-' + choice;
        input.checked = choice === 'reject';
        input.addEventListener('change', function () { tr.className = choice === 'accept' ? 'accepted' : 'rejected'; count(); });
        label.appendChild(input);
        label.appendChild(document.createTextNode(' ' + choice + ' '));
        td.appendChild(label);
      });
      tr.appendChild(td);
      body.appendChild(tr);
    });
    count();
  }

  function accepted() {
    return changes.filter(function (item) {
      var input = document.querySelector('input[name="change-' + item.id + '"][value=accept]');
      return input && input.checked;
    }).map(function (item) { return item.id; });
  }

  function count() {
    $('accepted-count').textContent = accepted().length + ' of ' + changes.length + ' change(s) accepted';
  }

  function save(text, name, type) {
    var url = URL.createObjectURL(new Blob([text], {type: type}));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function download() {
    fetch(jobUrl + '/fix', {method: 'POST', headers: headers({'Content-Type': 'application/json'}),
      body: JSON.stringify({accept: accepted(), policy: 'all'})})
      .then(function (r) { return r.json(); })
      .then(function (fix) { save(fix.bibtex, 'corrected.bib', 'application/x-bibtex'); });
  }

  $('token-box').hidden = true;  // shown when the service answers 401 (always without scripts)
  $('submit-form').addEventListener('submit', submit);
  $('download').addEventListener('click', download);
}());
