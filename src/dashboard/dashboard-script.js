// Follows the runner's /events stream and writes each second's view into the page; the charts
// are drawn by the report's own page script (window.loadspecCharts). Computes nothing: every
// string and number comes formatted from the runner. When the run ends, the page becomes the
// final report (the runner serves report.html from the same renderer as the file).
(function () {
  'use strict';
  var root = document.documentElement;

  function fill(view) {
    root.setAttribute('data-state', view.state);
    Object.keys(view.fields).forEach(function (name) {
      document.querySelectorAll('[data-field="' + name + '"]').forEach(function (el) { el.textContent = view.fields[name]; });
    });
    rows('failures', view.failures.map(function (cells) { return { cells: cells }; }), [1]);
    rows('criteria', view.criteria, [2, 3]);
    rows('endpoints', view.endpoints.map(function (cells) { return { cells: cells }; }), [1, 2, 3, 4, 5, 6]);
    rows('slow', view.slow.map(function (cells) { return { cells: cells }; }), [2, 3]);
    window.loadspecCharts.update(view.charts);
    root.setAttribute('data-updates', String(Number(root.getAttribute('data-updates') || '0') + 1));
  }

  function rows(name, list, numeric) {
    var body = document.querySelector('[data-rows="' + name + '"]');
    if (!body) return;
    var fragment = document.createDocumentFragment();
    if (list.length === 0) {
      // An empty table says so, rather than showing a header over nothing.
      var empty = document.createElement('tr');
      empty.className = 'empty';
      var only = document.createElement('td');
      only.colSpan = body.closest('table').querySelectorAll('thead th').length;
      only.className = 'muted';
      only.textContent = 'none';
      empty.appendChild(only);
      fragment.appendChild(empty);
    }
    list.forEach(function (row) {
      var tr = document.createElement('tr');
      if (row.status) tr.className = row.status;
      row.cells.forEach(function (cell, i) {
        var td = document.createElement('td');
        if (numeric.indexOf(i) >= 0) td.className = 'num';
        td.textContent = cell;
        tr.appendChild(td);
      });
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
  }

  fill(JSON.parse(document.getElementById('dashboard-view').textContent));

  var button = document.getElementById('stop-run');
  button.addEventListener('click', function () {
    button.disabled = true;
    button.textContent = 'Stopping…';
    fetch('/stop', { method: 'POST', headers: { 'x-loadspec-stop': '1' } }).then(function (response) {
      if (!response.ok) throw new Error('the runner answered ' + response.status);
    }).catch(function (error) {
      button.disabled = false;
      button.textContent = 'Stop the run';
      console.error('loadspec dashboard: could not stop the run', error);
    });
  });

  var source = new EventSource('/events');
  source.addEventListener('update', function (event) { fill(JSON.parse(event.data)); });
  source.addEventListener('final', function () {
    source.close();
    window.location.replace('/report.html');
  });
  // The runner exits after the final report was served; a closed stream is then expected.
  source.onerror = function () {
    if (root.getAttribute('data-state') === 'finished') source.close();
  };
})();
