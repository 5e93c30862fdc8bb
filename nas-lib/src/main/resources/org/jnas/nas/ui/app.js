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
    page: null,          // the page of the trial table shown: {trials, total, all, counts, ...}
    query: null,         // what that page asks the server for: {offset, sort, order, status}
    es: null,            // the EventSource; null while the page is hidden
    paused: false,       // the page is hidden: its event stream is closed until it shows again
    live: 'off',
    charts: new Map(),   // chart URL -> its <img>, kept across renders so that it is fetched once
    chartVersion: null,  // {v, at}: the trials the charts show, and when they were last drawn
    refreshTimer: null,
    detail: null,        // the trial detail shown
    controls: null,      // the control panel, kept across renders so typed values survive
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
  // the share (%) of a maximum duration of limit ms gone, deadline (epoch ms) being when it is up
  function timeGone(deadline, limit) {
    return Math.max(0, Math.min(100, 100 * (1 - (deadline - Date.now()) / limit)));
  }
  function fmtTime(ms) {
    return ms ? new Date(ms).toLocaleString() : '–';
  }
  const badge = (status) => h('span', { class: 'badge ' + status, 'data-status': status, text: status });
  const trialHref = (id) => '#/e/' + enc(state.expId) + '/trials/' + id;
  // A layer choice's value with its candidate's name, as the notebook shows it: "1 conv5x5".
  function fmtSample(label, v) {
    const c = state.exp && state.exp.choices.find((x) => x.label === label);
    if (c && c.names.length) {
      const i = c.candidates.findIndex((x) => JSON.stringify(x) === JSON.stringify(v));
      if (i >= 0 && c.names[i]) return fmt(v) + ' ' + c.names[i];
    }
    return fmt(v);
  }
  function trialDuration(t) {
    if (!t.started) return null;
    return (t.ended || Date.now()) - t.started;
  }

  // ---- data --------------------------------------------------------------------------------
  async function api(path, options) {
    const r = await fetch(path, options);
    let body = null;
    try { body = await r.json(); } catch (e) { /* not JSON */ }
    if (!r.ok) throw Object.assign(new Error((body && body.error) || (r.status + ' ' + r.statusText)), { status: r.status });
    return body;
  }
  const expPath = () => '/api/experiments/' + enc(state.expId);
  const PAGE_SIZE = 100;
  const newQuery = () => ({ offset: 0, sort: 'id', order: 'asc', status: 'ALL' });
  // The page never holds every trial: the server sorts, filters and pages the table.
  const trialsPath = () => expPath() + '/trials?limit=' + PAGE_SIZE + '&' + Object.entries(state.query)
    .map(([k, v]) => k + '=' + enc(v)).join('&');

  function labels() {
    const seenIn = (state.exp ? state.exp.best : []).concat(state.page ? state.page.trials : []);
    // a one-shot search's supernet trial holds no architecture: no empty label columns for it
    if (seenIn.length && seenIn.every((t) => !Object.keys(t.sample).length)) return [];
    if (state.exp && state.exp.choices.length) return state.exp.choices.map((c) => c.label);
    const seen = [];
    for (const t of seenIn) for (const k of Object.keys(t.sample)) if (!seen.includes(k)) seen.push(k);
    return seen;
  }
  const bestTrials = (k) => (state.exp ? state.exp.best : []).slice(0, k);

  // The overview, and the page of trials when the trial table is shown.
  async function reload() {
    const id = state.expId;
    const path = parseRoute().page === 'trials' ? trialsPath() : null;
    try {
      const [exp, page] = await Promise.all([api(expPath()), path ? api(path) : null]);
      if (id !== state.expId) return;
      state.exp = exp;
      state.error = null;
      if (page && path === trialsPath()) state.page = page;   // not a page the user has moved on from
    } catch (e) {
      state.error = e.message;
      // no such experiment: nothing will stream, so no stream retrying and no "reconnecting…" beside the error
      if (e.status === 404 && id === state.expId && !state.exp) {
        if (state.es) state.es.close();
        state.es = null;
        setLive('none');
      }
    }
    render();
  }
  async function loadTrials() {
    const id = state.expId, path = trialsPath();
    try {
      const page = await api(path);
      if (id === state.expId && path === trialsPath()) state.page = page;
    } catch (e) {
      state.error = e.message;
    }
    render();
  }
  function setQuery(change) {
    Object.assign(state.query, change);
    loadTrials();
  }
  // Events come as fast as trials end: refresh what is shown at most twice a second.
  function scheduleRefresh() {
    if (state.refreshTimer) return;
    state.refreshTimer = setTimeout(() => { state.refreshTimer = null; reload(); }, 500);
  }
  async function reloadOverview() {
    try { state.exp = await api(expPath()); } catch (e) { state.error = e.message; }
    render();
  }

  function connect(id) {
    if (state.es) state.es.close();
    state.es = null;
    state.expId = id; state.exp = null; state.page = null; state.query = newQuery(); state.detail = null;
    state.controls = null; state.error = null; state.charts = new Map(); state.chartVersion = null;
    if (!state.paused) openStream();
    reload();
  }
  function openStream() {
    const id = state.expId;
    const es = new EventSource(expPath() + '/events');
    state.es = es;
    const onTrial = (e) => { refreshDetail(JSON.parse(e.data).id); scheduleRefresh(); };
    // Events between the first load and the subscription would be lost: catch up once connected,
    // and at once after a reconnection.
    let connected = false;
    es.addEventListener('hello', () => { setLive('on'); if (connected) reload(); else scheduleRefresh(); connected = true; });
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
  // A hidden tab gives its stream back (the server has a few slots for all tabs); shown again, it
  // reconnects and reloads what it shows.
  function pauseStream() {
    if (state.es) state.es.close();
    state.es = null;
    state.paused = true;
  }
  function resumeStream() {
    if (!state.paused) return;
    state.paused = false;
    if (state.expId !== null) openStream();
  }
  function setLive(v) {
    state.live = v;
    const el = $('live');
    el.className = 'live' + (v === 'on' ? ' on' : v === 'none' ? '' : ' off');
    el.textContent = v === 'on' ? 'live' : v === 'none' ? '' : 'reconnecting…';
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
    const switched = r.id !== undefined && r.id !== state.expId;
    if (switched) connect(r.id);   // loads the overview, and the trials when they are shown
    if (r.page === 'trial') loadDetail(r.trial);
    if (r.page === 'trials' && !switched && state.expId !== null) loadTrials();
    render();
  }

  // ---- rendering ---------------------------------------------------------------------------
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
    if (r.page !== 'list' && state.exp && state.exp.storeProblem) {
      page = h('div', {}, h('div', { class: 'banner err', id: 'store-problem',
        text: 'Results are not being kept in the store: ' + state.exp.storeProblem
          + '. The search goes on; what is held back is written once the store can be written again.' }), page);
    }
    const runaway = r.page !== 'list' && state.exp ? state.exp.runawayTrials : 0;
    if (runaway > 0) {
      page = h('div', {}, h('div', { class: 'banner err', id: 'runaway-trials',
        text: 'The code of ' + runaway + ' cancelled trial' + (runaway === 1 ? '' : 's')
          + ' still runs: it ignored the stop and could not be stopped (see the trial\'s error).' }), page);
    }
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
    const exp = state.exp;
    const count = (st) => exp.counts[st] || 0;
    // a search that learns probabilities trains one supernet as one trial: its progress is in epochs
    const epochs = exp.supernetEpochs;
    const done = epochs ? epochs.done : exp.done;
    const max = epochs ? epochs.max : exp.maxTrials;
    const inEpoch = epochs && epochs.steps ? epochs.step / epochs.steps : 0;
    // running trials count with the share of their epochs trained, as in the notebook's progress line
    const training = epochs ? [] : (exp.training || []);
    const inTrials = training.reduce((sum, t) => sum + t.fraction, 0);
    const pct = max ? Math.min(100, 100 * (done + inEpoch + inTrials) / max) : 0;
    const best = bestTrials(5);
    const elapsed = h('span', { class: 'tick', 'data-start': exp.startTime || '', 'data-end': exp.endTime || '' },
      exp.startTime ? fmtDur((exp.endTime || Date.now()) - exp.startTime) : '–');
    // a running search with a maximum duration ends when it is up: the share of it gone, moved by tick()
    const limit = exp.maxDurationMs;
    const timeBar = limit && exp.deadline ? h('div', { class: 'bar', title: 'of the maximum duration' }, h('div', {
      class: 'time-gone', 'data-deadline': exp.deadline, 'data-limit': limit, 'width%': timeGone(exp.deadline, limit) })) : null;
    return h('div', {},
      state.error ? h('div', { class: 'banner err', text: state.error }) : null,
      exp.readOnly ? h('div', { class: 'banner', text: isDoneExp(exp.status)
        ? 'Viewed from the store: read-only. Resume the experiment in Java to continue it.'
        : 'Viewed from the store: it runs in another process, and this page reads it again every few seconds. Read-only here.' }) : null,
      h('div', { class: 'cards' },
        card('Status', badge(exp.status), (exp.direction === 'MAXIMIZE' ? 'maximizing the metric' : 'minimizing the metric')
          + (exp.endReason ? ' · ended: ' + exp.endReason : '')),
        card('Progress', h('span', { id: 'progress' }, done + ' / ' + (max === null ? '∞' : max)),
          epochs ? 'supernet epochs done' + (epochs.steps ? ' · epoch ' + (done + 1) + ': ' + epochs.step + ' / ' + epochs.steps + ' steps' : '')
            : 'trials done',
          h('div', { class: 'bar' }, h('div', { 'width%': pct }))),
        card('Running', String(count('RUNNING')), 'concurrency ' + exp.trialConcurrency, renderTraining(training)),
        card('Failed', String(count('FAILED')), count('EARLY_STOPPED') + ' early-stopped, ' + count('CANCELLED') + ' cancelled'),
        card('Elapsed', elapsed, (limit ? 'of ' + fmtDur(limit) + ' · ' : '') + (exp.startTime ? 'since ' + fmtTime(exp.startTime) : 'not started'),
          timeBar),
        // a supernet has no final metric until it ends: its latest epoch's stands in, as in the notebook's progress line
        !best.length && epochs && epochs.latest !== undefined
          ? card('Best metric', fmt(epochs.latest), 'supernet after epoch ' + epochs.done)
          : card('Best metric', best.length ? h('a', { href: trialHref(best[0].id), text: fmt(best[0].metric) }) : '–',
            best.length ? 'trial ' + best[0].id : 'no trial succeeded yet')),
      renderControls(),
      exp.failures ? renderFailures(exp.failures) : null,
      exp.oneShot ? renderOneShot(exp.oneShot) : null,
      h('div', { class: 'grid2' },
        h('div', {},
          h('section', { class: 'panel scroll' }, h('h2', { text: 'Best trials' }), bestTable(best)),
          h('section', { class: 'panel' }, h('h2', { text: 'Search space' }), spaceTable())),
        h('section', { class: 'panel' }, h('h2', { text: 'Configuration' }), configTable())));
  }

  /** E.g. "epoch 2/5: 37 %": the epoch counted from 1 and the share of its steps done. */
  const progressText = (p) => 'epoch ' + Math.min(p.epoch + 1, p.epochs) + '/' + p.epochs + ': '
    + (p.steps ? Math.round(100 * p.step / p.steps) : 0) + ' %';

  /** The first running trials' progress within their epochs: a link, the epoch and its share done, a bar. */
  function renderTraining(training) {
    if (!training.length) return null;
    const shown = training.slice(0, 3);
    return h('div', { class: 'training' },
      shown.map((t) => h('div', { class: 'sub', 'data-trial': t.trial },
        h('a', { href: trialHref(t.trial), text: 'trial ' + t.trial }), ' · ' + progressText(t),
        h('div', { class: 'bar' }, h('div', { 'width%': 100 * t.fraction })))),
      training.length > shown.length ? h('div', { class: 'sub', text: '+' + (training.length - shown.length) + ' more' }) : null);
  }

  /** Why trials failed, as the notebook's views say it: each distinct reason once, with links to the trials it failed. */
  function renderFailures(f) {
    return h('section', { class: 'panel', id: 'failures' },
      h('h2', { text: 'Why trials failed' }),
      h('ul', {}, f.reasons.map((r) => h('li', {},
        r.count === 1 ? 'trial ' : 'trials ',
        r.trials.map((id, i) => [i ? ', ' : '', h('a', { href: trialHref(id), text: String(id) })]),
        r.count > r.trials.length ? ' and ' + (r.count - r.trials.length) + ' more' : '',
        ': ', h('code', { class: 'error', text: r.line }))),
        f.others ? h('li', { text: 'and ' + f.others + ' other reason' + (f.others === 1 ? '' : 's') }) : null));
  }

  /** A one-shot search: the supernet per epoch, its architecture probabilities and the most likely architectures. */
  function renderOneShot(os) {
    const keys = os.epochs.length ? Object.keys(os.epochs[os.epochs.length - 1]).filter((k) => k !== 'default') : [];
    const ls = state.exp.choices.map((c) => c.label);
    // RandomOneShot ranks by the accuracy of inherited weights and learns no probabilities to chart
    const inherited = os.scoreName === 'inherited_accuracy';
    return h('section', { class: 'panel', id: 'one-shot' },
      h('h2', { text: 'Supernet (' + os.epochs.length + (os.maxEpochs ? ' of ' + os.maxEpochs : '')
        + ' epoch' + ((os.maxEpochs || os.epochs.length) === 1 ? '' : 's') + ')' }),
      h('div', { class: 'grid2' },
        // a cell space's ranking has a column per label: it scrolls within its half, not over the chart
        h('div', { class: 'hscroll', id: 'supernet-tables' },
          h('table', { id: 'supernet-epochs' },
            h('thead', {}, h('tr', {}, h('th', { text: 'Epoch' }), keys.map((k) => h('th', { class: 'num', text: k })))),
            h('tbody', {}, os.epochs.map((m, i) => h('tr', {}, h('td', { text: String(i + 1) }),
              keys.map((k) => h('td', { class: 'num', text: k in m ? fmt(m[k]) : '' })))))),
          h('h2', { text: inherited ? 'Architectures by inherited-weight accuracy' : 'Most likely architectures' }),
          h('table', { id: 'architecture-ranking' },
            h('thead', {}, h('tr', {}, h('th', { text: 'Rank' }), ls.map((l) => h('th', { text: l })), h('th', { class: 'num', text: inherited ? 'Inherited accuracy' : 'Probability' }))),
            h('tbody', {}, os.ranking.map((a, i) => h('tr', {}, h('td', { text: String(i + 1) }),
              ls.map((l) => h('td', { text: l in a.sample ? fmtSample(l, a.sample[l]) : '' })),
              h('td', { class: 'num', text: fmt(a.score) })))))),
        inherited ? null : h('div', { id: 'chart-probabilities' }, oneShotChart(os))));
  }
  function oneShotChart(os) {
    // redrawn once an epoch: the chart's version is the number of epochs it shows
    const src = expPath() + '/charts/probabilities.svg?v=' + os.epochs.length;
    if (!state.charts.has(src)) {
      for (const key of state.charts.keys()) if (key.includes('/charts/probabilities.svg')) state.charts.delete(key);
      state.charts.set(src, h('img', { class: 'chart-img', alt: 'architecture probabilities', src }));
    }
    return state.charts.get(src);
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
      // a supernet's search is one trial: no budget or concurrency of trials to change
      const trialLimits = exp.supernetEpochs ? [] : [
        h('label', {}, 'Trial concurrency', h('div', { class: 'row' }, conc, concBtn)),
        h('label', {}, 'Max trials', h('div', { class: 'row' }, maxIn, maxBtn))];
      state.controls = { node: h('section', { class: 'panel' }, h('h2', { text: 'Controls' }),
        h('div', { class: 'controls' }, ...trialLimits, stopBtn), msg),
        inputs: [conc, maxIn], buttons: [stopBtn, concBtn, maxBtn] };
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
        ls.map((l) => h('td', { text: fmtSample(l, t.sample[l]) })), h('td', { class: 'num', text: fmtDur(trialDuration(t)) })))));
  }
  function spaceTable() {
    const cs = state.exp.choices;
    if (!cs.length) return h('div', { class: 'empty', text: 'Labels: ' + (labels().join(', ') || 'none yet') });
    return h('table', {}, h('thead', {}, h('tr', {}, h('th', { text: 'Label' }), h('th', { text: 'Kind' }), h('th', { text: 'Candidates' }))),
      h('tbody', {}, cs.map((c) => h('tr', {}, h('td', { text: c.label }), h('td', { text: c.kind }),
        h('td', { text: c.candidates.map((v) => fmtSample(c.label, v)).join(', ') })))));
  }
  function configTable() {
    // a live experiment's configuration names its direction itself
    const rows = [['id', state.exp.id]].concat('direction' in state.exp.config ? [] : [['direction', state.exp.direction]],
      Object.entries(state.exp.config));
    return h('table', { class: 'kv' }, h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', { text: k }), h('td', { text: fmt(v) })))));
  }

  // ---- trial table -------------------------------------------------------------------------
  function renderTrials() {
    const p = state.page, q = state.query, ls = labels();
    if (!p) return h('p', { class: 'muted', text: 'Loading trials…' });
    const filters = h('div', { class: 'filters', id: 'status-filter' },
      ['ALL'].concat(STATUSES.filter((st) => p.counts[st] || q.status === st)).map((st) => h('button', {
        class: q.status === st ? 'active' : null, 'data-filter': st,
        text: (st === 'ALL' ? 'All' : st) + ' (' + (st === 'ALL' ? p.all : p.counts[st] || 0) + ')',
        onclick: () => setQuery({ status: st, offset: 0 }) })));
    const th = (label, k, num) => h('th', { class: 'sortable' + (num ? ' num' : ''), 'data-sort': k,
      onclick: () => setQuery({ sort: k, offset: 0, order: q.sort === k ? (q.order === 'asc' ? 'desc' : 'asc')
        : (k === 'metric' && state.exp.direction === 'MAXIMIZE' ? 'desc' : 'asc') }) },
      label, q.sort === k ? h('span', { class: 'arrow', text: q.order === 'asc' ? ' ▲' : ' ▼' }) : null);
    const bestId = (bestTrials(1)[0] || {}).id;
    const rows = p.trials;
    // a multi-objective search marks the trials on the Pareto front of all trials (the server decides)
    const pareto = state.exp.objectives.length > 0;
    // the other final metrics of the page's trials (a profile's params and macs, a latency, ...)
    const extra = Array.from(new Set(rows.flatMap((t) => Object.keys(t.metrics || {})))).sort();
    const table = h('table', { id: 'trial-table' },
      h('thead', {}, h('tr', {}, th('Trial', 'id'), th('Status', 'status'), ls.map((l) => th(l, 's:' + l)),
        th('Metric', 'metric', true),
        extra.map((m) => h('th', { class: 'num extra-metric', text: m })),
        pareto ? h('th', { title: 'on the Pareto front of ' + state.exp.objectives.map((o) => o.metric).join(', '), text: 'Pareto' }) : null,
        th('Intermediates', 'steps'), th('Duration', 'duration', true), th('Device', 'device'))),
      h('tbody', {}, rows.map((t) => h('tr', { class: 'click' + (t.id === bestId ? ' best' : '') + (t.pareto ? ' pareto' : ''),
        'data-trial': t.id, onclick: () => { location.hash = trialHref(t.id); } },
        h('td', {}, h('a', { href: trialHref(t.id), text: '#' + t.id })),
        h('td', { class: 'status' }, badge(t.status), t.progress
          ? h('span', { class: 'muted training', title: progressText(t.progress), text: ' ' + Math.round(100 * t.progress.fraction) + ' %' }) : null),
        ls.map((l) => h('td', { text: fmtSample(l, t.sample[l]) })),
        h('td', { class: 'num metric', text: fmt(t.metric) }),
        extra.map((m) => h('td', { class: 'num', 'data-metric': m, text: t.metrics && m in t.metrics ? fmt(t.metrics[m]) : '–' })),
        pareto ? h('td', { class: 'pareto-mark', text: t.pareto ? '\u2713' : '' }) : null,
        h('td', {}, spark(t.intermediates), ' ', h('span', { class: 'muted', text: t.intermediates.length || '' })),
        h('td', { class: 'num' }, h('span', { class: t.ended ? null : 'tick', 'data-start': t.started || '' }, fmtDur(trialDuration(t)))),
        h('td', { text: t.device || '–' })))));
    const last = Math.max(0, Math.floor((p.total - 1) / PAGE_SIZE) * PAGE_SIZE);
    const pager = h('div', { class: 'pager', id: 'trial-pager' },
      h('button', { class: 'btn secondary', id: 'page-prev', text: '‹ Previous', disabled: q.offset === 0,
        onclick: () => setQuery({ offset: Math.max(0, q.offset - PAGE_SIZE) }) }),
      h('span', { id: 'page-range', text: p.total ? (p.offset + 1).toLocaleString() + '–' + (p.offset + rows.length).toLocaleString()
        + ' of ' + p.total.toLocaleString() : '0 of 0' }),
      h('button', { class: 'btn secondary', id: 'page-next', text: 'Next ›', disabled: q.offset >= last,
        onclick: () => setQuery({ offset: Math.min(last, q.offset + PAGE_SIZE) }) }),
      h('a', { class: 'btn secondary', id: 'csv-link', href: expPath() + '/trials.csv', download: '',
        text: 'All ' + p.all.toLocaleString() + ' trials as CSV' }));
    return h('section', { class: 'panel scroll' }, filters, pager,
      rows.length ? table : h('div', { class: 'empty', text: p.all ? 'No trial with this status.' : 'No trials yet.' }));
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
    const metrics = Object.entries(d.finalMetrics);
    return h('div', {},
      h('h1', {}, 'Trial ' + d.id, badge(d.status)),
      h('div', { class: 'grid2' },
        h('div', {},
          h('section', { class: 'panel' }, h('h2', { text: 'Sample' }),
            h('table', { class: 'kv', id: 'sample-table' }, h('tbody', {}, Object.entries(d.sample).map(([k, v]) =>
              h('tr', {}, h('th', { text: k }), h('td', { text: fmtSample(k, v) })))))),
          h('section', { class: 'panel' }, h('h2', { text: 'Result' }),
            h('table', { class: 'kv' }, h('tbody', {},
              metrics.length ? metrics.map(([k, v]) => h('tr', {}, h('th', { text: k === 'default' ? 'final metric' : 'final ' + k }), h('td', { text: fmt(v) })))
                : h('tr', {}, h('th', { text: 'metric' }), h('td', { text: '–' })),
              h('tr', {}, h('th', { text: 'device' }), h('td', { text: d.device || '–' })),
              h('tr', {}, h('th', { text: 'submitted' }), h('td', { text: fmtTime(d.submitted) })),
              h('tr', {}, h('th', { text: 'started' }), h('td', { text: fmtTime(d.started) })),
              h('tr', {}, h('th', { text: 'ended' }), h('td', { text: fmtTime(d.ended) })),
              h('tr', {}, h('th', { text: 'duration' }), h('td', { text: fmtDur(trialDuration(d)) })),
              d.progress ? h('tr', { id: 'trial-progress' }, h('th', { text: 'training' }), h('td', {}, progressText(d.progress),
                h('div', { class: 'bar' }, h('div', { 'width%': 100 * d.progress.fraction })))) : null)))),
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
  /** Axes and scales. */
  function frame(w, ht, xd, yd, opt) {
    const m = { l: 54, r: 14, t: 12, b: 38 };
    const iw = w - m.l - m.r, ih = ht - m.t - m.b;
    const x = (v) => m.l + iw * (v - xd[0]) / (xd[1] - xd[0]);
    const y = (v) => m.t + ih * (1 - (v - yd[0]) / (yd[1] - yd[0]));
    const svg = s('svg', { class: 'chart', viewBox: '0 0 ' + w + ' ' + ht, role: 'img', 'aria-label': opt.title || 'chart' });
    for (const v of ticks(yd[0], yd[1], 5)) {
      if (v < yd[0] || v > yd[1]) continue;
      svg.appendChild(s('line', { class: 'gridline', x1: m.l, x2: w - m.r, y1: y(v), y2: y(v) }));
      svg.appendChild(s('text', { x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end', text: fmt(v) }));
    }
    for (const v of ticks(xd[0], xd[1], 6)) {
      if (v < xd[0] || v > xd[1] || (opt.integerX && !Number.isInteger(v))) continue;
      svg.appendChild(s('text', { x: x(v), y: ht - m.b + 16, 'text-anchor': 'middle', text: fmt(v) }));
    }
    svg.appendChild(s('line', { class: 'axis', x1: m.l, x2: w - m.r, y1: ht - m.b, y2: ht - m.b }));
    svg.appendChild(s('line', { class: 'axis', x1: m.l, x2: m.l, y1: m.t, y2: ht - m.b }));
    svg.appendChild(s('text', { x: m.l + iw / 2, y: ht - 4, 'text-anchor': 'middle', text: opt.xLabel }));
    svg.appendChild(s('text', { x: 12, y: m.t + ih / 2, 'text-anchor': 'middle', transform: 'rotate(-90 12 ' + (m.t + ih / 2) + ')', text: opt.yLabel }));
    return { svg, x, y };
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
        points: pts.map((p) => f.x(p[0]).toFixed(1) + ',' + f.y(p[1]).toFixed(1)).join(' ') },
        s('title', { text: 'trial ' + t.id }));
      f.svg.appendChild(line);
      if (hot || withCurves.length <= 12) {   // dots on every curve only while they stay readable
        for (const p of pts) f.svg.appendChild(s('circle', { cx: f.x(p[0]), cy: f.y(p[1]), r: 2.5, fill: color }));
      }
    }
    return f.svg;
  }

  // The notebook's charts, drawn by the server: past 100 trials they summarise (bins, bands, box
  // plots), so that neither the page nor the server draws every trial.
  // Drawing a chart of many trials costs the server tenths of a second: while trials end, the
  // charts are drawn again at most every 5 s.
  const CHART_EVERY_MS = 5000;
  function chartVersion() {
    const v = state.exp.trials + '-' + state.exp.done, now = Date.now(), c = state.chartVersion;
    if (!c || (c.v !== v && now - c.at >= CHART_EVERY_MS)) {
      state.chartVersion = { v, at: now };
    } else if (c.v !== v && !c.pending) {
      c.pending = setTimeout(() => { c.pending = null; if (parseRoute().page === 'charts') render(); }, CHART_EVERY_MS - (now - c.at));
    }
    return state.chartVersion.v;
  }
  function chartImage(name, alt) {
    const src = expPath() + '/charts/' + name + '?v=' + chartVersion();
    if (!state.charts.has(src)) {
      for (const key of state.charts.keys()) if (key.includes('/charts/' + name)) state.charts.delete(key);
      state.charts.set(src, h('img', { class: 'chart-img', alt, src }));
    }
    return state.charts.get(src);
  }
  function renderCharts() {
    const exp = state.exp;
    const metrics = (exp.counts.SUCCEEDED || 0) > 0;
    const empty = (text) => h('div', { class: 'empty', text });
    return h('div', {},
      exp.trials > 100 ? h('p', { class: 'muted', id: 'charts-summarised', text: 'The charts summarise these '
        + exp.trials.toLocaleString() + ' trials; the trial table lists each one, and its CSV download holds them all.' }) : null,
      h('div', { class: 'charts' },
        h('section', { class: 'panel', id: 'chart-metric' },
          metrics ? chartImage('metric.svg', 'final metric per trial') : empty('No final metrics yet.')),
        h('section', { class: 'panel', id: 'chart-curves' },
          exp.trials ? chartImage('curves.svg', 'intermediate results') : empty('No trials yet.'))),
      exp.objectives.length >= 2 ? h('section', { class: 'panel', id: 'chart-pareto' },
        metrics ? chartImage('pareto.svg', 'Pareto front: ' + exp.objectives[0].metric + ' against ' + exp.objectives[1].metric)
          : empty('No final metrics yet.')) : null,
      exp.choices.length ? h('section', { class: 'panel', id: 'chart-choices' },
        metrics ? chartImage('choices.svg', 'final metric by choice') : empty('No final metrics yet.')) : null);
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
  let tickCount = 0;
  function tick() {
    for (const el of document.querySelectorAll('.tick')) {
      const start = Number(el.getAttribute('data-start')), end = Number(el.getAttribute('data-end') || 0);
      if (start && !end) el.textContent = fmtDur(Date.now() - start);
    }
    for (const el of document.querySelectorAll('.time-gone')) {
      el.style.width = timeGone(Number(el.getAttribute('data-deadline')), Number(el.getAttribute('data-limit'))) + '%';
    }
    // training within an epoch sends no event: while the page shows some, re-read it every 2 s
    const exp = state.exp, r = parseRoute();
    ++tickCount;
    // a stored experiment that another process runs sends no events here: read it again every 4 s
    if (exp && exp.readOnly && !isDoneExp(exp.status) && tickCount % 4 === 0) {
      if (r.page === 'overview') reloadOverview(); else if (r.page === 'trials') loadTrials();
      return;
    }
    if (tickCount % 2 !== 0 || !exp || exp.readOnly || !state.es) return;
    if (r.page === 'overview' && ((exp.training && exp.training.length) || (exp.supernetEpochs && exp.supernetEpochs.steps))) {
      reloadOverview();
    } else if (r.page === 'trials' && state.page && state.page.trials.some((t) => t.progress)) {
      loadTrials();
    } else if (r.page === 'trial' && state.detail && state.detail.progress && String(state.detail.id) === String(r.trial)) {
      loadDetail(r.trial);
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
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') pauseStream(); else resumeStream(); });
    window.addEventListener('pagehide', pauseStream);
    window.addEventListener('pageshow', () => { if (document.visibilityState !== 'hidden') resumeStream(); });
    setInterval(tick, 1000);
    onRoute();
  }
  start();
})();
