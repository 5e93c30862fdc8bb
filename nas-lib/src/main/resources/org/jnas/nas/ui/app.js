// JNAS dashboard: a single-page app over /api/... with live updates by server-sent events.
// Every user-provided text (labels, values, logs, errors) reaches the page as a text node or an
// attribute value, never as HTML.
'use strict';
(function () {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const STATUSES = ['WAITING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'EARLY_STOPPED', 'CANCELLED'];

  const state = {
    info: null,          // {current, store}
    expId: null,         // the experiment shown
    exp: null,           // its overview (config, status, limits)
    trials: new Map(),   // id -> trial summary, updated by events
    es: null,            // the EventSource
    live: 'off',
    sort: { key: 'id', dir: 1 },
    filter: 'ALL',
    detail: null,        // the trial detail shown
    controls: null,      // the control panel, kept across renders so typed values survive
    renderTimer: null,
    error: null,
  };

  // ---- DOM helpers -------------------------------------------------------------------------
  function build(ns, tag, attrs, children) {
    const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.setAttribute('class', v);
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'width%') el.style.width = v + '%';
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) append(el, c);
      else if (c instanceof Node) el.appendChild(c);
      else el.appendChild(document.createTextNode(String(c)));
    }
  }
  const h = (tag, attrs, ...children) => build(null, tag, attrs, children);
  const s = (tag, attrs, ...children) => build(SVG_NS, tag, attrs, children);
  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;

  // ---- formatting --------------------------------------------------------------------------
  function fmt(v) {
    if (v === null || v === undefined) return '–';
    if (typeof v !== 'number') return typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(3);
    return String(Number(v.toPrecision(4)));
  }
  function fmtDur(ms) {
    if (ms === null || ms === undefined) return '–';
    const sec = ms / 1000;
    if (sec < 60) return (sec < 10 ? sec.toFixed(1) : Math.round(sec)) + 's';
    const m = Math.floor(sec / 60), h2 = Math.floor(m / 60);
    if (h2 > 0) return h2 + 'h ' + (m % 60) + 'm';
    return m + 'm ' + Math.round(sec % 60) + 's';
  }
  function fmtTime(ms) {
    return ms ? new Date(ms).toLocaleString() : '–';
  }
  const badge = (status) => h('span', { class: 'badge ' + status, 'data-status': status, text: status });
  const trialHref = (id) => '#/e/' + enc(state.expId) + '/trials/' + id;
  function trialDuration(t) {
    if (!t.started) return null;
    return (t.ended || Date.now()) - t.started;
  }
  const isDone = (st) => st !== 'WAITING' && st !== 'RUNNING';
  const better = (a, b) => (state.exp && state.exp.direction === 'MINIMIZE') ? a < b : a > b;

  // ---- data --------------------------------------------------------------------------------
  async function api(path, options) {
    const r = await fetch(path, options);
    let body = null;
    try { body = await r.json(); } catch (e) { /* not JSON */ }
    if (!r.ok) throw new Error((body && body.error) || (r.status + ' ' + r.statusText));
    return body;
  }
  const expPath = () => '/api/experiments/' + enc(state.expId);

  // An event and a snapshot may cross: keep whichever copy of a trial is further along.
  function rank(t) {
    return (isDone(t.status) ? 2 : t.status === 'RUNNING' ? 1 : 0) * 1e6 + (t.intermediates || []).length;
  }
  function upsert(t) {
    const old = state.trials.get(t.id);
    if (!old || rank(t) >= rank(old)) state.trials.set(t.id, t);
  }
  function trialList() {
    return Array.from(state.trials.values()).sort((a, b) => a.id - b.id);
  }
  function labels() {
    if (state.exp && state.exp.choices.length) return state.exp.choices.map((c) => c.label);
    const seen = [];
    for (const t of trialList()) for (const k of Object.keys(t.sample)) if (!seen.includes(k)) seen.push(k);
    return seen;
  }
  function bestTrials(k) {
    return trialList()
      .filter((t) => t.status === 'SUCCEEDED' && t.metric !== null)
      .sort((a, b) => (a.metric === b.metric ? a.id - b.id : better(a.metric, b.metric) ? -1 : 1))
      .slice(0, k);
  }

  async function reload() {
    const id = state.expId;
    try {
      const [exp, trials] = await Promise.all([api(expPath()), api(expPath() + '/trials')]);
      if (id !== state.expId) return;
      state.exp = exp;
      state.error = null;
      trials.forEach(upsert);
    } catch (e) {
      state.error = e.message;
    }
    render();
  }
  async function reloadOverview() {
    try { state.exp = await api(expPath()); } catch (e) { state.error = e.message; }
    render();
  }

  function connect(id) {
    if (state.es) state.es.close();
    state.expId = id; state.exp = null; state.trials = new Map(); state.detail = null;
    state.controls = null; state.error = null; state.sort = { key: 'id', dir: 1 }; state.filter = 'ALL';
    openStream();
    reload();
  }
  function openStream() {
    const id = state.expId;
    const es = new EventSource(expPath() + '/events');
    state.es = es;
    const onTrial = (e) => { const t = JSON.parse(e.data); upsert(t); refreshDetail(t.id); scheduleRender(); };
    es.addEventListener('hello', () => { setLive('on'); reload(); });   // also after each reconnect
    es.addEventListener('trialStarted', onTrial);
    es.addEventListener('intermediate', onTrial);
    es.addEventListener('trialEnded', onTrial);
    es.addEventListener('experimentEnded', reloadOverview);
    es.addEventListener('resync', reload);
    es.onerror = () => {
      setLive('off');
      // The browser retries by itself after a network error, not after an HTTP error (e.g. 503).
      if (es.readyState === EventSource.CLOSED) {
        setTimeout(() => { if (state.es === es && state.expId === id) openStream(); }, 5000);
      }
    };
  }
  function setLive(v) {
    state.live = v;
    const el = $('live');
    el.className = 'live ' + (v === 'on' ? 'on' : 'off');
    el.textContent = v === 'on' ? 'live' : 'reconnecting…';
  }

  // ---- routing -----------------------------------------------------------------------------
  function parseRoute() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter((p) => p.length).map(decodeURIComponent);
    if (parts[0] === 'experiments') return { page: 'list' };
    if (parts[0] === 'e' && parts[1] !== undefined) {
      const r = { page: 'overview', id: parts[1] };
      if (parts[2] === 'trials') { r.page = parts[3] !== undefined ? 'trial' : 'trials'; r.trial = parts[3]; }
      if (parts[2] === 'charts') r.page = 'charts';
      return r;
    }
    return state.info && state.info.current ? { page: 'overview', id: state.info.current } : { page: 'list' };
  }
  function onRoute() {
    const r = parseRoute();
    if (r.id !== undefined && r.id !== state.expId) connect(r.id);
    if (r.page === 'trial') loadDetail(r.trial);
    render();
  }

  // ---- rendering ---------------------------------------------------------------------------
  function scheduleRender() {
    if (state.renderTimer) return;
    state.renderTimer = setTimeout(() => { state.renderTimer = null; render(); }, 150);
  }

  function render() {
    const r = parseRoute();
    renderHeader(r);
    const main = $('main');
    let page;
    if (r.page === 'list') page = renderList();
    else if (state.error && !state.exp) page = h('div', { class: 'banner err', text: state.error });
    else if (!state.exp) page = h('p', { class: 'muted', text: 'Loading…' });
    else if (r.page === 'trials') page = renderTrials();
    else if (r.page === 'trial') page = renderTrial(r.trial);
    else if (r.page === 'charts') page = renderCharts();
    else page = renderOverview();
    // Keep the scroll position: a live re-render must not jump the page.
    // Nor lose the input the user is typing in (the control panel is kept across renders).
    const y = window.scrollY, focused = document.activeElement;
    main.replaceChildren(page);
    window.scrollTo(0, y);
    if (focused && focused !== document.body && page.contains(focused)) focused.focus();
  }

  function renderHeader(r) {
    const exp = r.page === 'list' ? null : state.exp;
    $('exp-title').textContent = exp ? exp.name : '';
    document.title = exp ? exp.name + ' – JNAS' : 'JNAS dashboard';
    $('exp-status').replaceChildren(exp ? badge(exp.status) : '');
    const links = [];
    if (state.expId !== null && r.page !== 'list') {
      const base = '#/e/' + enc(state.expId);
      links.push(['Overview', base, r.page === 'overview'], ['Trials', base + '/trials', r.page === 'trials' || r.page === 'trial'],
        ['Charts', base + '/charts', r.page === 'charts']);
    } else if (state.info && state.info.current) {
      links.push(['Current experiment', '#/e/' + enc(state.info.current), false]);
    }
    links.push(['Experiments', '#/experiments', r.page === 'list']);
    $('nav').replaceChildren(...links.map(([t, href, on]) => h('a', { href, class: on ? 'active' : null, text: t })));
    if (r.page === 'list' || (exp && exp.readOnly)) {
      $('live').className = 'live'; $('live').textContent = exp && exp.readOnly ? 'read-only view' : '';
    } else {
      setLive(state.live);
    }
  }

  function card(label, value, sub, extra) {
    return h('div', { class: 'card' }, h('div', { class: 'label', text: label }),
      h('div', { class: 'value' }, value), sub ? h('div', { class: 'sub' }, sub) : null, extra || null);
  }

  function renderOverview() {
    const exp = state.exp, trials = trialList();
    const count = (st) => trials.filter((t) => t.status === st).length;
    const done = trials.filter((t) => isDone(t.status)).length;
    const max = exp.maxTrials;
    const pct = max ? Math.min(100, 100 * done / max) : 0;
    const best = bestTrials(5);
    const elapsed = h('span', { class: 'tick', 'data-start': exp.startTime || '', 'data-end': exp.endTime || '' },
      exp.startTime ? fmtDur((exp.endTime || Date.now()) - exp.startTime) : '–');
    return h('div', {},
      state.error ? h('div', { class: 'banner err', text: state.error }) : null,
      exp.readOnly ? h('div', { class: 'banner', text: 'Viewed from the store: read-only. Resume the experiment in Java to continue it.' }) : null,
      h('div', { class: 'cards' },
        card('Status', badge(exp.status), exp.direction === 'MAXIMIZE' ? 'maximizing the metric' : 'minimizing the metric'),
        card('Progress', h('span', { id: 'progress' }, done + ' / ' + (max === null ? '∞' : max)), 'trials done',
          h('div', { class: 'bar' }, h('div', { 'width%': pct }))),
        card('Running', String(count('RUNNING')), 'concurrency ' + exp.trialConcurrency),
        card('Failed', String(count('FAILED')), count('EARLY_STOPPED') + ' early-stopped, ' + count('CANCELLED') + ' cancelled'),
        card('Elapsed', elapsed, exp.startTime ? 'since ' + fmtTime(exp.startTime) : 'not started'),
        card('Best metric', best.length ? h('a', { href: trialHref(best[0].id), text: fmt(best[0].metric) }) : '–',
          best.length ? 'trial ' + best[0].id : 'no trial succeeded yet')),
      renderControls(),
      h('div', { class: 'grid2' },
        h('div', {},
          h('section', { class: 'panel scroll' }, h('h2', { text: 'Best trials' }), bestTable(best)),
          h('section', { class: 'panel' }, h('h2', { text: 'Search space' }), spaceTable())),
        h('section', { class: 'panel' }, h('h2', { text: 'Configuration' }), configTable())));
  }

  function renderControls() {
    const exp = state.exp;
    if (exp.readOnly) return null;
    if (!state.controls) {
      const msg = h('div', { class: 'msg', id: 'control-msg' });
      const conc = h('input', { type: 'number', min: 1, step: 1, id: 'concurrency-input', 'aria-label': 'trial concurrency',
        onkeydown: (e) => { if (e.key === 'Enter') concBtn.click(); } });
      const maxIn = h('input', { type: 'number', min: 1, step: 1, id: 'max-trials-input', 'aria-label': 'max trials',
        onkeydown: (e) => { if (e.key === 'Enter') maxBtn.click(); } });
      const post = async (path, body, what) => {
        msg.className = 'msg'; msg.textContent = '…';
        try {
          state.exp = await api(expPath() + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
          msg.className = 'msg ok'; msg.textContent = what;
        } catch (e) {
          msg.className = 'msg err'; msg.textContent = e.message;
        }
        render();
      };
      const stopBtn = h('button', { class: 'btn danger', id: 'stop-button', text: 'Stop experiment',
        onclick: () => { if (confirm('Stop the experiment? Running trials are cancelled.')) post('/stop', {}, 'Stop requested.'); } });
      const concBtn = h('button', { class: 'btn secondary', id: 'concurrency-apply', text: 'Apply',
        onclick: () => post('/config', { trialConcurrency: Number(conc.value) }, 'Trial concurrency set to ' + conc.value + '.') });
      const maxBtn = h('button', { class: 'btn secondary', id: 'max-trials-apply', text: 'Apply',
        onclick: () => post('/config', { maxTrials: Number(maxIn.value) }, 'Max trials set to ' + maxIn.value + '.') });
      state.controls = { node: h('section', { class: 'panel' }, h('h2', { text: 'Controls' }),
        h('div', { class: 'controls' },
          h('label', {}, 'Trial concurrency', h('div', { class: 'row' }, conc, concBtn)),
          h('label', {}, 'Max trials', h('div', { class: 'row' }, maxIn, maxBtn)),
          stopBtn), msg), inputs: [conc, maxIn], buttons: [stopBtn, concBtn, maxBtn] };
    }
    const c = state.controls;
    const ended = isDoneExp(exp.status);
    c.inputs[0].placeholder = String(exp.trialConcurrency);
    c.inputs[1].placeholder = exp.maxTrials === null ? '∞' : String(exp.maxTrials);
    for (const el of c.inputs.concat(c.buttons)) el.disabled = ended || exp.status === 'STOPPING';
    return c.node;
  }
  function isDoneExp(st) { return st === 'DONE' || st === 'STOPPED' || st === 'CRASHED'; }

  function bestTable(best) {
    if (!best.length) return h('div', { class: 'empty', text: 'No trial has succeeded yet.' });
    const ls = labels();
    return h('table', {},
      h('thead', {}, h('tr', {}, h('th', { text: 'Trial' }), h('th', { class: 'num', text: 'Metric' }),
        ls.map((l) => h('th', { text: l })), h('th', { class: 'num', text: 'Duration' }))),
      h('tbody', {}, best.map((t, i) => h('tr', { class: 'click' + (i === 0 ? ' best' : ''), onclick: () => { location.hash = trialHref(t.id); } },
        h('td', {}, h('a', { href: trialHref(t.id), text: '#' + t.id })), h('td', { class: 'num', text: fmt(t.metric) }),
        ls.map((l) => h('td', { text: fmt(t.sample[l]) })), h('td', { class: 'num', text: fmtDur(trialDuration(t)) })))));
  }
  function spaceTable() {
    const cs = state.exp.choices;
    if (!cs.length) return h('div', { class: 'empty', text: 'Labels: ' + (labels().join(', ') || 'none yet') });
    return h('table', {}, h('thead', {}, h('tr', {}, h('th', { text: 'Label' }), h('th', { text: 'Kind' }), h('th', { text: 'Candidates' }))),
      h('tbody', {}, cs.map((c) => h('tr', {}, h('td', { text: c.label }), h('td', { text: c.kind }),
        h('td', { text: c.candidates.map(fmt).join(', ') })))));
  }
  function configTable() {
    const rows = [['id', state.exp.id], ['direction', state.exp.direction]].concat(Object.entries(state.exp.config));
    return h('table', { class: 'kv' }, h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', { text: k }), h('td', { text: fmt(v) })))));
  }

  // ---- trial table -------------------------------------------------------------------------
  function renderTrials() {
    const all = trialList(), ls = labels();
    const counts = {};
    for (const t of all) counts[t.status] = (counts[t.status] || 0) + 1;
    const filters = h('div', { class: 'filters', id: 'status-filter' },
      ['ALL'].concat(STATUSES.filter((st) => counts[st])).map((st) => h('button', {
        class: state.filter === st ? 'active' : null, 'data-filter': st,
        text: (st === 'ALL' ? 'All' : st) + ' (' + (st === 'ALL' ? all.length : counts[st]) + ')',
        onclick: () => { state.filter = st; render(); } })));
    const rows = all.filter((t) => state.filter === 'ALL' || t.status === state.filter);
    const key = state.sort.key, dir = state.sort.dir;
    const val = (t) => key === 'id' ? t.id : key === 'status' ? STATUSES.indexOf(t.status) : key === 'metric' ? t.metric
      : key === 'duration' ? trialDuration(t) : key === 'device' ? t.device : key === 'steps' ? t.intermediates.length : t.sample[key.slice(2)];
    rows.sort((a, b) => {
      const x = val(a), y = val(b);
      if (x === y) return a.id - b.id;
      if (x === null || x === undefined) return 1;      // missing values last, either way
      if (y === null || y === undefined) return -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
    });
    const th = (label, k, num) => h('th', { class: 'sortable' + (num ? ' num' : ''), 'data-sort': k,
      onclick: () => { state.sort = { key: k, dir: state.sort.key === k ? -state.sort.dir : (k === 'metric' && state.exp.direction === 'MAXIMIZE' ? -1 : 1) }; render(); } },
      label, key === k ? h('span', { class: 'arrow', text: dir > 0 ? ' ▲' : ' ▼' }) : null);
    const bestId = (bestTrials(1)[0] || {}).id;
    const table = h('table', { id: 'trial-table' },
      h('thead', {}, h('tr', {}, th('Trial', 'id'), th('Status', 'status'), ls.map((l) => th(l, 's:' + l)),
        th('Metric', 'metric', true), th('Intermediates', 'steps'), th('Duration', 'duration', true), th('Device', 'device'))),
      h('tbody', {}, rows.map((t) => h('tr', { class: 'click' + (t.id === bestId ? ' best' : ''), 'data-trial': t.id,
        onclick: () => { location.hash = trialHref(t.id); } },
        h('td', {}, h('a', { href: trialHref(t.id), text: '#' + t.id })),
        h('td', { class: 'status' }, badge(t.status)),
        ls.map((l) => h('td', { text: fmt(t.sample[l]) })),
        h('td', { class: 'num metric', text: fmt(t.metric) }),
        h('td', {}, spark(t.intermediates), ' ', h('span', { class: 'muted', text: t.intermediates.length || '' })),
        h('td', { class: 'num' }, h('span', { class: t.ended ? null : 'tick', 'data-start': t.started || '' }, fmtDur(trialDuration(t)))),
        h('td', { text: t.device || '–' })))));
    return h('section', { class: 'panel scroll' }, filters,
      rows.length ? table : h('div', { class: 'empty', text: all.length ? 'No trial with this status.' : 'No trials yet.' }));
  }

  function spark(values) {
    const pts = values.map((v, i) => [i, v]).filter((p) => p[1] !== null);
    if (pts.length < 2) return null;
    const ys = pts.map((p) => p[1]), lo = Math.min(...ys), hi = Math.max(...ys);
    const x = (i) => 2 + 86 * i / (values.length - 1), y = (v) => 20 - 18 * (hi === lo ? 0.5 : (v - lo) / (hi - lo));
    return s('svg', { class: 'spark', viewBox: '0 0 90 22' },
      s('polyline', { points: pts.map((p) => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' '), fill: 'none', stroke: '#2f6fde', 'stroke-width': 1.5 }));
  }

  // ---- trial detail ------------------------------------------------------------------------
  let detailTimer = null;
  async function loadDetail(idText) {
    try {
      const d = await api(expPath() + '/trials/' + enc(idText));
      if (String(d.id) === String(parseRoute().trial)) { state.detail = d; render(); }
    } catch (e) {
      state.detail = { missing: idText, error: e.message };
      render();
    }
  }
  function refreshDetail(id) {
    const r = parseRoute();
    if (r.page !== 'trial' || String(id) !== String(r.trial) || detailTimer) return;
    detailTimer = setTimeout(() => { detailTimer = null; loadDetail(r.trial); }, 300);
  }

  function renderTrial(idText) {
    const d = state.detail;
    if (!d || (d.missing === undefined && String(d.id) !== String(idText))) return h('p', { class: 'muted', text: 'Loading trial…' });
    if (d.missing !== undefined) return h('div', { class: 'banner err', text: d.error });
    const t = state.trials.get(d.id) || d;
    const metrics = Object.entries(d.finalMetrics);
    return h('div', {},
      h('h1', {}, 'Trial ' + d.id, badge(t.status)),
      h('div', { class: 'grid2' },
        h('div', {},
          h('section', { class: 'panel' }, h('h2', { text: 'Sample' }),
            h('table', { class: 'kv', id: 'sample-table' }, h('tbody', {}, Object.entries(d.sample).map(([k, v]) =>
              h('tr', {}, h('th', { text: k }), h('td', { text: fmt(v) })))))),
          h('section', { class: 'panel' }, h('h2', { text: 'Result' }),
            h('table', { class: 'kv' }, h('tbody', {},
              metrics.length ? metrics.map(([k, v]) => h('tr', {}, h('th', { text: k === 'default' ? 'final metric' : 'final ' + k }), h('td', { text: fmt(v) })))
                : h('tr', {}, h('th', { text: 'metric' }), h('td', { text: '–' })),
              h('tr', {}, h('th', { text: 'device' }), h('td', { text: d.device || '–' })),
              h('tr', {}, h('th', { text: 'submitted' }), h('td', { text: fmtTime(d.submitted) })),
              h('tr', {}, h('th', { text: 'started' }), h('td', { text: fmtTime(d.started) })),
              h('tr', {}, h('th', { text: 'ended' }), h('td', { text: fmtTime(d.ended) })),
              h('tr', {}, h('th', { text: 'duration' }), h('td', { text: fmtDur(trialDuration(d)) })))))),
        h('section', { class: 'panel' }, h('h2', { text: 'Intermediate results' }),
          d.intermediates.length ? curveChart([d], 520, 300, d.id) : h('div', { class: 'empty', text: 'No intermediate results reported.' }))),
      d.error ? h('section', { class: 'panel' }, h('h2', { text: 'Error' }), h('pre', { class: 'error', id: 'trial-error', text: d.error })) : null,
      d.hasArchitecture ? h('section', { class: 'panel' }, h('h2', { text: 'Architecture' }),
        h('img', { class: 'arch', alt: 'architecture of trial ' + d.id, src: expPath() + '/trials/' + d.id + '/architecture.svg' })) : null,
      h('section', { class: 'panel' }, h('h2', { text: 'Log' }),
        d.log.length ? h('pre', { id: 'trial-log', text: d.log.join('\n') }) : h('div', { class: 'empty', text: 'Nothing logged.' })));
  }

  // ---- charts ------------------------------------------------------------------------------
  function ticks(lo, hi, n) {
    if (lo === hi) { lo -= 1; hi += 1; }
    const step0 = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= step0);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
    return out;
  }
  function extent(values, pad) {
    let lo = Math.min(...values), hi = Math.max(...values);
    if (lo === hi) { lo -= Math.abs(lo) * 0.05 || 1; hi += Math.abs(hi) * 0.05 || 1; }
    const p = (hi - lo) * (pad || 0);
    return [lo - p, hi + p];
  }
  /** Axes and scales; categorical x when xCats is given. */
  function frame(w, ht, xd, yd, opt) {
    const m = { l: 54, r: 14, t: 12, b: 38 };
    const iw = w - m.l - m.r, ih = ht - m.t - m.b;
    const x = opt.xCats ? (i) => m.l + iw * (i + 0.5) / opt.xCats.length : (v) => m.l + iw * (v - xd[0]) / (xd[1] - xd[0]);
    const y = (v) => m.t + ih * (1 - (v - yd[0]) / (yd[1] - yd[0]));
    const svg = s('svg', { class: 'chart', viewBox: '0 0 ' + w + ' ' + ht, role: 'img', 'aria-label': opt.title || 'chart' });
    for (const v of ticks(yd[0], yd[1], 5)) {
      if (v < yd[0] || v > yd[1]) continue;
      svg.appendChild(s('line', { class: 'gridline', x1: m.l, x2: w - m.r, y1: y(v), y2: y(v) }));
      svg.appendChild(s('text', { x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end', text: fmt(v) }));
    }
    if (opt.xCats) {
      opt.xCats.forEach((c, i) => svg.appendChild(s('text', { x: x(i), y: ht - m.b + 16, 'text-anchor': 'middle', text: fmt(c) })));
    } else {
      for (const v of ticks(xd[0], xd[1], 6)) {
        if (v < xd[0] || v > xd[1] || (opt.integerX && !Number.isInteger(v))) continue;
        svg.appendChild(s('text', { x: x(v), y: ht - m.b + 16, 'text-anchor': 'middle', text: fmt(v) }));
      }
    }
    svg.appendChild(s('line', { class: 'axis', x1: m.l, x2: w - m.r, y1: ht - m.b, y2: ht - m.b }));
    svg.appendChild(s('line', { class: 'axis', x1: m.l, x2: m.l, y1: m.t, y2: ht - m.b }));
    svg.appendChild(s('text', { x: m.l + iw / 2, y: ht - 4, 'text-anchor': 'middle', text: opt.xLabel }));
    svg.appendChild(s('text', { x: 12, y: m.t + ih / 2, 'text-anchor': 'middle', transform: 'rotate(-90 12 ' + (m.t + ih / 2) + ')', text: opt.yLabel }));
    return { svg, x, y };
  }
  const go = (id) => () => { location.hash = trialHref(id); };

  function metricChart() {
    const done = trialList().filter((t) => t.metric !== null);
    if (!done.length) return h('div', { class: 'empty', text: 'No final metrics yet.' });
    const all = trialList();
    const f = frame(640, 300, extent([0.5, all[all.length - 1].id + 0.5]), extent(done.map((t) => t.metric), 0.08),
      { xLabel: 'trial', yLabel: 'final metric', integerX: true, title: 'final metric per trial' });
    let best = null;
    const stepPts = [];
    for (const t of done) {
      if (best === null || better(t.metric, best)) {
        if (best !== null) stepPts.push([f.x(t.id), f.y(best)]);
        best = t.metric;
      }
      stepPts.push([f.x(t.id), f.y(best)]);
    }
    stepPts.push([f.x(all[all.length - 1].id), f.y(best)]);
    f.svg.appendChild(s('polyline', { class: 'best-line', points: stepPts.map((p) => p.join(',')).join(' ') }));
    for (const t of done) {
      f.svg.appendChild(s('circle', { class: 'dot', cx: f.x(t.id), cy: f.y(t.metric), r: 4.5, fill: t.metric === best ? '#1f9254' : '#2f6fde', onclick: go(t.id) },
        s('title', { text: 'trial ' + t.id + ': ' + fmt(t.metric) })));
    }
    return h('div', {}, f.svg, h('div', { class: 'legend' }, h('span', {}, h('span', { class: 'sw pt' }), 'final metric of a trial'),
      h('span', {}, h('span', { class: 'sw best' }), 'best so far')));
  }

  function curveChart(trials, w, ht, highlight) {
    const withCurves = trials.filter((t) => t.intermediates.some((v) => v !== null));
    if (!withCurves.length) return h('div', { class: 'empty', text: 'No intermediate results yet.' });
    const ys = [], maxStep = Math.max(...withCurves.map((t) => t.intermediates.length));
    withCurves.forEach((t) => t.intermediates.forEach((v) => { if (v !== null) ys.push(v); }));
    const f = frame(w, ht, maxStep > 1 ? [1, maxStep] : [0.5, 1.5], extent(ys, 0.08),
      { xLabel: 'step', yLabel: 'intermediate metric', integerX: true, title: 'intermediate results' });
    const ordered = withCurves.slice().sort((a, b) => (a.id === highlight) - (b.id === highlight));
    for (const t of ordered) {
      const pts = t.intermediates.map((v, i) => [i + 1, v]).filter((p) => p[1] !== null);
      const hot = t.id === highlight;
      const color = hot ? '#1f9254' : t.status === 'RUNNING' ? '#9ab7ee' : t.status === 'SUCCEEDED' ? '#2f6fde' : '#b9bfcc';
      const line = s('polyline', { class: 'curve', stroke: color, 'stroke-width': hot ? 2.5 : 1.5, 'stroke-opacity': hot ? 1 : 0.7,
        points: pts.map((p) => f.x(p[0]).toFixed(1) + ',' + f.y(p[1]).toFixed(1)).join(' '), onclick: go(t.id) },
        s('title', { text: 'trial ' + t.id }));
      f.svg.appendChild(line);
      if (hot || withCurves.length <= 12) {   // dots on every curve only while they stay readable
        for (const p of pts) f.svg.appendChild(s('circle', { cx: f.x(p[0]), cy: f.y(p[1]), r: 2.5, fill: color }));
      }
    }
    return f.svg;
  }

  function choiceCharts() {
    const done = trialList().filter((t) => t.metric !== null);
    const ls = labels();
    if (!done.length || !ls.length) return h('div', { class: 'empty', text: 'No final metrics yet.' });
    const yd = extent(done.map((t) => t.metric), 0.08);
    return h('div', { class: 'small-multiples' }, ls.map((label) => {
      const choice = (state.exp.choices || []).find((c) => c.label === label);
      const key = (v) => JSON.stringify(v);
      const cats = choice ? choice.candidates.slice() : [];
      for (const t of done) if (t.sample[label] !== undefined && !cats.some((c) => key(c) === key(t.sample[label]))) cats.push(t.sample[label]);
      const f = frame(340, 220, null, yd, { xCats: cats, xLabel: label, yLabel: 'final metric', title: 'metric by ' + label });
      cats.forEach((c, i) => {
        const vals = done.filter((t) => key(t.sample[label]) === key(c));
        vals.forEach((t, j) => {
          const jitter = ((j * 7919) % 13 - 6) * 1.6;
          f.svg.appendChild(s('circle', { class: 'dot', cx: f.x(i) + jitter, cy: f.y(t.metric), r: 4, fill: '#2f6fde', 'fill-opacity': 0.6, onclick: go(t.id) },
            s('title', { text: 'trial ' + t.id + ': ' + fmt(t.metric) })));
        });
        if (vals.length) {
          const mean = vals.reduce((a, t) => a + t.metric, 0) / vals.length;
          f.svg.appendChild(s('line', { class: 'mean', x1: f.x(i) - 16, x2: f.x(i) + 16, y1: f.y(mean), y2: f.y(mean) },
            s('title', { text: 'mean ' + fmt(mean) + ' over ' + vals.length + ' trials' })));
        }
      });
      return h('div', { class: 'choice-chart' }, f.svg);
    }));
  }

  function renderCharts() {
    const best = bestTrials(1)[0];
    return h('div', {},
      h('div', { class: 'charts' },
        h('section', { class: 'panel', id: 'chart-metric' }, h('h2', { text: 'Final metric per trial' }), metricChart()),
        h('section', { class: 'panel', id: 'chart-curves' }, h('h2', { text: 'Intermediate results of all trials' }),
          curveChart(trialList(), 640, 300, best ? best.id : null),
          h('div', { class: 'legend' }, h('span', {}, h('span', { class: 'sw best' }), 'best trial'),
            h('span', {}, h('span', { class: 'sw pt' }), 'succeeded'), h('span', {}, h('span', { class: 'sw run' }), 'running')))),
      h('section', { class: 'panel', id: 'chart-choices' }, h('h2', { text: 'Final metric by choice value (bar: mean)' }), choiceCharts()));
  }

  // ---- stored experiments ------------------------------------------------------------------
  let listData = null, listLoading = false;
  async function loadList() {
    if (listLoading) return;
    listLoading = true;
    try { listData = await api('/api/experiments'); } catch (e) { listData = { experiments: [], storeError: e.message }; }
    listLoading = false;
    if (parseRoute().page === 'list') render();
  }
  function renderList() {
    if (!listData) { loadList(); return h('p', { class: 'muted', text: 'Loading experiments…' }); }
    const list = listData.experiments;
    return h('div', {},
      h('h1', { text: 'Experiments' }),
      listData.storeError ? h('div', { class: 'banner err', text: listData.storeError }) : null,
      state.info && !state.info.store ? h('div', { class: 'banner', text: 'No store attached: only the current experiment is listed.' }) : null,
      h('section', { class: 'panel scroll' }, list.length ? h('table', { id: 'experiment-table' },
        h('thead', {}, h('tr', {}, ['Name', 'Id', 'Status', 'Trials', 'Succeeded', 'Best metric', 'Started', 'Duration']
          .map((t, i) => h('th', { class: i >= 3 && i <= 5 ? 'num' : null, text: t })))),
        h('tbody', {}, list.map((e) => h('tr', { class: 'click', onclick: () => { location.hash = '#/e/' + enc(e.id); } },
          h('td', {}, h('a', { href: '#/e/' + enc(e.id), text: e.name }), e.live ? h('span', { class: 'tag', text: 'live' }) : null),
          h('td', { class: 'muted', text: e.id }), h('td', {}, badge(e.status)),
          h('td', { class: 'num', text: e.trials }), h('td', { class: 'num', text: e.succeeded }),
          h('td', { class: 'num', text: fmt(e.bestMetric) }), h('td', { text: fmtTime(e.started) }),
          h('td', { text: e.started && (e.ended || e.live) ? fmtDur((e.ended || Date.now()) - e.started) : '–' })))))
        : h('div', { class: 'empty', text: 'No stored experiments.' })),
      h('button', { class: 'btn secondary', text: 'Refresh', onclick: () => { listData = null; render(); } }));
  }

  // ---- start -------------------------------------------------------------------------------
  function tick() {
    for (const el of document.querySelectorAll('.tick')) {
      const start = Number(el.getAttribute('data-start')), end = Number(el.getAttribute('data-end') || 0);
      if (start && !end) el.textContent = fmtDur(Date.now() - start);
    }
  }

  async function start() {
    try {
      state.info = await api('/api/dashboard');
    } catch (e) {
      $('main').replaceChildren(h('div', { class: 'banner err', text: 'Cannot reach the dashboard: ' + e.message }));
      return;
    }
    window.addEventListener('hashchange', () => { if (parseRoute().page === 'list') listData = null; onRoute(); });
    setInterval(tick, 1000);
    onRoute();
  }
  start();
})();
