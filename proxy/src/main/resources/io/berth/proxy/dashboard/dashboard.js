// Berth's dashboard: polls the JSON API once a second and draws it with Chart.js.
// Every value from the API goes into the page as text (textContent), never as markup.
'use strict';

(function () {
  const WINDOW_MS = 15 * 60 * 1000;
  const POLL_MS = 1000;
  const $ = (id) => document.getElementById(id);
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(name).trim();
  const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

  let token = null;
  let lastSampleAt = null;

  // ---- credentials: a bearer token from #token=... or the form; basic auth is the browser's own

  function readToken() {
    const m = location.hash.match(/token=([^&]+)/);
    if (m) {
      sessionStorage.setItem('berth.token', decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    token = sessionStorage.getItem('berth.token');
  }

  class AuthNeeded extends Error {}

  async function get(path) {
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    const res = await fetch(path, { headers, cache: 'no-store', credentials: 'same-origin' });
    if (res.status === 401) {
      throw new AuthNeeded(path);
    }
    if (!res.ok) {
      throw new Error(path + ': HTTP ' + res.status + ' ' + (await res.text()).trim());
    }
    return res.json();
  }

  $('auth-form').addEventListener('submit', (e) => {
    e.preventDefault();
    token = $('auth-token').value.trim() || null;
    if (token) {
      sessionStorage.setItem('berth.token', token);
    }
    $('auth').hidden = true;
  });

  // ---- formatting

  function rate(v) {
    return v >= 100 ? whole.format(v) : oneDecimal.format(v);
  }

  function micros(us) {
    if (us < 1000) {
      return us + ' µs';
    }
    if (us < 1e6) {
      return (us / 1000).toFixed(us < 1e4 ? 2 : 1) + ' ms';
    }
    return (us / 1e6).toFixed(2) + ' s';
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
  }

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) {
      td.className = cls;
    }
    row.appendChild(td);
    return td;
  }

  function fill(tbody, rows, emptyText, columns) {
    tbody.replaceChildren();
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      tr.className = 'empty';
      const td = cell(tr, emptyText);
      td.colSpan = columns;
      tbody.appendChild(tr);
    }
    for (const r of rows) {
      tbody.appendChild(r);
    }
  }

  // ---- charts

  // Each chart with the functions that read its datasets' values from a sample.
  function chart(id, sets, options) {
    const c = new Chart($(id), {
      type: 'line',
      data: {
        datasets: sets.map((s, i) => ({
          label: s.label,
          data: [],
          borderColor: color(s.color),
          backgroundColor: s.area ? color(s.color) + '59' : color(s.color),
          fill: s.area ? (i === 0 ? 'origin' : '-1') : false,
          borderDash: s.dash || [],
          yAxisID: s.right ? 'y2' : 'y',
          borderWidth: 1.5,
          pointRadius: 0,
          tension: 0,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { position: 'top', align: 'end', labels: { boxWidth: 10, boxHeight: 10, color: color('--muted') } },
          tooltip: { callbacks: { title: (items) => (items.length ? clock(items[0].parsed.x) : '') } },
        },
        scales: {
          x: {
            type: 'linear',
            // Labels on whole seconds or minutes (tickStep), not at the window's edges.
            afterBuildTicks: (scale) => {
              const step = tickStep(scale.max - scale.min);
              const ticks = [];
              for (let t = Math.ceil(scale.min / step) * step; t <= scale.max; t += step) {
                ticks.push({ value: t });
              }
              scale.ticks = ticks;
            },
            ticks: { callback: (v) => clock(v), autoSkip: false, maxRotation: 0, color: color('--muted') },
            grid: { color: color('--line') },
          },
          y: {
            beginAtZero: true,
            stacked: Boolean(options && options.stacked),
            ticks: { color: color('--muted'), precision: options && options.integer ? 0 : undefined },
            grid: { color: color('--line') },
          },
          // A second scale on the right for a series of another size (a rare long wait next to the usual ones).
          y2: {
            display: sets.some((set) => set.right),
            position: 'right',
            beginAtZero: true,
            ticks: { color: color('--bad') },
            grid: { drawOnChartArea: false },
          },
        },
      },
    });
    return { chart: c, values: sets.map((s) => s.value) };
  }

  const charts = [
    chart('chart-clients', [
      { label: 'waiting', value: (s) => s.clients_waiting, color: '--bad' },
      { label: 'active', value: (s) => s.clients_active, color: '--c1' },
    ], { integer: true }),
    chart('chart-servers', [
      { label: 'active', value: (s) => s.servers_active, color: '--c1', area: true },
      { label: 'idle', value: (s) => s.servers_idle, color: '--c3', area: true },
      { label: 'used', value: (s) => s.servers_used, color: '--c4', area: true },
    ], { stacked: true, integer: true }),
    chart('chart-rates', [
      { label: 'TPS', value: (s) => s.tps, color: '--c1' },
      { label: 'QPS', value: (s) => s.qps, color: '--c2' },
    ]),
    chart('chart-wait', [
      { label: 'average', value: (s) => s.wait_avg_us / 1000, color: '--c3' },
      { label: 'p99', value: (s) => s.wait_p99_us / 1000, color: '--c2' },
      { label: 'longest waiting now (right)', value: (s) => s.wait_max_us / 1000, color: '--bad', dash: [4, 3], right: true },
    ]),
  ];

  // Whole seconds or minutes between time labels, about five of them across the chart.
  function tickStep(rangeMs) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 300, 600].map((s) => s * 1000);
    return steps.find((s) => rangeMs / s <= 6) || 600000;
  }

  function addSamples(samples) {
    if (samples.length === 0) {
      return;
    }
    const latest = samples[samples.length - 1].at;
    const oldest = latest - WINDOW_MS;
    for (const { chart: c, values } of charts) {
      c.data.datasets.forEach((d, i) => {
        for (const s of samples) {
          d.data.push({ x: s.at, y: values[i](s) });
        }
        let drop = 0;
        while (drop < d.data.length && d.data[drop].x < oldest) {
          drop++;
        }
        d.data.splice(0, drop);
      });
      // The last 15 minutes; until 15 minutes have passed, from the first sample, so the lines fill the width.
      c.options.scales.x.min = Math.max(oldest, c.data.datasets[0].data.length ? c.data.datasets[0].data[0].x : oldest);
      c.options.scales.x.max = latest;
      c.update('none');
    }
    const s = samples[samples.length - 1];
    $('kpi-tps').textContent = rate(s.tps);
    $('kpi-qps').textContent = rate(s.qps);
    $('kpi-wait-p99').textContent = micros(s.wait_p99_us);
    lastSampleAt = latest;
  }

  // ---- tables

  function showPools(doc) {
    // The counts of now, as the table shows them; rates come from the history.
    const sum = (field) => doc.pools.reduce((n, p) => n + p[field], 0);
    $('kpi-clients-active').textContent = sum('cl_active');
    $('kpi-clients-waiting').textContent = sum('cl_waiting');
    $('kpi-clients-waiting').className = sum('cl_waiting') > 0 ? 'value hot' : 'value';
    $('kpi-servers').textContent = sum('sv_active') + ' / ' + sum('sv_idle') + ' / ' + sum('sv_used');

    const rows = doc.pools.map((p) => {
      const tr = document.createElement('tr');
      tr.dataset.pool = p.database + '/' + p.user;
      cell(tr, p.database);
      cell(tr, p.user);
      cell(tr, p.pool_mode);
      cell(tr, p.cl_active, 'num');
      cell(tr, p.cl_waiting, p.cl_waiting > 0 ? 'num hot' : 'num');
      cell(tr, p.sv_active, 'num');
      cell(tr, p.sv_idle, 'num');
      cell(tr, p.sv_used, 'num');
      cell(tr, p.sv_total + ' / ' + p.pool_size, 'num');
      cell(tr, micros(p.maxwait * 1e6 + p.maxwait_us), 'num');
      const server = cell(tr, '');
      (p.hosts || []).forEach((h) => {
        const line = document.createElement('div');
        line.textContent = h.host + ':' + h.port + '/' + p.target.database + ' ';
        const state = document.createElement('span');
        state.className = 'badge ' + h.state;
        state.textContent = h.state === 'ejected' ? 'ejected ' + Math.ceil(h.ejected_for_ms / 1000) + ' s' : h.state;
        if (h.last_error) {
          state.title = h.last_error;
        }
        line.appendChild(state);
        if (h.role !== 'unknown') {
          const role = document.createElement('span');
          role.className = 'role';
          role.textContent = ' ' + h.role;
          line.appendChild(role);
        }
        server.appendChild(line);
      });
      const breaker = cell(tr, '');
      const badge = document.createElement('span');
      badge.className = 'badge ' + p.breaker;
      badge.textContent = p.breaker.replace('_', ' ');
      breaker.appendChild(badge);
      if (p.paused) {
        const paused = document.createElement('span');
        paused.className = 'badge paused';
        paused.textContent = 'paused';
        breaker.appendChild(paused);
      }
      return tr;
    });
    fill(document.querySelector('#pools tbody'), rows, 'no pools yet: a pool opens when its first client logs in', 12);
  }

  function showWaiting(doc) {
    $('waiting-total').textContent = doc.total > doc.clients.length ? '(' + doc.clients.length + ' of ' + doc.total + ')' : '';
    const rows = doc.clients.map((c) => {
      const tr = document.createElement('tr');
      cell(tr, c.user);
      cell(tr, c.database);
      cell(tr, c.addr + ':' + c.port);
      cell(tr, micros(c.wait * 1e6 + c.wait_us), 'num hot');
      cell(tr, c.connect_time);
      cell(tr, c.application_name);
      return tr;
    });
    fill(document.querySelector('#waiting tbody'), rows, 'nobody is waiting', 6);
  }

  function showStats(doc) {
    $('stats-period').textContent = '(rates over the last ' + doc.stats_period_seconds + ' s)';
    let transactions = 0;
    const rows = doc.databases
      .filter((d) => d.database !== 'pgbouncer')
      .map((d) => {
        transactions += d.total_xact_count;
        const tr = document.createElement('tr');
        cell(tr, d.database);
        cell(tr, rate(d.avg_xact_count), 'num');
        cell(tr, rate(d.avg_query_count), 'num');
        cell(tr, micros(d.avg_xact_time), 'num');
        cell(tr, micros(d.avg_query_time), 'num');
        cell(tr, whole.format(d.total_xact_count), 'num');
        return tr;
      });
    fill(document.querySelector('#stats tbody'), rows, 'no traffic yet', 6);
    $('kpi-xacts').textContent = whole.format(transactions);
  }

  // ---- polling

  function status(live, text) {
    $('status').className = 'status ' + (live ? 'live' : 'down');
    $('status-text').textContent = text;
  }

  async function tick() {
    try {
      const since = lastSampleAt === null ? '' : '?since=' + lastSampleAt;
      const [pools, history, waiting, stats] = await Promise.all([
        get('api/pools'),
        get('api/history' + since),
        get('api/clients?state=waiting&order=wait&limit=10'),
        get('api/stats'),
      ]);
      showPools(pools);
      addSamples(history.samples);
      showWaiting(waiting);
      showStats(stats);
      status(true, 'live · ' + clock(pools.at));
    } catch (e) {
      if (e instanceof AuthNeeded) {
        $('auth').hidden = false;
        status(false, 'credentials needed');
      } else {
        status(false, 'cannot read the proxy: ' + e.message);
      }
    } finally {
      setTimeout(tick, POLL_MS);
    }
  }

  readToken();
  tick();
})();
