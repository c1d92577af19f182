// Browser tests of `pactum serve`: a real headless Chromium (Debian's) driven
// by playwright-core. Started by tests/web.sh, which builds a store and starts
// the server; this script gets the base URL and the screenshot folder.
//
//   node e2e.mjs BASE_URL SHOT_DIR SEED_PRESENT(0|1)
//
// Each test saves a screenshot of its page. Exit status 0 when all pass.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const [base, shots, seedArg] = process.argv.slice(2);
const haveSeed = seedArg === '1';
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// bypassCSP lets playwright evaluate its helpers; the escaping test checks the DOM itself
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
const dialogs = [];
page.on('dialog', async d => { dialogs.push(d.message()); await d.dismiss(); });
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(String(e)));

let passed = 0, failed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log('ok   ' + name);
  } catch (e) {
    failed++;
    console.log('FAIL ' + name + ': ' + (e && e.message ? e.message.split('\n')[0] : e));
  }
  try {
    await page.screenshot({ path: join(shots, name.replace(/[^a-z0-9]+/gi, '-').toLowerCase() + '.png'), fullPage: false });
  } catch (e) { /* a failed screenshot does not hide the test's own result */ }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
async function ready(hashPrefix) {
  await page.waitForFunction(p => (document.getElementById('main').dataset.ready || '').startsWith(p) ||
    document.getElementById('main').dataset.ready === 'error', hashPrefix, { timeout: 15000 });
  const state = await page.$eval('#main', m => m.dataset.ready);
  assert(state !== 'error', 'the page shows an error: ' + await page.$eval('#main', m => m.textContent));
}

await test('portfolio', async () => {
  await page.goto(base + '/#/');
  await ready('#/');
  const rows = await page.$$eval('#portfolio tbody tr', trs => trs.length);
  assert(rows >= 1, 'the portfolio table has no rows');
  const header = await page.$$eval('#portfolio th', ths => ths.map(t => t.textContent));
  for (const h of ['Kind', 'Parties', 'Expires', 'Findings']) assert(header.includes(h), 'no column ' + h);
  // sorting by a column reorders and marks the header
  await page.click('#portfolio th[data-key="title"]');
  assert(await page.$eval('#portfolio th[data-key="title"]', th => th.className.includes('sorted')), 'title column not marked sorted');
  // the quick filter for unsigned documents narrows the list
  await page.click('#quick-unsigned');
  await ready('#/?unsigned=1');
});

if (haveSeed) {
  await test('seed family as of a date', async () => {
    const rows = await (await fetch(base + '/api/documents?party=KMC')).json();
    const seed = rows.find(r => r.ordinal === 2 && r.family);
    assert(seed, 'the seed amendment is not in the list');
    await page.goto(base + '/#/family/' + seed.family + '?as_of=2003-06-01');
    await ready('#/family/');
    const exp1 = (await page.textContent('#expiration')).trim();
    assert(exp1 === '2005-09-30', 'expiration as of 2003-06-01 is ' + exp1);
    const members = await page.$$eval('[data-term="Customer"] li', lis => lis.length);
    assert(members === 9, '"Customer" has ' + members + ' members as of 2003-06-01');
    assert(await page.$('#timeline circle'), 'no timeline drawn');
    await page.fill('#as-of', '2000-06-01');
    await page.$eval('#as-of', i => i.dispatchEvent(new Event('change', { bubbles: true })));
    await page.waitForFunction(() => location.hash.includes('2000-06-01') && document.getElementById('main').dataset.ready.includes('2000-06-01'), null, { timeout: 15000 });
    const exp2 = (await page.textContent('#expiration')).trim();
    assert(exp2 === '2000-09-30', 'expiration as of 2000-06-01 is ' + exp2);
  });
}

const marker = 'Zephyrine Quillfeather Holdings';
const tmp = join(tmpdir(), 'pactum-e2e-' + process.pid + '.txt');
writeFileSync(tmp, [
  'MASTER SUPPLY AGREEMENT', '',
  'This Master Supply Agreement (the "Agreement") is entered into as of March 3, 2021 by and between',
  marker + ', Inc., a Delaware corporation ("Buyer"), and Orrin Vale Ltd., an English company ("Seller").', '',
  '1. TERM. This Agreement shall continue for three (3) years from the date above.', '',
  '2. NOTES. The Seller wrote <script>alert(1)</script> and <img src=x onerror=alert(2)> in its note.', '',
  'IN WITNESS WHEREOF, the parties have signed this Agreement.', '',
  marker.toUpperCase() + ', INC.          ORRIN VALE LTD.', '',
  'By: /s/ Ada Crane                     By:', 'Name: Ada Crane                       Name:', 'Title: CEO                            Title:', ''].join('\n'));

await test('upload and find in list', async () => {
  await page.goto(base + '/#/upload');
  await ready('#/upload');
  await page.setInputFiles('#upload-input', tmp);
  await page.waitForSelector('#upload-log a', { timeout: 20000 });
  const href = await page.getAttribute('#upload-log a', 'href');
  assert(/^#\/doc\/\d+$/.test(href), 'no link to the uploaded document: ' + href);
  await page.goto(base + '/#/?party=' + encodeURIComponent('Quillfeather'));
  await ready('#/');
  const titles = await page.$$eval('#portfolio tbody tr', trs => trs.map(t => t.textContent));
  assert(titles.some(t => t.includes('MASTER SUPPLY AGREEMENT')), 'the upload is not in the list');
});

await test('contract text is escaped', async () => {
  const rows = await (await fetch(base + '/api/documents?party=Quillfeather')).json();
  assert(rows.length, 'uploaded document not found');
  await page.goto(base + '/#/doc/' + rows[0].id);
  await ready('#/doc/');
  const text = await page.textContent('#source');
  assert(text.includes('<script>alert(1)</script>'), 'the script tag is not shown as text');
  assert(!(await page.$('#source script')) && !(await page.$('#source img')), 'contract text became markup');
  assert(dialogs.length === 0, 'a dialog opened: ' + dialogs.join(', '));
  // clicking a fact scrolls to and highlights its span
  const facts = await page.$$('#facts .fact');
  assert(facts.length > 0, 'no facts listed');
  await facts[0].click();
  assert(await page.$('#source mark.active'), 'clicking a fact highlights nothing');
});

await test('HTML contract read as text', async () => {
  // the synthetic HTML fixture: the view shows the text the reader made of it
  // (no tags, entities decoded) and a fact's highlight covers its value
  const html = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'readers', 'contract.html');
  await page.goto(base + '/#/upload');
  await ready('#/upload');
  await page.setInputFiles('#upload-input', html);
  await page.waitForSelector('#upload-log a', { timeout: 20000 });
  const href = await page.getAttribute('#upload-log a', 'href');
  await page.goto(base + '/' + href);
  await ready('#/doc/');
  const text = await page.textContent('#source');
  assert(text.includes('Marlow & Tate Logistics LLC'), 'the entities are not decoded in the view');
  assert(!/<\/?(p|div|h3|b)\b/i.test(text) && !text.includes('&amp;'), 'the view shows HTML markup');
  assert(!text.includes('script text is never read'), 'script content is shown');
  const facts = await page.$$('#facts .fact');
  assert(facts.length > 0, 'no facts listed');
  let checked = 0;
  for (const f of facts) {
    const label = await f.textContent();
    if (!label.includes('Quillon Crane Works')) continue;
    await f.click();
    const mark = await page.$eval('#source mark.active', m => m.textContent);
    assert(/Quillon Crane Works,\s+Inc\./.test(mark), 'the highlight is not on the party: ' + mark);
    checked++;
    break;
  }
  assert(checked === 1, 'no fact names the lessor');
});

await test('search for a phrase', async () => {
  const q = haveSeed ? '"additionally include"' : '"three years"';
  await page.goto(base + '/#/search?q=' + encodeURIComponent(q));
  await ready('#/search');
  const hits = await page.$$eval('#results .hit', h => h.length);
  assert(hits >= 1, 'no hits for ' + q);
  assert(await page.$('#results .snippet mark'), 'no highlighted snippet');
});

await browser.close();
if (pageErrors.length) { console.log('FAIL page errors: ' + pageErrors.join('; ')); failed++; }
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
