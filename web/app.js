/*
 * pactum web UI: a small single-page application over the JSON API.
 * Every piece of contract text reaches the page through textContent or
 * text nodes, never through innerHTML, so a contract cannot inject markup.
 * Routes live in the URL hash so every view can be linked and reloaded:
 *   #/?kind=&party=&unsigned=1&expiring=90   portfolio
 *   #/doc/ID                                  one document, facts highlighted
 *   #/family/N?as_of=YYYY-MM-DD               family timeline and consolidated text
 *   #/search?q=...   #/due?within=90d   #/upload
 */
'use strict';

const main = document.getElementById('main');

/* ------------------------------------------------------------ helpers */

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

async function api(path, opts) {
  const res = await fetch('/api' + path, Object.assign({ credentials: 'same-origin' }, opts || {}));
  if (!res.ok) {
    let msg = res.status + ' ' + res.statusText;
    try { const j = await res.json(); if (j.error) msg = j.error.message; } catch (e) { /* not JSON */ }
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return res;
}
const apiJSON = async (path, opts) => (await api(path, opts)).json();

function toast(msg) {
  const t = document.getElementById('toast');
  t.textContent = msg;
  t.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove('show'), 3500);
}

function showError(err) {
  main.replaceChildren(el('div', { class: 'error-box', role: 'alert' }, String(err.message || err)));
}

function todayISO(offsetDays) {
  const d = new Date(Date.now() + (offsetDays || 0) * 86400000);
  return d.toISOString().slice(0, 10);
}

function parseHash() {
  const h = location.hash.replace(/^#/, '') || '/';
  const [path, query] = h.split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(query || '') };
}

function go(path, params) {
  const q = params && [...params.keys()].length ? '?' + params.toString() : '';
  location.hash = '#' + path + q;
}

function setNav(name) {
  for (const a of document.querySelectorAll('[data-nav]'))
    a.classList.toggle('active', a.dataset.nav === name);
}

function kindBadge(kind, ordinal) {
  const label = kind === 'amendment' && ordinal ? 'amendment ' + ordinal : (kind || '?');
  return el('span', { class: 'badge kind-' + (kind || 'other') }, label);
}

function sevBadge(sev) { return el('span', { class: 'badge ' + sev }, sev); }

/* A sortable table: columns [{key, label, render?, sort?}] */
function sortableTable(id, columns, rows, state) {
  const table = el('table', { class: 'grid', id });
  const thead = el('thead');
  const tbody = el('tbody');
  const draw = () => {
    const col = columns.find(c => c.key === state.sort) || columns[0];
    const val = r => (col.sort ? col.sort(r) : r[col.key]);
    const sorted = rows.slice().sort((a, b) => {
      const x = val(a), y = val(b);
      if (x === y) return 0;
      if (x === null || x === undefined || x === '') return 1;
      if (y === null || y === undefined || y === '') return -1;
      return (x < y ? -1 : 1) * (state.dir === 'desc' ? -1 : 1);
    });
    tbody.replaceChildren(...sorted.map(r => el('tr', {},
      columns.map(c => el('td', {}, c.render ? c.render(r) : (r[c.key] ?? ''))))));
    for (const th of thead.querySelectorAll('th')) {
      th.classList.toggle('sorted-asc', th.dataset.key === state.sort && state.dir !== 'desc');
      th.classList.toggle('sorted-desc', th.dataset.key === state.sort && state.dir === 'desc');
    }
  };
  thead.append(el('tr', {}, columns.map(c => el('th', {
    'data-key': c.key, scope: 'col',
    onclick: () => {
      state.dir = state.sort === c.key && state.dir !== 'desc' ? 'desc' : 'asc';
      state.sort = c.key;
      draw();
    },
  }, c.label))));
  table.append(thead, tbody);
  draw();
  return table;
}

/* ---------------------------------------------------------- portfolio */

const portfolioSort = { sort: 'id', dir: 'asc' };

async function portfolioView(params) {
  setNav('portfolio');
  const q = new URLSearchParams();
  for (const k of ['kind', 'party', 'family']) if (params.get(k)) q.set(k, params.get(k));
  if (params.get('unsigned')) q.set('unsigned', '1');
  const within = params.get('expiring');
  if (within) q.set('expiring_before', todayISO(Number(within)));
  if (params.get('before')) q.set('expiring_before', params.get('before'));
  const rows = await apiJSON('/documents?' + q.toString());

  const setParam = (k, v) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v); else p.delete(k);
    go('/', p);
  };
  const kind = el('select', { id: 'filter-kind', 'aria-label': 'Kind', onchange: e => setParam('kind', e.target.value) },
    ['', 'agreement', 'amendment', 'joinder', 'other'].map(k =>
      el('option', { value: k, selected: params.get('kind') === k }, k || 'all kinds')));
  const party = el('input', { id: 'filter-party', type: 'search', placeholder: 'Party', value: params.get('party') || '',
    onchange: e => setParam('party', e.target.value.trim()) });
  const chip = (id, label, key, value) => el('button', {
    id, class: 'chip' + (params.get(key) ? ' on' : ''), type: 'button',
    onclick: () => setParam(key, params.get(key) ? '' : value),
  }, label);

  const cols = [
    { key: 'id', label: 'ID', sort: r => r.id * 1000 + r.doc,
      render: r => el('a', { href: '#/doc/' + r.id }, r.doc ? r.id + '.' + r.doc : String(r.id)) },
    { key: 'kind', label: 'Kind', render: r => kindBadge(r.kind, r.ordinal) },
    { key: 'title', label: 'Title', render: r => el('a', { href: '#/doc/' + r.id, class: 'doc-title' }, r.title || r.name) },
    { key: 'parties', label: 'Parties' },
    { key: 'effective_date', label: 'Effective', sort: r => r.effective_date || r.agreement_date,
      render: r => r.effective_date || r.agreement_date || '' },
    { key: 'expiration_date', label: 'Expires' },
    { key: 'signed', label: 'Executed', sort: r => r.signed,
      render: r => r.signed === 0 ? el('span', { class: 'no' }, 'not fully') : r.signed === 1 ? el('span', { class: 'yes' }, 'yes') : '' },
    { key: 'findings', label: 'Findings', sort: r => famFindings.get(r.family)?.score ?? -1,
      render: r => findingsCell(r.family) },
    { key: 'family', label: 'Family', render: r => r.family ? el('a', { href: '#/family/' + r.family }, 'family ' + r.family) : '' },
  ];
  const count = el('span', { class: 'muted', id: 'row-count' }, rows.length + ' document' + (rows.length === 1 ? '' : 's'));
  main.replaceChildren(
    el('h1', {}, 'Portfolio'),
    el('div', { class: 'toolbar' }, kind, party,
      chip('quick-expiring', 'Expiring within 90 days', 'expiring', '90'),
      chip('quick-unsigned', 'Not fully executed', 'unsigned', '1'),
      params.get('family') ? el('button', { class: 'chip on', onclick: () => setParam('family', '') }, 'family ' + params.get('family') + ' ×') : null,
      count),
    rows.length ? sortableTable('portfolio', cols, rows, portfolioSort)
      : el('div', { class: 'card muted' }, 'No documents match. ', el('a', { href: '#/upload' }, 'Upload contracts'), ' or run pactum add.'));
  loadFindings();
}

/* Findings per family, fetched once per page view and filled in. */
const famFindings = new Map();
function findingsCell(family) {
  const span = el('span', { class: 'findings-cell', 'data-family': family || '' });
  fillFindings(span);
  return span;
}
function fillFindings(span) {
  const f = famFindings.get(Number(span.dataset.family));
  if (!f) return;
  span.replaceChildren(...['error', 'warning'].filter(s => f[s]).map(s => el('span', { class: 'badge ' + s, title: s + 's in the family' }, f[s] + ' ' + s + (f[s] > 1 ? 's' : ''))));
}
async function loadFindings() {
  try {
    const all = await apiJSON('/findings');
    famFindings.clear();
    for (const fam of all.families) {
      const counts = { error: 0, warning: 0, info: 0 };
      const list = (fam.findings && fam.findings.findings) || fam.findings || [];
      for (const f of list) counts[f.severity] = (counts[f.severity] || 0) + 1;
      counts.score = counts.error * 1000 + counts.warning;
      famFindings.set(fam.family, counts);
    }
    document.querySelectorAll('.findings-cell').forEach(fillFindings);
  } catch (e) { /* findings are an extra: the table stands without them */ }
}

/* ----------------------------------------------------------- document */

const FACT_KEYS = ['document_name', 'identifier', 'agreement_date', 'effective_date', 'expiration_date',
  'initial_term', 'renewal_term', 'notice_period_to_terminate_renewal', 'governing_law'];

function collectFacts(facts) {
  const out = [];
  const add = (label, v, text) => {
    if (v && v.span && v.span.end > v.span.start) out.push({ label, value: text ?? v.value ?? v.text, raw: v.raw, span: v.span, rule: v.rule });
  };
  (facts.documents || []).forEach((d, di) => {
    const pre = facts.documents.length > 1 ? 'doc ' + (di + 1) + ' · ' : '';
    for (const k of FACT_KEYS) add(pre + k.replace(/_/g, ' '), d[k]);
    for (const p of d.parties || []) {
      add(pre + 'party (' + (p.role || 'party') + ')', p.name, p.name.text);
      for (const a of p.aliases || []) add(pre + 'alias of ' + p.name.text, a, a.text);
      for (const v of p.variants || []) add(pre + 'variant of ' + p.name.text, v, v.text);
      for (const k of ['entity_type', 'jurisdiction', 'address']) if (p[k]) add(pre + k.replace('_', ' ') + ' · ' + p.name.text, p[k]);
    }
    for (const s of d.signature_dates || []) add(pre + 'signature date', s);
    for (const r of d.references || d.refs || []) if (r.title) add(pre + 'reference (' + r.relation + ')', r.title, r.title.text);
  });
  return out.sort((a, b) => a.span.start - b.span.start);
}

/* Builds the source text with <mark> segments; every fact gets its marks. */
function renderSource(bytes, encoding, facts) {
  const dec = new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : 'utf-8');
  const cuts = new Set([0, bytes.length]);
  for (const f of facts) { cuts.add(Math.min(f.span.start, bytes.length)); cuts.add(Math.min(f.span.end, bytes.length)); }
  const points = [...cuts].sort((a, b) => a - b);
  const pre = el('div', { class: 'source', id: 'source' });
  let active = [];
  let fi = 0;
  const byStart = facts.map((f, i) => [f, i]);
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k], b = points[k + 1];
    while (fi < byStart.length && byStart[fi][0].span.start <= a) { active.push(byStart[fi]); fi++; }
    active = active.filter(([f]) => f.span.end > a);
    const text = dec.decode(bytes.subarray(a, b));
    if (active.length) {
      pre.append(el('mark', { 'data-facts': active.map(([, i]) => i).join(' '), title: active.map(([f]) => f.label).join(', ') }, text));
    } else {
      pre.append(document.createTextNode(text));
    }
  }
  return pre;
}

function focusFact(i) {
  document.querySelectorAll('#source mark.active').forEach(m => m.classList.remove('active'));
  const marks = [...document.querySelectorAll('#source mark')].filter(m => m.dataset.facts.split(' ').includes(String(i)));
  marks.forEach(m => m.classList.add('active'));
  if (marks[0]) marks[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
}

/* The first offset in the read text of original offset o, through the runs
 * [text, orig] of /text's map (sorted both ways; docs/formats.md). */
function toTextOffset(map, o) {
  let lo = 0, hi = map.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (map[mid][1] <= o) lo = mid + 1; else hi = mid; }
  if (lo === 0) return 0;
  const [t, orig] = map[lo - 1];
  return lo < map.length ? Math.min(t + (o - orig), map[lo][0]) : t + (o - orig);
}

/* The source pane. Text files: the stored bytes (/raw), decoded here. HTML,
 * DOCX and PDF: the text the library read (/text); HTML spans count in the
 * file and go through the map, DOCX and PDF spans already count in the text. */
async function sourcePane(id, file, format, facts) {
  const ref = '/documents/' + encodeURIComponent(id);
  if (format === 'text') {
    const raw = await api(ref + '/raw');
    return renderSource(new Uint8Array(await raw.arrayBuffer()), file.encoding, facts);
  }
  const t = await apiJSON(ref + '/text');
  const shown = format === 'html'
    ? facts.map(f => ({ ...f, span: { start: toTextOffset(t.map, f.span.start), end: toTextOffset(t.map, f.span.end) } }))
    : facts;
  return renderSource(new TextEncoder().encode(t.text), 'utf-8', shown);
}

async function documentView(id) {
  setNav('portfolio');
  const show = await apiJSON('/documents/' + encodeURIComponent(id));
  const file = show.file;
  const format = (file.facts && file.facts.format) || 'text';
  const facts = collectFacts(file.facts || {});
  const source = await sourcePane(id, file, format, facts);
  const docs = (file.facts && file.facts.documents) || [];
  const head = docs[0] || {};
  const title = (head.document_name && head.document_name.value) || file.name;
  const famLinks = (show.families || []).map(f => el('a', { href: '#/family/' + f.id, class: 'family-link' }, 'family ' + f.id + (f.expiration ? ' · expires ' + f.expiration : '')));
  main.replaceChildren(
    el('h1', { id: 'doc-title' }, title),
    el('div', { class: 'toolbar' }, kindBadge(head.kind, head.ordinal), el('span', { class: 'muted', id: 'doc-meta' }, file.name + ' · ' + file.bytes + ' bytes · ' + (format === 'text' ? file.encoding : format) + ' · sha256 ' + String(file.sha256).slice(0, 12)), ...famLinks),
    el('div', { class: 'doc-layout' },
      source,
      el('aside', { class: 'facts', id: 'facts' },
        el('h2', {}, 'Facts (' + facts.length + ')'),
        facts.map((f, i) => el('button', { class: 'fact', type: 'button', 'data-fact': i, onclick: () => focusFact(i) },
          el('div', { class: 'k' }, f.label),
          el('div', { class: 'v' }, String(f.value ?? '')),
          el('div', { class: 'r' }, f.rule + ' · ' + f.span.start + '–' + f.span.end))))));
}

/* ------------------------------------------------------------- family */

function docTitle(d) {
  return d.title || (d.kind + (d.ordinal ? ' ' + d.ordinal : ''));
}

function timeline(fam, state, asOf) {
  const docs = fam.documents || [];
  const dates = [];
  for (const d of docs) if (d.order_date) dates.push(d.order_date);
  const term = state.term || {};
  if (term.start) dates.push(term.start);
  if (term.expiration && /^\d{4}/.test(term.expiration)) dates.push(term.expiration);
  for (const d of docs) for (const op of d.operations || [])
    for (const v of [op.before, op.after]) if (typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v)) dates.push(v);
  if (asOf) dates.push(asOf);
  const W = 900, H = 170, L = 30, R = 30;
  const s = svg('svg', { class: 'timeline', id: 'timeline', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Timeline of the agreement and its amendments' });
  if (!dates.length) { s.append(svg('text', { x: 10, y: 20 }, 'No dates known')); return s; }
  const t = iso => Date.parse(iso + 'T00:00:00Z');
  let lo = Math.min(...dates.map(t)), hi = Math.max(...dates.map(t));
  if (hi === lo) { lo -= 365 * 86400000; hi += 365 * 86400000; }
  const pad = (hi - lo) * 0.05; lo -= pad; hi += pad;
  const x = iso => L + (t(iso) - lo) / (hi - lo) * (W - L - R);
  const axisY = 110;
  s.append(svg('line', { class: 'axis', x1: L, y1: axisY, x2: W - R, y2: axisY }));
  for (let y = new Date(lo).getUTCFullYear() + 1; y <= new Date(hi).getUTCFullYear(); y++) {
    const xx = x(y + '-01-01');
    s.append(svg('line', { class: 'axis', x1: xx, y1: axisY - 3, x2: xx, y2: axisY + 3 }));
    s.append(svg('text', { x: xx, y: axisY + 16, 'text-anchor': 'middle' }, String(y)));
  }
  /* the term as of the date, and each change of the expiration */
  const start = term.start || docs.find(d => d.order_date)?.order_date;
  if (start && term.expiration && /^\d{4}/.test(term.expiration)) {
    s.append(svg('rect', { class: 'term', x: x(start), y: axisY - 16, width: Math.max(2, x(term.expiration) - x(start)), height: 10 }));
    s.append(svg('text', { x: x(term.expiration), y: axisY - 20, 'text-anchor': 'end', id: 'timeline-expiration' }, 'expires ' + term.expiration));
  }
  for (const d of docs) for (const op of d.operations || []) {
    if ((op.action === 'extend-term' || op.action === 'change-term') && /^\d{4}-/.test(op.after || '') && d.order_date) {
      s.append(svg('text', { x: x(d.order_date), y: axisY + 34, 'text-anchor': 'middle' }, (op.before || '?') + ' → ' + op.after));
    }
  }
  docs.forEach((d, i) => {
    if (!d.order_date) return;
    const cx = x(d.order_date), cy = 50 + (i % 3) * 16;
    s.append(svg('line', { class: 'axis', x1: cx, y1: cy, x2: cx, y2: axisY }));
    const c = svg('circle', { class: 'doc' + (d.on_file ? '' : ' missing'), cx, cy, r: 6 });
    c.append(svg('title', {}, docTitle(d) + ' · ' + d.order_date + ' (' + (d.order_basis || '').replace(/_/g, ' ') + ')' + (d.on_file ? '' : ' · not on file')));
    s.append(c);
    const label = (d.kind === 'amendment' ? 'A' + (d.ordinal || '') : d.kind === 'agreement' ? 'Agreement' : d.kind) + (d.on_file ? '' : ' (not on file)');
    s.append(svg('text', { x: cx + 9, y: cy + 4 }, label));
  });
  if (asOf) {
    s.append(svg('line', { class: 'asof', x1: x(asOf), y1: 20, x2: x(asOf), y2: axisY + 6 }));
    s.append(svg('text', { x: x(asOf), y: 14, 'text-anchor': 'middle' }, 'as of ' + asOf));
  }
  return s;
}

function provenance(from, docsById) {
  if (!from) return '';
  const d = docsById.get(from.doc_id);
  return (d ? docTitle(d) : from.doc_id) + (from.provision ? ' · ' + (/^\d/.test(from.provision) ? '§' : '') + from.provision : '');
}

async function familyView(fid, params) {
  setNav('portfolio');
  const asOf = params.get('as_of') || todayISO();
  const data = await apiJSON('/families/' + encodeURIComponent(fid) + '?as_of=' + encodeURIComponent(asOf));
  const cons = data.consolidated || {};
  const fams = cons.families || [];
  const findings = cons.findings || [];
  const picker = el('input', { type: 'date', id: 'as-of', value: asOf, 'aria-label': 'As of date',
    onchange: e => { if (e.target.value) go('/family/' + fid, new URLSearchParams({ as_of: e.target.value })); } });
  const blocks = fams.map(fam => familyBlock(fam, asOf, data.files || []));
  main.replaceChildren(
    el('h1', {}, 'Family ' + fid),
    el('div', { class: 'toolbar' }, el('label', { for: 'as-of' }, 'Stated as of '), picker,
      el('button', { type: 'button', onclick: () => go('/family/' + fid, new URLSearchParams({ as_of: todayISO() })) }, 'Today'),
      el('a', { href: '#/?family=' + fid }, 'documents of this family')),
    ...blocks,
    el('h2', {}, 'Findings (' + findings.length + ')'),
    findings.length ? el('div', { class: 'card', id: 'findings' }, findings.map(f =>
      el('div', { class: 'finding' }, sevBadge(f.severity), ' ', el('code', {}, f.code), ' ', f.message))) : el('p', { class: 'muted' }, 'No findings.'));
}

function familyBlock(fam, asOf, files) {
  const state = fam.state || {};
  const docs = fam.documents || [];
  const docsById = new Map(docs.map(d => [d.id, d]));
  const fileLink = d => {
    if (!d.file) return null;
    const base = d.file.split('/').pop();
    const f = files.find(x => x.name === base || x.name === d.file);
    return f ? el('a', { href: '#/doc/' + f.id }, 'open') : null;
  };
  const term = state.term || {};
  const kv = el('dl', { class: 'kv' },
    el('dt', {}, 'Expiration'), el('dd', { id: 'expiration' }, term.expiration || 'unknown'),
    el('dt', {}, 'Expiration from'), el('dd', {}, provenance(term.expiration_from, docsById) || '—'),
    el('dt', {}, 'Term start'), el('dd', {}, term.start || 'unknown'),
    el('dt', {}, 'Complete'), el('dd', {}, state.complete ? 'yes' : 'no: some documents are not on file'));
  const terms = (state.defined_terms || []).map(t => el('div', { class: 'card defined-term', 'data-term': t.term },
    el('strong', {}, '“' + t.term + '”'), ' — ', t.members.length + ' member' + (t.members.length === 1 ? '' : 's'), t.complete ? '' : ' (may be incomplete)',
    el('ul', {}, t.members.map(m => el('li', {}, m.name, el('span', { class: 'muted' }, ' · ' + provenance(m.from, docsById)))))));
  const sections = (state.sections || []).map(sec => {
    let body = sec.text;
    if (!body && sec.from) {
      const d = docsById.get(sec.from.doc_id);
      const op = d && (d.operations || []).find(o => o.provision === sec.from.provision && o.text);
      body = op ? op.text : null;
    }
    return el('div', { class: 'clause', 'data-status': sec.status || '' },
      el('div', {}, el('strong', {}, (sec.number || '') + (sec.heading ? ' ' + sec.heading : '')), ' ', el('span', { class: 'badge' }, sec.status || '')),
      el('div', { class: 'src' }, 'from ' + provenance(sec.from, docsById)),
      el('div', { class: 'body' }, body || 'Text not on file.'));
  });
  const changeRow = (c, pending) => el('tr', { class: pending ? 'muted' : '' },
    el('td', {}, c.date || ''), el('td', {}, (c.basis || '').replace(/_/g, ' ')), el('td', {}, docTitle(docsById.get(c.doc_id) || { title: c.doc_id })),
    el('td', {}, c.action || ''), el('td', {}, c.target || ''), el('td', {}, pending ? 'later' : 'in effect'));
  const changes = [...(state.changes || []).map(c => changeRow(c, false)), ...(state.pending || []).map(c => changeRow(c, true))];
  return el('section', { class: 'family' },
    el('div', { class: 'card' }, kv, (state.caveats || []).map(c => el('p', { class: 'muted' }, c))),
    timeline(fam, state, asOf),
    el('h2', {}, 'Documents'),
    el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, ['Document', 'Kind', 'Date', 'Basis', 'On file', ''].map(h => el('th', {}, h)))),
      el('tbody', {}, docs.map(d => el('tr', {}, el('td', {}, docTitle(d)), el('td', {}, kindBadge(d.kind, d.ordinal)),
        el('td', {}, d.order_date || ''), el('td', {}, (d.order_basis || '').replace(/_/g, ' ')),
        el('td', {}, d.on_file ? 'yes' : el('span', { class: 'no' }, 'not on file')), el('td', {}, fileLink(d)))))),
    el('h2', {}, 'Parties as of ' + asOf),
    el('ul', { id: 'parties' }, (state.parties || []).map(p => el('li', {}, p.name, el('span', { class: 'muted' }, ' · ' + provenance(p.from, docsById))))),
    el('h2', {}, 'Defined party terms'), terms.length ? terms : el('p', { class: 'muted' }, 'None.'),
    el('h2', {}, 'Amended and restated'), sections.length ? sections : el('p', { class: 'muted' }, 'No section text is known.'),
    el('h2', {}, 'Change log'),
    changes.length ? el('table', { class: 'grid', id: 'changes' }, el('thead', {}, el('tr', {}, ['Date', 'Basis', 'Document', 'Action', 'Target', 'Status'].map(h => el('th', {}, h)))), el('tbody', {}, changes))
      : el('p', { class: 'muted' }, 'No changes.'));
}

/* ------------------------------------------------------------- search */

function snippet(text) {
  /* the store marks matched terms with [ and ] */
  const out = el('p', { class: 'snippet' });
  const re = /\[([^\]]*)\]/g;
  let last = 0, m;
  while ((m = re.exec(text)) !== null) {
    out.append(document.createTextNode(text.slice(last, m.index)), el('mark', {}, m[1]));
    last = re.lastIndex;
  }
  out.append(document.createTextNode(text.slice(last)));
  return out;
}

async function searchView(params) {
  setNav('search');
  const q = params.get('q') || '';
  const input = el('input', { type: 'search', id: 'search-q', value: q, placeholder: 'Words, "a phrase", prefix*', 'aria-label': 'Search query' });
  const form = el('form', { class: 'toolbar', onsubmit: e => { e.preventDefault(); go('/search', new URLSearchParams({ q: input.value })); } },
    input, el('button', { type: 'submit' }, 'Search'));
  main.replaceChildren(el('h1', {}, 'Search'), form);
  if (!q.trim()) return;
  const hits = await apiJSON('/search?q=' + encodeURIComponent(q));
  main.append(el('p', { class: 'muted', id: 'hit-count' }, hits.length + ' hit' + (hits.length === 1 ? '' : 's')),
    el('div', { id: 'results' }, hits.map(h => el('div', { class: 'card hit' },
      el('a', { href: '#/doc/' + h.id, class: 'doc-title' }, h.title || h.name),
      ' ', kindBadge(h.kind, h.ordinal),
      h.section || h.heading ? el('span', { class: 'muted' }, ' · ' + [h.section ? '§' + h.section : '', h.heading || ''].join(' ')) : null,
      h.family_title && h.family ? el('span', { class: 'muted' }, ' · family: ', el('a', { href: '#/family/' + h.family }, h.family_title)) : null,
      snippet(h.snippet || '')))));
}

/* ---------------------------------------------------------------- due */

async function dueView(params) {
  setNav('due');
  const within = params.get('within') || '90d';
  const rows = await apiJSON('/due?within=' + encodeURIComponent(within));
  const sel = el('select', { id: 'due-within', onchange: e => go('/due', new URLSearchParams({ within: e.target.value })) },
    ['30d', '90d', '180d', '1y', '5y', '50y'].map(v => el('option', { value: v, selected: v === within }, 'within ' + v)));
  main.replaceChildren(el('h1', {}, 'Due'), el('div', { class: 'toolbar' }, sel, el('span', { class: 'muted' }, rows.length + ' deadline' + (rows.length === 1 ? '' : 's'))),
    rows.length ? sortableTable('due', [
      { key: 'date', label: 'Date' },
      { key: 'days', label: 'Days' },
      { key: 'event', label: 'Event', render: r => (r.event || '').replace(/_/g, ' ') },
      { key: 'title', label: 'Document', render: r => el('a', { href: '#/doc/' + r.id }, r.title || r.name) },
      { key: 'basis', label: 'Basis' },
      { key: 'family', label: 'Family', render: r => r.family ? el('a', { href: '#/family/' + r.family }, 'family ' + r.family) : '' },
    ], rows, { sort: 'date', dir: 'asc' }) : el('p', { class: 'muted' }, 'Nothing due in that window.'));
}

/* ------------------------------------------------------------- upload */

function uploadView() {
  setNav('upload');
  const log = el('ul', { id: 'upload-log' });
  const input = el('input', { type: 'file', id: 'upload-input', multiple: true, onchange: e => send(e.target.files) });
  const drop = el('div', { class: 'drop', id: 'drop' }, el('p', {}, 'Drop contract files here'), el('p', { class: 'muted' }, 'or '), input);
  async function send(files) {
    for (const f of files) {
      const li = el('li', {}, f.name + ': uploading…');
      log.append(li);
      try {
        const res = await apiJSON('/documents?name=' + encodeURIComponent(f.name), { method: 'POST', body: f, headers: { 'Content-Type': 'application/octet-stream' } });
        li.replaceChildren(f.name + ': ' + (res.duplicate ? 'already stored as ' : 'stored as '), el('a', { href: '#/doc/' + res.id }, 'document ' + res.id));
      } catch (e) {
        li.replaceChildren(el('span', { class: 'no' }, f.name + ': ' + e.message));
      }
    }
    refreshStats();
  }
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => { e.preventDefault(); drop.classList.remove('over'); send(e.dataTransfer.files); });
  main.replaceChildren(el('h1', {}, 'Upload'), drop, log);
}

/* ------------------------------------------------------------- router */

async function refreshStats() {
  try {
    const s = await apiJSON('/stats');
    document.getElementById('stats').textContent = s.files + ' files · ' + s.documents + ' documents · ' + s.families + ' families';
  } catch (e) { /* the header can live without it */ }
}

async function route() {
  const { parts, params } = parseHash();
  try {
    if (parts[0] === 'doc' && parts[1]) await documentView(parts[1]);
    else if (parts[0] === 'family' && parts[1]) await familyView(parts[1], params);
    else if (parts[0] === 'search') await searchView(params);
    else if (parts[0] === 'due') await dueView(params);
    else if (parts[0] === 'upload') uploadView();
    else await portfolioView(params);
    main.dataset.ready = location.hash || '#/';
  } catch (e) {
    showError(e);
    main.dataset.ready = 'error';
  }
}

document.getElementById('quick-search').addEventListener('submit', e => {
  e.preventDefault();
  const q = document.getElementById('quick-q').value;
  if (q.trim()) go('/search', new URLSearchParams({ q }));
});
window.addEventListener('hashchange', route);
refreshStats();
route();
