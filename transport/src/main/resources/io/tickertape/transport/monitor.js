(() => {
  'use strict';
  const FEED_MAX = 200;          // rows kept in the live feed
  const ORDERS_MAX = 25;         // orders shown
  const SPARK_SECONDS = 60;
  const FILTERS = ['event_type', 'symbol', 'strategy', 'source', 'host'];
  const MAX_VALUES = 64;         // per filter, as the server allows

  const $ = (id) => document.getElementById(id);
  const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 2 }) : (n == null ? '-' : String(n)));
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  /** A value for markup: formatted as fmt does, escaped (a payload member may be any JSON, text included). */
  const num = (n) => esc(fmt(n));
  /** A control frame's payload; {} when the frame is not the JSON expected (a bad frame must not stop the page). */
  const payloadOf = (m) => { try { const f = JSON.parse(m.data); return (f && typeof f.payload === 'object' && f.payload) || {}; } catch (err) { return {}; } };

  // ---- state, updated by events; drawn on a timer so a fast stream never re-renders per event ----
  const state = {
    lastId: null, received: 0, missed: 0, lastHeartbeat: 0, headSeq: null, connState: 'connecting', detail: '-',
    types: new Map(),                   // type -> { total, buckets: Float64Array(60), }
    feed: [], paused: false, hiddenTypes: new Set(),
    orders: new Map(),                  // order_id -> { symbol, side, qty, price, steps: [status...], reason }
    positions: new Map(), performance: null, health: new Map(), // engine_name -> payload
    secondStamp: Math.floor(Date.now() / 1000), thisSecond: 0, rate: 0, dirty: true,
    filter: {},                         // name -> [values]: the stream's filters (also kept in the page's #hash)
  };

  /** At a hub, the host an event came from, as a prefix ('alpha/'); '' for an event of this server's own. */
  const hostOf = (e) => (e.origin && e.origin.host ? e.origin.host + '/' : '');

  function typeEntry(type) {
    let t = state.types.get(type);
    if (!t) { t = { total: 0, buckets: new Float64Array(SPARK_SECONDS), current: 0 }; state.types.set(type, t); state.chipsDirty = true; }
    return t;
  }

  function rollSeconds() {
    const now = Math.floor(Date.now() / 1000);
    while (state.secondStamp < now) {
      state.secondStamp++;
      state.rate = state.thisSecond; state.thisSecond = 0;
      for (const t of state.types.values()) { t.buckets.copyWithin(0, 1); t.buckets[SPARK_SECONDS - 1] = t.current; t.current = 0; }
    }
  }

  function onEvent(e) {
    state.received++; state.thisSecond++;
    const t = typeEntry(e.type); t.total++; t.current++;
    state.headSeq = e.seq;
    const p = e.payload || {};
    switch (e.type) {
      case 'order_event': {
        const key = hostOf(e) + p.order_id; // at a hub, hosts' order ids may be alike
        let o = state.orders.get(key);
        if (!o) { o = { steps: [] }; state.orders.set(key, o); if (state.orders.size > ORDERS_MAX * 4) pruneOrders(); }
        Object.assign(o, { id: key, symbol: p.symbol, side: p.side, qty: p.qty, price: p.price, seq: e.seq });
        o.steps.push(p.status); if (o.steps.length > 6) o.steps.shift();
        if (p.reason) o.reason = p.reason;
        break;
      }
      case 'position_event': state.positions.set(hostOf(e) + p.symbol, Object.assign({}, p, { key: hostOf(e) + p.symbol })); break;
      case 'performance_update': state.performance = p.metrics || {}; break;
      case 'engine_health': state.health.set(hostOf(e) + (p.engine_name || e.source), { payload: p, at: e.timestamp }); break;
    }
    if (!state.paused && !state.hiddenTypes.has(e.type)) {
      const body = e.type === 'dropped' ?
        e.seq + ' ' + hostOf(e) + 'producer ' + p.source + ' dropped ' + p.count + ' events (ring full; ' + p.total + ' in all)' :
        e.type === 'host_gap' ? e.seq + ' host ' + p.host + ' missed ' + p.missed + ' events, its seq ' + p.from_seq + '..' + p.to_seq + ' (lapped before export)' :
        e.seq + ' ' + hostOf(e) + e.source + ' ' + JSON.stringify(p);
      state.feed.push({ cls: e.type === 'dropped' || e.type === 'host_gap' ? 'gap' : '', text: e.type, body: body });
      if (state.feed.length > FEED_MAX) state.feed.splice(0, state.feed.length - FEED_MAX);
    }
    state.dirty = true;
  }

  function pruneOrders() {
    const keep = [...state.orders.entries()].sort((a, b) => b[1].seq - a[1].seq).slice(0, ORDERS_MAX * 2);
    state.orders = new Map(keep);
  }

  // ---- access: a token (the static one or a JWT), from the page's URL or the form, kept for this tab's session ----
  const TOKEN_KEY = 'tickertape_token';
  const auth = { token: sessionStorage.getItem(TOKEN_KEY), blocked: false };
  (() => {
    const query = new URLSearchParams(location.search);
    if (query.has('token')) {
      auth.token = query.get('token');
      sessionStorage.setItem(TOKEN_KEY, auth.token);
      query.delete('token');       // out of the address bar and the history once read
      history.replaceState(null, '', location.pathname + (query.toString() ? '?' + query : '') + location.hash);
    }
  })();
  const authHeaders = () => (auth.token ? { Authorization: 'Bearer ' + auth.token } : {});
  /** fetch with the token; while access is refused nothing is asked that could not succeed. */
  async function api(url) {
    if (auth.blocked) throw new Error('access refused');
    const r = await fetch(url, { cache: 'no-store', headers: authHeaders() });
    if (r.status === 401 && !auth.blocked) { source && source.close(); diagnose(); }
    return r;
  }

  // ---- the stream: EventSource, resumed by id after any disconnect; why it failed, asked of the server ----
  const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000];
  let source = null, retryTimer = null, failures = 0;
  function streamUrl() {
    const params = new URLSearchParams();
    for (const name of FILTERS) if (state.filter[name]) params.set(name, state.filter[name].join(','));
    if (state.lastId != null) params.set('last_event_id', state.lastId);
    if (auth.token) params.set('token', auth.token); // an EventSource cannot send a header
    const query = params.toString();
    return '/api/telemetry/stream' + (query ? '?' + query : '');
  }
  function connect() {
    clearTimeout(retryTimer);
    if (source) source.close(); // one stream at a time: a retry scheduled earlier may come after a newer connect
    if (auth.blocked) return;
    const opened = new EventSource(streamUrl());
    source = opened;
    // Every frame a stream may resume from carries an id (<epoch>-<seq>): events, connection, heartbeat, gap.
    const track = (m) => { if (m.lastEventId) state.lastId = m.lastEventId; };
    source.onmessage = (m) => {
      let e; try { e = JSON.parse(m.data); } catch (err) { return; }
      track(m);
      onEvent(e);
    };
    source.addEventListener('connection', (m) => {
      track(m);
      failures = 0;
      const c = payloadOf(m);
      state.headSeq = c.head_seq;
      if (c.resume_ignored) {
        setConn('connected', 'resume ignored (' + c.resume_ignored + '); live from seq ' + (c.head_seq + 1));
      } else if (c.resume_after != null && !c.server_restarted) {
        setConn('resumed', 'resumed after seq ' + c.resume_after);
      } else if (c.resume_after == null) {
        setConn('connected', 'live from seq ' + (c.head_seq + 1));
      }
    });
    source.addEventListener('reset', (m) => {
      const r = payloadOf(m);
      setConn('resumed', 'server restarted: a new run (' + r.from_epoch + ' -> ' + r.to_epoch + '), replaying its history');
      // The ended run's orders, positions and engines are not the new run's (its ids and seqs start again).
      state.orders.clear(); state.positions.clear(); state.health.clear(); state.performance = null;
      state.feed.push({ cls: 'gap', text: 'reset', body: 'server run ' + r.from_epoch + ' ended; run ' + r.to_epoch + ' replayed from its oldest event' });
      state.dirty = true;
    });
    source.addEventListener('heartbeat', (m) => { track(m); state.lastHeartbeat = Date.now(); state.headSeq = payloadOf(m).head_seq; state.dirty = true; });
    source.addEventListener('gap', (m) => {
      track(m);
      const g = payloadOf(m);
      state.missed += Number(g.missed) || 0;
      setConn(state.connState, 'missed ' + g.missed + ' events (' + g.from_seq + '..' + g.to_seq + ')');
      state.feed.push({ cls: 'gap', text: 'gap', body: 'missed ' + g.missed + ' events, seq ' + g.from_seq + '..' + g.to_seq });
      state.dirty = true;
    });
    source.onerror = () => {
      // The browser does not say why a stream failed: close it, ask the server (HEAD answers as GET would, and
      // opens no stream), and retry only what can succeed, later each time.
      opened.close();
      if (opened === source) diagnose();
    };
  }
  async function diagnose() {
    clearTimeout(retryTimer);
    const wait = BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)];
    let r;
    try {
      r = await fetch(streamUrl(), { method: 'HEAD', cache: 'no-store', headers: authHeaders() });
    } catch (err) {
      setConn('unreachable', 'server unreachable; retrying in ' + wait / 1000 + ' s');
      retryTimer = setTimeout(connect, wait);
      return;
    }
    if (r.status === 401) {
      const why = /error_description="([^"]*)"/.exec(r.headers.get('www-authenticate') || '');
      auth.blocked = true;
      if (auth.token) {
        setConn('token-refused', 'the token was refused' + (why ? ': ' + why[1] : '') + '; enter another');
        $('token-note').textContent = 'refused' + (why ? ': ' + why[1] : '');
      } else {
        setConn('token-required', 'this server needs an access token: enter it above');
        $('token-note').textContent = '';
      }
      $('token-form').hidden = false;
      $('token-input').focus();
      return;                                  // nothing more is asked until a token is given
    }
    if (r.status === 503) {
      const after = Math.max(wait, 1000 * (parseInt(r.headers.get('retry-after'), 10) || 0));
      setConn('limit-reached', "the server's subscriber or connection limit is reached; retrying in " + after / 1000 + ' s');
      retryTimer = setTimeout(connect, after);
      return;
    }
    if (r.status === 429) {
      const after = Math.max(wait, 1000 * (parseInt(r.headers.get('retry-after'), 10) || 1));
      setConn('rate-limited', 'too many requests from this address; retrying in ' + after / 1000 + ' s');
      retryTimer = setTimeout(connect, after);
      return;
    }
    if (!r.ok) {
      setConn('reconnecting', 'the stream was answered HTTP ' + r.status + '; retrying in ' + wait / 1000 + ' s');
      retryTimer = setTimeout(connect, wait);
      return;
    }
    setConn('reconnecting', 'stream interrupted; reconnecting');
    retryTimer = setTimeout(connect, Math.min(wait, 1000));
  }
  $('token-form').onsubmit = (ev) => {
    ev.preventDefault();
    const token = $('token-input').value.trim();
    if (!token) return;
    auth.token = token;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token-input').value = '';
    $('token-form').hidden = true;
    auth.blocked = false;
    failures = 0;
    setConn('connecting', 'trying the token');
    connect();
  };
  const STATE_TEXT = { 'token-required': 'token required', 'token-refused': 'token refused', 'limit-reached': 'limit reached',
    'rate-limited': 'rate limited' };
  function setConn(s, detail) { state.connState = s; state.detail = detail; state.dirty = true; }

  // ---- filters: re-open the stream with them, resuming after the last id seen (nothing skipped, nothing twice) ----
  function readFilter(fields) {
    const filter = {};
    for (const name of FILTERS) {
      const values = [...new Set(String(fields[name] || '').split(',').map((v) => v.trim()).filter((v) => v))];
      if (values.length > MAX_VALUES) throw new Error(name + ' lists more than ' + MAX_VALUES + ' values');
      if (values.length) filter[name] = values;
    }
    return filter;
  }
  function describeFilter(filter) {
    const parts = FILTERS.filter((n) => filter[n]).map((n) => n + '=' + filter[n].join(','));
    return parts.length ? parts.join(' & ') : 'all events';
  }
  function applyFilter(filter) {
    state.filter = filter;
    for (const name of FILTERS) $('f-' + name).value = (filter[name] || []).join(',');
    $('f-active').textContent = describeFilter(filter); $('f-active').className = 'dim';
    const hash = new URLSearchParams();
    for (const name of FILTERS) if (filter[name]) hash.set(name, filter[name].join(','));
    history.replaceState(null, '', hash.toString() ? '#' + hash.toString() : location.pathname + location.search);
    state.feed = []; state.types.clear(); state.orders.clear(); state.positions.clear(); state.chipsDirty = true; state.dirty = true;
    if (source) { source.close(); connect(); }
  }
  $('filters').onsubmit = (ev) => {
    ev.preventDefault();
    const fields = {};
    for (const name of FILTERS) fields[name] = $('f-' + name).value;
    try { applyFilter(readFilter(fields)); }
    catch (err) { $('f-active').textContent = err.message; $('f-active').className = 'bad'; }
  };
  $('f-clear').onclick = () => applyFilter({});

  // ---- stats, polled about once a second ----
  async function pollStats() {
    try {
      const r = await api('/api/telemetry/stats?subscribers=count'); // the count, not a row per subscriber
      if (!r.ok) throw new Error('HTTP ' + r.status);
      const s = await r.json();
      served.aggregates = !!s.aggregates; served.alerts = !!s.alerts; served.known = true;
      renderProducers(s);
      renderHosts(s.kafka_hub);
      $('dropped').textContent = fmt(s.dropped);
      $('dropped').className = 'v' + (s.dropped > 0 ? ' bad' : '');
      $('stats-line').textContent = 'history ' + fmt(s.total_events) + ' / ' + fmt(s.buffer_size) + ' events, collected ' + fmt(s.collected) +
        ', uptime ' + fmt(s.uptime_s) + ' s, subscribers ' + fmt(s.sse && s.sse.subscribers);
    } catch (err) {
      $('stats-line').textContent = 'stats unavailable (' + err.message + ')';
    }
    setTimeout(pollStats, 1000);
  }

  // ---- rates, from the server's aggregates, polled every two seconds ----
  let ratesBy = 'type';
  // What this server serves besides the stream, from its stats: the page asks only for what is there.
  const served = { known: false, aggregates: false, alerts: false };
  /** Poll a JSON route every two seconds while the server's stats say it serves it; say so in the note when not. */
  function pollServed(feature, noteId, offText, failText, url, render) {
    const poll = async () => {
      try {
        if (!served[feature]) {
          if (served.known) $(noteId).textContent = offText;
          return;
        }
        const r = await api(url());
        if (!r.ok) throw new Error('HTTP ' + r.status);
        render(await r.json());
      } catch (err) {
        $(noteId).textContent = failText + ' (' + err.message + ')';
      } finally {
        setTimeout(poll, 2000);
      }
    };
    poll();
  }
  function renderRates(a) {
    const rows = a.keys.slice(0, 30);
    if (a.other.count > 0) rows.push(Object.assign({ key: 'other' }, a.other));
    const o = (k, s) => (k.orders ? num(k.orders[s]) : '');
    $('rates').tBodies[0].innerHTML = rows.map((k) => '<tr data-key="' + esc(k.key) + '"><td>' + esc(k.key) + '</td><td class="num">' + num(k.count) +
      '</td><td class="num">' + num(k.rate) + '</td><td class="num">' + o(k, 'new') + '</td><td class="num">' + o(k, 'filled') +
      '</td><td class="num">' + o(k, 'partially_filled') + '</td><td class="num status-rejected">' + o(k, 'rejected') + '</td><td class="num">' + o(k, 'cancelled') + '</td></tr>').join('');
    $('rates-note').textContent = 'by ' + a.by + ', ' + a.keys.length + ' keys' + (a.keys.length > 30 ? ' (30 shown)' : '') + (a.missed ? ', missed ' + fmt(a.missed) : '');
  }
  for (const chip of document.querySelectorAll('#rates-by [data-by]')) {
    chip.onclick = () => {
      ratesBy = chip.dataset.by;
      for (const c of document.querySelectorAll('#rates-by [data-by]')) c.classList.toggle('on', c === chip);
      $('rates').tBodies[0].innerHTML = '';
    };
  }

  // ---- alerts: the rules' state and recent firings, polled every two seconds ----
  function renderAlerts(a) {
    $('alert-rules').tBodies[0].innerHTML = a.rules.map((r) => '<tr data-rule="' + esc(r.name) + '"><td>' + esc(r.name) + '</td><td class="sev-' + esc(r.severity) + '">' +
      esc(r.severity) + '</td><td>' + esc(r.count + ' x ' + r.type.join('|') + ' in ' + r.window_s + ' s') + '</td><td>' + esc(r.state) + '</td><td class="num">' +
      num(r.firings) + '</td><td class="num">' + num(r.suppressed) + '</td><td>' + esc(r.last_fired || '-') + '</td></tr>').join('');
    $('alert-firings').innerHTML = a.firings.slice(0, 20).map((f) => '<li class="sev-' + esc(f.severity) + '" data-firing="' + esc(f.idempotency_key) + '">' +
      esc(f.fired_at + ' ' + f.rule + ' (' + f.severity + '): ' + f.count + ' in ' + f.window_s + ' s, last seq ' + f.last_event.seq) + '</li>').join('');
    const d = a.delivery;
    $('alerts-note').textContent = '(fired ' + fmt(d.fired) + ', delivered ' + fmt(d.delivered) + ', retried ' + fmt(d.retried) + ', failed ' + fmt(d.failed) +
      ', dropped ' + fmt(d.dropped) + ')';
  }

  function renderProducers(s) {
    const rows = s.producers.map((p) => {
      const pct = p.ring_size > 0 ? Math.min(100, 100 * p.depth / p.ring_size) : 0;
      return '<tr data-producer="' + esc(p.name) + '"><td>' + esc(p.name) + '</td>' +
        '<td><div class="bar" title="' + p.depth + ' / ' + p.ring_size + '"><span data-width="' + pct.toFixed(1) + '%"></span></div>' +
        '<span class="dim">' + num(p.depth) + ' / ' + num(p.ring_size) + '</span></td>' +
        '<td class="num published">' + num(p.published) + '</td>' +
        '<td class="num dropped' + (p.dropped > 0 ? ' bad' : '') + '">' + num(p.dropped) + '</td></tr>';
    });
    $('producers').tBodies[0].innerHTML = rows.join('');
    // Set through the CSSOM: the page's content security policy refuses style attributes.
    for (const bar of $('producers').querySelectorAll('.bar > span')) bar.style.width = bar.dataset.width;
  }

  // At a hub (its stats have a kafka_hub section): a row per host that exports to it.
  function renderHosts(hub) {
    $('hosts-panel').hidden = !hub;
    if (!hub) return;
    const age = (t) => (t ? ((Date.now() - Date.parse(t)) / 1000).toFixed(1) + ' s ago' : '-');
    $('hosts').tBodies[0].innerHTML = hub.hosts.map((h) => '<tr data-host="' + esc(h.host) + '"><td>' + esc(h.host) + '</td><td>' + esc(h.epoch) +
      '</td><td>' + esc(age(h.last_seen)) + '</td><td class="num">' + num(h.events) + '</td><td class="num">' + num(h.events_per_second) +
      '</td><td class="num">' + num(h.lag_ms) + '</td><td class="num' + (h.holes > 0 ? ' bad' : '') + '">' + num(h.holes) +
      '</td><td class="num">' + num(h.duplicates) + '</td></tr>').join('');
    $('hosts-note').textContent = '(' + hub.hosts.length + ' from topic ' + hub.topic + (hub.connected ? '' : ', NOT CONNECTED to Kafka') +
      ', rejected ' + fmt(hub.rejected) + ', holes ' + fmt(hub.holes) + ')';
    $('hosts-note').className = hub.connected ? 'dim' : 'bad';
  }

  // ---- drawing ----
  function sparkline(buckets) {
    const w = 180, h = 22, max = Math.max(1, ...buckets);
    let d = '';
    for (let i = 0; i < buckets.length; i++) {
      const x = (i / (buckets.length - 1)) * w, y = h - 1 - (buckets[i] / max) * (h - 2);
      d += (i ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1);
    }
    return '<svg class="spark" width="' + w + '" height="' + h + '"><path d="' + d + '" fill="none" stroke="#58a6ff" stroke-width="1.2"/></svg>';
  }

  function renderTypes() {
    const rows = [...state.types.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0]))).map(([type, t]) =>
      '<tr data-type="' + esc(type) + '"><td>' + esc(type) + '</td><td class="num count">' + num(t.total) + '</td><td class="num">' +
      num(t.buckets[SPARK_SECONDS - 1]) + '</td><td>' + sparkline(t.buckets) + '</td></tr>');
    $('types').tBodies[0].innerHTML = rows.join('');
  }

  function renderChips() {
    if (!state.chipsDirty) return;
    state.chipsDirty = false;
    const chips = $('chips');
    for (const type of state.types.keys()) {
      if (chips.querySelector('[data-chip="' + CSS.escape(type) + '"]')) continue;
      const b = document.createElement('span');
      b.className = 'chip on'; b.dataset.chip = type; b.textContent = type;
      b.onclick = () => {
        if (state.hiddenTypes.has(type)) { state.hiddenTypes.delete(type); b.classList.add('on'); }
        else { state.hiddenTypes.add(type); b.classList.remove('on'); }
      };
      chips.appendChild(b);
    }
  }

  function renderHealth() {
    if (state.health.size === 0) { // none yet, or none of a new run yet
      $('health').innerHTML = '<p class="dim">waiting for engine_health events</p>';
      return;
    }
    const cards = [...state.health.entries()].map(([name, h]) => {
      const p = h.payload, m = p.metrics || {};
      let body = '';
      for (const [k, v] of Object.entries(m)) {
        if (v !== null && typeof v === 'object') continue;
        body += '<dt>' + esc(k) + '</dt><dd>' + esc(fmt(v)) + '</dd>';
      }
      let strategies = '';
      const per = m.strategies || p.strategies;
      if (per && typeof per === 'object') {
        strategies = '<table><thead><tr><th>strategy</th><th class="num">win rate</th><th class="num">W/L</th><th class="num">streak</th><th class="num">open</th></tr></thead><tbody>' +
          Object.entries(per).filter(([, v]) => v !== null && typeof v === 'object').map(([s, v]) => '<tr data-strategy="' + esc(s) + '"><td>' + esc(s) + '</td><td class="num">' + num((v.win_rate || 0) * 100) + '%</td><td class="num">' +
            num(v.wins) + '/' + num(v.losses) + '</td><td class="num">' + (v.win_streak ? '+' + num(v.win_streak) : v.loss_streak ? '-' + num(v.loss_streak) : '0') +
            '</td><td class="num">' + num(v.open_positions) + '</td></tr>').join('') + '</tbody></table>';
      }
      const status = String(p.status || '');
      return '<div class="card" data-engine="' + esc(name) + '"><h3>' + esc(name) + ' <span class="' + (/active|healthy|ok|running/i.test(status) ? 'ok' : 'bad') + '">' +
        esc(status) + '</span></h3><dl>' + body + '</dl>' + strategies + '<div class="dim">' + esc(h.at) + '</div></div>';
    });
    $('health').innerHTML = cards.join('');
  }

  function renderOrders() {
    const latest = [...state.orders.values()].sort((a, b) => b.seq - a.seq).slice(0, ORDERS_MAX);
    $('orders').tBodies[0].innerHTML = latest.map((o) => {
      const last = o.steps[o.steps.length - 1];
      return '<tr data-order="' + esc(o.id) + '"><td>' + esc(o.id) + '</td><td>' + esc(o.symbol) + '</td><td>' + esc(o.side) + '</td><td class="num">' +
        num(o.qty) + '</td><td class="num">' + num(o.price) + '</td><td class="status-' + esc(last) + '">' +
        o.steps.map(esc).join(' &rarr; ') + (o.reason ? ' <span class="dim">(' + esc(o.reason) + ')</span>' : '') + '</td></tr>';
    }).join('');
    const positions = [...state.positions.values()].sort((a, b) => String(a.key).localeCompare(String(b.key))).slice(0, 30);
    $('positions').tBodies[0].innerHTML = positions.map((p) => '<tr data-position="' + esc(p.key) + '"><td>' + esc(p.key) + '</td><td class="num">' + num(p.position_size) +
      '</td><td class="num">' + num(p.entry_price) + '</td><td class="num">' + num(p.realized_pnl) + '</td><td class="num">' + num(p.unrealized_pnl) + '</td></tr>').join('');
    const perf = state.performance;
    if (!perf) $('performance').innerHTML = '';
    if (perf) {
      $('performance').innerHTML = '<div class="card" id="pnl"><h3>Performance</h3><dl>' +
        [['equity', perf.equity], ['total pnl', perf.total_pnl], ['realized', perf.realized_pnl], ['unrealized', perf.unrealized_pnl],
         ['max drawdown', (perf.max_drawdown * 100).toFixed(2) + '%'], ['win rate', (perf.win_rate * 100).toFixed(1) + '%'], ['sharpe ratio', perf.sharpe_ratio], ['trades', perf.trades]]
          .map(([k, v]) => '<dt>' + k + '</dt><dd>' + esc(fmt(v)) + '</dd>').join('') + '</dl></div>';
    }
  }

  function renderFeed() {
    const ul = $('feed');
    ul.innerHTML = state.feed.slice().reverse().map((f) => '<li class="' + f.cls + '"><span class="t">' + esc(f.text) + '</span>' + esc(f.body) + '</li>').join('');
    $('feed-note').textContent = state.paused ? 'paused' : 'newest first, last ' + FEED_MAX;
  }

  function render() {
    rollSeconds();
    $('conn-state').textContent = STATE_TEXT[state.connState] || state.connState;
    $('conn-state').className = 'state ' + state.connState;
    $('conn-detail').textContent = state.detail;
    $('hb-age').textContent = state.lastHeartbeat ? ((Date.now() - state.lastHeartbeat) / 1000).toFixed(1) + ' s' : '-';
    $('head-seq').textContent = fmt(state.headSeq);
    $('rate').textContent = fmt(state.rate);
    $('received').textContent = fmt(state.received);
    $('missed').textContent = fmt(state.missed);
    $('missed').className = 'v' + (state.missed > 0 ? ' bad' : '');
    if (state.dirty) {
      state.dirty = false;
      // Each part on its own: a value one of them cannot draw must not stop the others, then or at the next tick.
      for (const part of [renderTypes, renderChips, renderHealth, renderOrders, renderFeed]) {
        if (part === renderFeed && state.paused) continue;
        try { part(); } catch (err) { console.error('monitor: cannot draw ' + part.name, err); }
      }
    }
  }

  $('pause').onclick = () => { state.paused = !state.paused; $('pause').textContent = state.paused ? 'Resume' : 'Pause'; renderFeed(); };
  window.tickertape = state; // for debugging in the console
  try { applyFilter(readFilter(Object.fromEntries(new URLSearchParams(location.hash.slice(1))))); }
  catch (err) { $('f-active').textContent = err.message; $('f-active').className = 'bad'; }
  connect();
  pollStats();
  pollServed('aggregates', 'rates-note', 'aggregates are off on this server', 'rates unavailable',
    () => '/api/telemetry/aggregates?by=' + ratesBy + '&window=1m', renderRates);
  pollServed('alerts', 'alerts-note', '(no alert rules on this server)', 'alerts unavailable',
    () => '/api/telemetry/alerts', renderAlerts);
  setInterval(render, 250);
})();
