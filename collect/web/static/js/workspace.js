/* The workspace's only script: the monitoring page refreshes its figures every half minute,
   and the exports page follows its running exports until their files are ready. Both pages
   show everything without it; this only saves a reload. */
(function () {
  'use strict';

  function cell(text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }
  function fill(tbody, rows) {
    if (!tbody) return;
    tbody.textContent = '';
    rows.forEach(function (cells) {
      var tr = document.createElement('tr');
      cells.forEach(function (c) { tr.appendChild(c); });
      tbody.appendChild(tr);
    });
  }
  function count(n, none) { return cell(n ? String(n) : none, 'num' + (n ? '' : ' none')); }

  var monitor = document.getElementById('monitoring');
  if (monitor) {
    var none = (monitor.querySelector('[data-figure=provinces] td.none') || {}).textContent || '0';
    var refreshed = monitor.querySelector('[data-figure=refreshed]');
    var refresh = function () {
      fetch(monitor.getAttribute('data-source'), {credentials: 'same-origin', headers: {Accept: 'application/json'}})
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          monitor.querySelector('[data-figure=total]').textContent = data.total;
          fill(monitor.querySelector('[data-figure=days]'), data.by_day.map(function (d) {
            return [cell(d.day), cell(String(d.responses), 'num')];
          }));
          fill(monitor.querySelector('[data-figure=events]'), data.by_event.map(function (e) {
            return [cell(e.title), cell(e.date || ''), cell(String(e.responses), 'num')];
          }));
          fill(monitor.querySelector('[data-figure=provinces]'), data.provinces.map(function (p) {
            return [cell(p.name), count(p.responses, none)];
          }));
          refreshed.textContent = '· ' + new Date().toLocaleTimeString();
        })
        .catch(function () { /* the figures on the page stay; the next try may work */ });
    };
    setInterval(refresh, 30000);
  }

  var jobs = Array.prototype.slice.call(document.querySelectorAll('[data-job]'));
  var follow = function () {
    jobs = jobs.filter(function (row) {
      var status = row.querySelector('[data-status]');
      return status.textContent !== 'finished' && status.textContent !== 'failed';
    });
    jobs.forEach(function (row) {
      fetch(row.getAttribute('data-job'), {credentials: 'same-origin', headers: {Accept: 'application/json'}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (job) {
          if (!job) return;
          var bar = row.querySelector('progress');
          bar.max = job.total || 1;
          bar.value = job.status === 'finished' ? bar.max : job.done;
          row.querySelector('[data-status]').textContent = job.status;
          if (job.download && !row.querySelector('a')) {
            var a = document.createElement('a');
            a.href = job.download;
            a.textContent = row.getAttribute('data-download') || '⬇';
            row.lastElementChild.appendChild(a);
          }
        })
        .catch(function () {});
    });
    if (jobs.length) setTimeout(follow, 3000);
  };
  if (jobs.length) setTimeout(follow, 1000);
})();
