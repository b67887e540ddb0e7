// End-to-end tests of the `diligence serve` web application, driving the
// system Chromium (/usr/bin/chromium, headless) through playwright-core and
// run by node's own test runner:
//
//   DILIGENCE_URL=http://127.0.0.1:PORT/ node --test tests/web/e2e.test.mjs
//
// DILIGENCE_URL (required) is the running server's address. Screenshots go
// to DILIGENCE_ARTIFACTS (default: target/web-artifacts in the repository),
// one or more per test, each named after its test. scripts/test-web starts a
// server on a free loopback port and runs this suite against it.
//
// Every page a test opens is watched: a request to any host but the
// server's, a console error, an uncaught page error, a Content Security
// Policy violation, a response with a status of 500 or more, or a JavaScript
// dialog fails the test. Each test gets a fresh browser context.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createRequire } from "node:module";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const SCENARIOS = path.join(REPO, "data", "scenarios");

// The facts, in the spec's order, as the server's OpenAPI document lists
// them (read once the server's address is known).
let FACTS = [];

// Example scenarios whose [expected] tables the Assess page must reproduce.
const ASSESS_SCENARIOS = ["ransomware-hospitals-notified", "transboundary-smelter", "botnet-transit"];

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const RAW_URL = process.env.DILIGENCE_URL;
const ARTIFACTS = process.env.DILIGENCE_ARTIFACTS
  ? path.resolve(process.env.DILIGENCE_ARTIFACTS)
  : path.join(REPO, "target", "web-artifacts");

// ---------------------------------------------------------------------------
// Helpers that need no browser.

// Reads the [facts] and [expected] tables of a scenario file. The files are
// simple TOML: a few top-level keys (one a multi-line string), then tables of
// `key = "string"` or `key = true|false` lines. This reads exactly that.
function readScenario(name) {
  const text = readFileSync(path.join(SCENARIOS, name + ".toml"), "utf8");
  const tables = {};
  let table = null;
  let inMultiline = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inMultiline) {
      if (line.includes('"""')) inMultiline = false;
      continue;
    }
    if (/=\s*"""/.test(line)) {
      // A multi-line string opens here; it may also close on the same line.
      const rest = line.slice(line.indexOf('"""') + 3);
      if (!rest.includes('"""')) inMultiline = true;
      continue;
    }
    const header = line.match(/^\[([A-Za-z0-9_.-]+)\]$/);
    if (header) {
      table = header[1];
      tables[table] = tables[table] || {};
      continue;
    }
    if (!table || line === "" || line.startsWith("#")) continue;
    const kv = line.match(/^([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|(true|false))\s*(?:#.*)?$/);
    if (kv) tables[table][kv[1]] = kv[2] !== undefined ? kv[2] : kv[3];
  }
  const facts = tables.facts || {};
  const expected = tables.expected || {};
  for (const f of FACTS) {
    assert.ok(f in facts, `scenario ${name}: fact ${f} missing from [facts]`);
  }
  assert.ok(Object.keys(expected).length > 0, `scenario ${name}: no [expected] table`);
  return { name, facts, expected };
}

function slug(s) {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function factsMatch(url, facts) {
  const params = new URL(url).searchParams;
  return FACTS.every((f) => params.get(f) === facts[f]);
}

// ---------------------------------------------------------------------------
// Without a server address there is nothing to test: say so and fail.

if (!RAW_URL) {
  test("DILIGENCE_URL is set", () => {
    assert.fail(
      "DILIGENCE_URL is not set: start `diligence serve` and set DILIGENCE_URL to its address " +
        "(e.g. http://127.0.0.1:8080/), or run scripts/test-web, which does both",
    );
  });
} else {
  const doc = await (await fetch(new URL("/api/v1/openapi.json", RAW_URL))).json();
  FACTS = doc.components.schemas.FactsSchema.required;
  defineSuite(new URL(RAW_URL));
}

function defineSuite(base) {
  const ORIGIN = base.origin;
  const at = (p) => new URL(p, base).toString();
  let browser;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });

  after(async () => {
    if (browser) await browser.close();
  });

  // Checks every request, console message, error, response and dialog of
  // every page in the context; returns the list of problems seen.
  function watch(context) {
    const problems = [];
    const attach = (page) => {
      page.on("request", (req) => {
        const u = new URL(req.url());
        if (["data:", "blob:", "about:"].includes(u.protocol)) return;
        if (u.origin !== ORIGIN) problems.push(`request to another host: ${req.method()} ${req.url()}`);
      });
      page.on("console", (msg) => {
        if (msg.type() === "error") problems.push(`console error on ${page.url()}: ${msg.text()}`);
      });
      page.on("pageerror", (err) => problems.push(`page error on ${page.url()}: ${err.message}`));
      page.on("response", (res) => {
        if (res.status() >= 500) problems.push(`${res.status()} for ${res.request().method()} ${res.url()}`);
      });
      page.on("dialog", (dialog) => {
        problems.push(`unexpected ${dialog.type()} dialog on ${page.url()}: ${dialog.message()}`);
        dialog.dismiss().catch(() => {});
      });
    };
    context.on("page", attach);
    return problems;
  }

  // Defines one browser test: a fresh context and page, the watchers, a
  // screenshot named after the test at the end (pass or fail), and a final
  // check that no problem was seen.
  // `fullPage: false` keeps the screenshots to the viewport, for pages so
  // long (the printable report, every trace open) that a full-page capture
  // would take most of the test's time on a slow machine.
  function browserTest(name, fn, contextOptions = {}, { fullPage = true, timeout = 30_000 } = {}) {
    test(name, { timeout }, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
      try {
        await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ORIGIN });
        // Nothing may leave the machine: requests to other hosts are
        // recorded as problems above and never sent.
        await context.route(
          (u) => u.origin !== ORIGIN,
          (route) => route.abort("blockedbyclient"),
        );
        // Report CSP violations even where Chromium would not log them.
        await context.addInitScript(() => {
          document.addEventListener("securitypolicyviolation", (e) => {
            console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"}`);
          });
        });
        const problems = watch(context);
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        page.setDefaultNavigationTimeout(15_000);
        const base = slug(name);
        const snap = async (label) => {
          const file = path.join(ARTIFACTS, label ? `${base}--${slug(label)}.png` : `${base}.png`);
          await page.screenshot({ path: file, fullPage, timeout: 20_000 });
        };
        const go = async (p) => {
          const res = await page.goto(at(p));
          assert.ok(res, `no response for ${p}`);
          assert.equal(res.status(), 200, `GET ${p} answered ${res.status()}`);
          return res;
        };
        try {
          await fn({ page, context, go, snap });
        } finally {
          await snap().catch(() => {});
        }
        assert.deepEqual(problems, [], `problems seen on the pages of "${name}"`);
      } finally {
        await context.close();
      }
    });
  }

  // The status of every results row on the page, by profile id.
  async function statuses(page) {
    return page.$$eval("#results-table tbody tr[data-profile]", (rows) =>
      Object.fromEntries(
        rows.map((r) => {
          const cell = r.querySelector("td[data-status]");
          return [r.dataset.profile, cell ? cell.dataset.status : null];
        }),
      ),
    );
  }

  function checkExpected(got, scenario, where) {
    for (const [profile, status] of Object.entries(scenario.expected)) {
      assert.ok(profile in got, `${where}: no results row for ${profile}`);
      assert.equal(got[profile], status, `${where}: ${profile} should be ${status}`);
    }
  }

  // What the Assess form says of one fact, as the compact address writes
  // it: `notified`, `notified,actual`, or `unknown` (Unknown ticked).
  async function factValue(page, fact) {
    return page.$eval(`#assess-form fieldset[data-fact="${fact}"]`, (fs) => {
      const boxes = Array.from(fs.querySelectorAll("input[type=checkbox]"));
      if (boxes.some((b) => b.value === "unknown" && b.checked)) return "unknown";
      return boxes
        .filter((b) => b.checked)
        .map((b) => b.value)
        .join(",");
    });
  }

  // Ticks the boxes of one fact as a person would: the wanted values (or
  // Unknown) first, then clears the others.
  async function tickFact(page, fact, value) {
    const wanted = value.split(",");
    for (const v of wanted) await page.check(`#f-${fact}-${v}`);
    const all = await page.$$eval(`#assess-form fieldset[data-fact="${fact}"] input[type=checkbox]`, (bs) =>
      bs.map((b) => b.value),
    );
    for (const v of all) if (!wanted.includes(v)) await page.uncheck(`#f-${fact}-${v}`);
  }

  // Waits for the live update to finish: the address encodes the facts
  // and the results table has been replaced.
  async function settled(page, facts) {
    await page.waitForURL((u) => factsMatch(u.toString(), facts));
    await page.waitForSelector("#results-table:not([data-stale])", { state: "attached" });
    await page.waitForFunction(() => !document.getElementById("results").hasAttribute("aria-busy"));
  }

  // Sets every fact's boxes and waits for the live update.
  async function setFacts(page, facts) {
    await page.$eval("#results-table", (t) => t.setAttribute("data-stale", ""));
    for (const f of FACTS) await tickFact(page, f, facts[f]);
    // A box already as wanted sends no change: ask for one update at the end.
    await page.$eval("#assess-form", (f) => f.dispatchEvent(new Event("change", { bubbles: true })));
    await settled(page, facts);
    for (const f of FACTS) {
      assert.equal(await factValue(page, f), facts[f], `the boxes of ${f}`);
    }
  }

  // -------------------------------------------------------------------------
  // Assess: example scenarios reproduce their expected statuses, live, from
  // a reloaded shareable address, and in the JSON export.

  for (const name of ASSESS_SCENARIOS) {
    browserTest(`assess ${name}`, async ({ page, go }) => {
      const scenario = readScenario(name);
      await go("/assess");
      await page.waitForSelector("#assess-form");
      for (const f of FACTS) {
        assert.equal(await page.locator(`#assess-form fieldset[data-fact="${f}"]`).count(), 1, `a fieldset for ${f}`);
        assert.equal(await page.locator(`#f-${f}-unknown`).count(), 1, `an Unknown box for ${f}`);
      }
      await page.fill("#title", `e2e ${name}`);
      await setFacts(page, scenario.facts);

      // The statuses, once the live update has landed (poll briefly in case
      // a superseded response was still being applied).
      await page
        .waitForFunction(
          (exp) =>
            Object.entries(exp).every(([p, s]) => {
              const c = document.querySelector(`#results-table tr[data-profile="${p}"] td[data-status]`);
              return c && c.dataset.status === s;
            }),
          scenario.expected,
          { timeout: 5_000 },
        )
        .catch(() => {});
      const live = await statuses(page);
      checkExpected(live, scenario, "live results");

      // The address is shareable: loading it again gives the same facts and
      // statuses, rendered by the server.
      const shared = page.url();
      assert.ok(new URL(shared).pathname === "/assess", `address ${shared}`);
      assert.ok(factsMatch(shared, scenario.facts), `address ${shared} encodes the facts`);
      await page.reload();
      assert.ok(factsMatch(page.url(), scenario.facts), "facts survive a reload");
      for (const f of FACTS) {
        assert.equal(await factValue(page, f), scenario.facts[f], `after reload, the boxes of ${f}`);
      }
      const reloaded = await statuses(page);
      checkExpected(reloaded, scenario, "reloaded address");
      assert.deepEqual(reloaded, live, "the reloaded page shows the same statuses for every profile");

      // A trace opens to show each element with its citations.
      const first = Object.keys(scenario.expected)[0];
      const row = page.locator(`#results-table tr[data-profile="${first}"]`);
      const trace = row.locator("details.trace");
      await trace.locator("summary").click();
      assert.equal(await trace.evaluate((d) => d.open), true, "the trace opens");
      const items = trace.locator("ol.trace > li");
      assert.ok((await items.count()) > 0, "the trace lists elements");
      await items.first().waitFor({ state: "visible" });
      const cites = trace.locator("ol.trace > li .citation");
      assert.ok((await cites.count()) > 0, "the trace cites authorities");
      assert.ok((await cites.first().innerText()).trim().length > 5, "a citation has text");
      await trace.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `${slug(`assess ${name}`)}--trace.png`) });

      // The export links carry the facts.
      const exports = await page.$$eval("a[data-export]", (as) => as.map((a) => a.href));
      const byPath = Object.fromEntries(exports.map((h) => [new URL(h).pathname, h]));
      for (const p of ["/assess/export.json", "/assess/export.toml", "/assess/report"]) {
        assert.ok(p in byPath, `an export link to ${p} (found ${exports.join(", ")})`);
        assert.equal(new URL(byPath[p]).origin, ORIGIN);
        assert.ok(factsMatch(byPath[p], scenario.facts), `${byPath[p]} encodes the facts`);
      }
      const res = await page.request.get(byPath["/assess/export.json"]);
      assert.equal(res.status(), 200, "JSON export status");
      const json = await res.json();
      assert.ok(Array.isArray(json.results), "the export has results");
      const exported = Object.fromEntries(json.results.map((r) => [r.profile, r.status]));
      assert.equal(json.results.length, Object.keys(exported).length, "one result per profile");
      assert.deepEqual(exported, reloaded, "the JSON export agrees with the page, profile by profile");
      const health = await (await page.request.get(at("/api/v1/health"))).json();
      assert.equal(json.results.length, health.profiles, "the export covers every profile");
      for (const p of ["/assess/export.toml", "/assess/report"]) {
        const r = await page.request.get(byPath[p]);
        assert.equal(r.status(), 200, `${p} status`);
      }
    });
  }

  // -------------------------------------------------------------------------
  // Uncertain facts on Assess: Unknown, several values, the grouped results
  // with their conditions, what would change each, the partial trace.

  // The rows of the results table in order: profile, status, group.
  async function rows(page) {
    return page.$$eval("#results-table tbody tr[data-profile]", (trs) =>
      trs.map((tr) => ({
        profile: tr.dataset.profile,
        status: tr.querySelector("td[data-status]").dataset.status,
        group: tr.closest("tbody").id,
      })),
    );
  }

  // The counts of the summary line: readings, determined, breaches among
  // them, undetermined.
  async function summaryCounts(page) {
    const text = (await page.locator("#summary").innerText()).replace(/\s+/g, " ");
    const m = text.match(/^(\d+) readings: (\d+) determined \((\d+) find a breach\), (\d+) depend on the open facts/);
    assert.ok(m, `summary "${text}"`);
    return { total: Number(m[1]), determined: Number(m[2]), breaches: Number(m[3]), open: Number(m[4]) };
  }

  // Checks the grouping of the results: determined rows first, then the
  // undetermined ones, and the summary counts them.
  async function checkGrouped(page) {
    const got = await rows(page);
    const firstOpen = got.findIndex((r) => r.group === "undetermined");
    assert.ok(firstOpen > 0, "some readings are determined and some are not");
    got.forEach((r, i) => {
      assert.equal(r.group, i < firstOpen ? "determined" : "undetermined", `${r.profile} in the right group`);
      assert.equal(r.status === "undetermined", r.group === "undetermined", `${r.profile}: status ${r.status} in ${r.group}`);
    });
    const counts = await summaryCounts(page);
    assert.equal(counts.total, got.length, "the summary counts every reading");
    assert.equal(counts.determined, firstOpen, "the summary counts the determined readings");
    assert.equal(counts.open, got.length - firstOpen, "the summary counts the undetermined readings");
    const breaches = got.filter((r) => r.status === "breach").length;
    assert.equal(counts.breaches, breaches, "the summary counts the breaches");
    return got;
  }

  browserTest("assess unknown knowledge", async ({ page, go, snap }) => {
    const facts = readScenario("ransomware-hospitals-notified").facts;
    await go("/assess");
    await setFacts(page, facts);

    // Definite: the literal Corfu reading is not triggered, and would find a
    // breach if the State actually knew.
    const corfu = page.locator('#results-table tr[data-profile="corfu-channel-literal"]');
    assert.equal(await corfu.locator("td[data-status]").getAttribute("data-status"), "not_triggered");
    const changes = corfu.locator("details.changes");
    await changes.locator("summary").click();
    const change = changes.locator('li[data-fact="knowledge"]');
    assert.match(await change.innerText(), /^would change if the State actually knew: breach \(countermeasures open\)$/);

    // Knowledge unknown.
    await page.$eval("#results-table", (t) => t.setAttribute("data-stale", ""));
    await page.check("#f-knowledge-unknown");
    const unknown = { ...facts, knowledge: "unknown" };
    await settled(page, unknown);
    assert.equal(await factValue(page, "knowledge"), "unknown");
    assert.equal(await page.isChecked("#f-knowledge-notified"), false, "ticking Unknown clears the values");
    assert.match(page.url(), /[?&]knowledge=unknown(&|$)/, "the address is compact");
    const got = await checkGrouped(page);
    const row = page.locator('#results-table tbody#undetermined tr[data-profile="corfu-channel-literal"]');
    assert.equal(await row.count(), 1, "the literal Corfu reading is undetermined");
    const outcomes = await row.locator("ul.outcomes > li").allInnerTexts();
    assert.deepEqual(
      outcomes.map((t) => t.replace(/\s+/g, " ").trim()),
      ["breach (countermeasures open) if the State actually knew", "not triggered if the State did not actually know"],
      "one item per outcome, with its conditions",
    );
    await row.scrollIntoViewIfNeeded();
    await snap("unknown knowledge");

    // The partial trace: the element that depends on knowledge, with its
    // own mark, distinct from met and not met.
    const trace = row.locator("details.trace");
    await trace.locator("summary").click();
    const depends = trace.locator("ol.trace > li.depends");
    assert.equal(await depends.count(), 1, "one element depends on the open facts");
    assert.match(await depends.innerText(), /depends on: What the territorial State knew/);
    const mark = (sel) =>
      page.$eval(sel, (li) => getComputedStyle(li, "::before").content);
    const dependsMark = await mark('#results-table tr[data-profile="corfu-channel-literal"] li.depends');
    const okMark = await mark('#results-table tr[data-profile="corfu-channel-literal"] li.ok');
    assert.notEqual(dependsMark, okMark, "depends and met have different marks");
    const anyFail = await page.locator("#results-table li.fail").count();
    if (anyFail > 0) {
      assert.notEqual(dependsMark, await mark("#results-table li.fail"), "depends and not met have different marks");
    }
    await trace.scrollIntoViewIfNeeded();
    await snap("partial trace");

    // The compact address reloads to the same page.
    await page.reload();
    assert.equal(await page.isChecked("#f-knowledge-unknown"), true, "Unknown stays ticked after a reload");
    assert.deepEqual(await rows(page), got, "the reloaded address gives the same results");
  });

  browserTest("assess several values", async ({ page, go }) => {
    const facts = readScenario("ransomware-hospitals-notified").facts;
    await go("/assess");
    await setFacts(page, facts);
    await page.$eval("#results-table", (t) => t.setAttribute("data-stale", ""));
    await page.check("#f-knowledge-actual");
    const several = { ...facts, knowledge: "notified,actual" };
    await settled(page, several);
    assert.ok(page.url().includes("knowledge=notified,actual"), `the compact address ${page.url()}`);
    const got = await checkGrouped(page);
    const status = Object.fromEntries(got.map((r) => [r.profile, r.status]));
    assert.equal(status["gge-2021"], "norm_not_observed", "notified or actual: GGE 2021 is determined");
    assert.equal(status["corfu-channel-literal"], "undetermined", "notified or actual: the literal Corfu reading is not");

    await page.reload();
    assert.equal(await factValue(page, "knowledge"), "notified,actual", "both boxes stay ticked after a reload");
    assert.equal(await page.isChecked("#f-knowledge-unknown"), false);
    assert.deepEqual(await rows(page), got, "the reloaded address gives the same results");

    // The exports carry the uncertain fact.
    const href = await page.getAttribute('a[data-export="/assess/export.json"]', "href");
    const json = await (await page.request.get(new URL(href, page.url()).toString())).json();
    assert.deepEqual(json.scenario.facts.knowledge, ["notified", "actual"]);
    const corfu = json.results.find((r) => r.profile === "corfu-channel-literal");
    assert.equal(corfu.status, "undetermined");
    assert.ok(Array.isArray(corfu.outcomes) && corfu.outcomes.length === 2, "the export has the outcomes");
    const tomlHref = await page.getAttribute('a[data-export="/assess/export.toml"]', "href");
    const toml = await (await page.request.get(new URL(tomlHref, page.url()).toString())).text();
    assert.match(toml, /^knowledge = \["notified", "actual"\]$/m);
  });

  // -------------------------------------------------------------------------
  // The interview: one question at a time until every reading is determined.

  // The query string of these facts (each as the compact address writes it).
  function factsQuery(facts) {
    return FACTS.map((f) => `${f}=${facts[f]}`).join("&");
  }

  browserTest("interview settles the ransomware case", async ({ page, go, snap }) => {
    const facts = { ...readScenario("ransomware-hospitals-notified").facts, knowledge: "unknown" };
    await go("/assess?" + factsQuery(facts));
    await Promise.all([page.waitForURL(/\/assess\/interview\?/), page.click("#start-interview")]);
    assert.ok(factsMatch(page.url(), facts), `the interview starts from the facts: ${page.url()}`);
    const question = page.locator("#question");
    assert.equal(await question.getAttribute("data-fact"), "knowledge", "the first question is knowledge");
    assert.equal((await question.locator("legend").innerText()).trim(), "What the territorial State knew");
    assert.match(await page.locator("#question-help").innerText(), /notified it in good faith/);
    assert.equal(await question.locator("input[type=radio]").count(), 5, "four values and the skip");
    const progress = await page.locator("#progress-text").innerText();
    const m = progress.match(/^(\d+) of (\d+) readings still depend on the facts/);
    assert.ok(m && Number(m[1]) > 0, `progress "${progress}"`);
    await snap("question");

    await page.getByLabel("actually knew").check();
    await Promise.all([page.waitForURL(/knowledge=actual/), page.click("#interview-form button[type=submit]")]);
    assert.ok(factsMatch(page.url(), { ...facts, knowledge: "actual" }), `the answer is in the address: ${page.url()}`);
    assert.match(await page.locator("#progress-text").innerText(), /^Every reading is determined \((\d+) of \1\)/);
    assert.equal(await page.locator("#question").count(), 0, "no question left");
    assert.match(await page.locator("#done").innerText(), /^Nothing left to ask/);
    await snap("done");

    await Promise.all([page.waitForURL(/\/assess\?/), page.click("#back-to-assess")]);
    const got = await statuses(page);
    assert.equal(Object.keys(got).length, 34);
    assert.ok(!Object.values(got).includes("undetermined"), "every reading is determined");
    assert.equal(got["corfu-channel-literal"], "breach", "the literal Corfu reading finds a breach");
  });

  browserTest("interview from nothing known with a skip", async ({ page, go }) => {
    await go("/assess");
    await Promise.all([page.waitForURL(/\/assess\/interview\?/), page.getByRole("link", { name: "Interview from nothing known" }).click()]);
    for (const f of FACTS) assert.equal(new URL(page.url()).searchParams.get(f), "unknown", `${f} unknown`);
    const first = await page.locator("#question").getAttribute("data-fact");
    await page.getByLabel("I don't know — skip").check();
    await Promise.all([page.waitForURL(/[?&]skip=/), page.click("#interview-form button[type=submit]")]);
    assert.equal(new URL(page.url()).searchParams.get("skip"), first, "the skipped fact is in the address");
    const second = await page.locator("#question").getAttribute("data-fact");
    assert.ok(second && second !== first, `the next question (${second}) is another fact than ${first}`);
    assert.match(await page.locator("#progress-text").innerText(), /readings still depend on the facts/);
  });

  // -------------------------------------------------------------------------
  // Without script: the form and the interview still work.

  browserTest(
    "assess and interview without script",
    async ({ page, go }) => {
      const facts = readScenario("ransomware-hospitals-notified").facts;
      await go("/assess?" + factsQuery(facts));
      assert.equal(await page.locator("#live-note").isHidden(), true, "no live update without script");
      await page.check("#f-knowledge-unknown");
      await Promise.all([page.waitForURL(/[?&]knowledge=unknown(&|$)/), page.click('#assess-form button[type=submit]:not([data-save])')]);
      assert.ok(!page.url().includes("from=form"), `the form leads to the compact address: ${page.url()}`);
      assert.ok(factsMatch(page.url(), { ...facts, knowledge: "unknown" }));
      const got = await statuses(page);
      assert.equal(got["corfu-channel-literal"], "undetermined");

      await Promise.all([page.waitForURL(/\/assess\/interview\?/), page.click("#start-interview")]);
      await page.getByLabel("actually knew").check();
      await Promise.all([page.waitForURL(/knowledge=actual/), page.click("#interview-form button[type=submit]")]);
      assert.match(await page.locator("#progress-text").innerText(), /^Every reading is determined/);
    },
    { javaScriptEnabled: false },
  );

  // -------------------------------------------------------------------------
  // The printable report of an uncertain scenario.

  browserTest("printable report with open facts", async ({ page, go, snap }) => {
    const facts = { ...readScenario("ransomware-hospitals-notified").facts, knowledge: "notified,actual", harm: "unknown" };
    await go("/assess/report?" + factsQuery(facts) + "&trace=corfu-channel-literal");
    assert.match(await page.locator('#memo-facts li[data-fact="knowledge"]').innerText(), /^The State was notified or actually knew\.$/);
    assert.match(await page.locator('#memo-facts li[data-fact="harm"]').innerText(), /^Not known: harm to the victim State\.$/);
    // The summary: each outcome with the condition under which each reading
    // reaches it; every reading named at least once.
    const corfuWhen = await page.$$eval('#memo-summary > li[data-outcome="breach"] li[data-when]', (lis) =>
      lis.filter((li) => li.querySelector("[data-profiles]").dataset.profiles.split(" ").includes("corfu-channel-literal")).map((li) => li.dataset.when),
    );
    assert.ok(corfuWhen.some((w) => /^if the State actually knew/.test(w)), `Corfu's breach condition: ${corfuWhen}`);
    const named = new Set((await page.$$eval("#memo-summary [data-profiles]", (els) => els.map((e) => e.dataset.profiles))).flatMap((p) => p.split(" ")));
    const readings = await page.locator("#trace-picker input[name=trace]").count();
    assert.equal(readings, 34);
    assert.equal(named.size, readings, "the summary names every reading");
    // Only the trace picked is shown, fully.
    assert.deepEqual(await page.$$eval("section.memo-trace", (ss) => ss.map((s) => s.dataset.profile)), ["corfu-channel-literal"]);
    const corfu = page.locator('section.memo-trace[data-profile="corfu-channel-literal"]');
    assert.match(await corfu.locator("ul.outcomes").innerText(), /breach \(countermeasures open\) if the State actually knew/);
    assert.ok((await corfu.locator("ol.trace li").count()) > 0, "the trace picked lists its steps");
    assert.ok(await page.locator("#pick-corfu-channel-literal").isChecked(), "the picker shows what is picked");
    const questions = await page.$$eval("#questions > li", (lis) => lis.map((li) => li.dataset.fact));
    assert.deepEqual([...questions].sort(), ["harm", "knowledge"], "one open question per open fact");
    assert.match(await page.locator("main.report > p.muted").first().innerText(), /^Assessed on \d{1,2} [A-Z][a-z]+ \d{4} .*Permalink: \/assess\/report\?.*trace=corfu-channel-literal/);
    assert.match(await page.locator("#memo-caveats").innerText(), /imputation/);
    await snap("report");
  }, {}, { fullPage: false });

  // What each result rests on: flagged on every row and on every trace step
  // that tests an inferred parameter; France's reach to a banking collapse
  // is the 2024 article's imputation, not France's words.
  browserTest("results say what they rest on", async ({ page, go }) => {
    await go("/assess?" + factsQuery(readScenario("banking-collapse").facts));
    const rows = page.locator("#results-table tbody tr[data-profile]");
    const flagged = page.locator("#results-table tbody tr[data-profile] td[data-status] [data-rests-on]");
    assert.equal(await flagged.count(), await rows.count(), "every row says what it rests on");
    const france = page.locator('#results-table tr[data-profile="fra-2019"]');
    assert.equal(await france.locator('td[data-status] [data-rests-on="imputation"]').count(), 1);
    assert.match(await france.locator("details.rests summary").innerText(), /imputation/);
    assert.ok((await france.locator("ol.trace .prov.inferred").count()) > 0, "inferred steps are flagged");
    assert.match(await france.locator("details.conditions").textContent(), /proportionality/);
    const tallinn = page.locator('#results-table tr[data-profile="tallinn-manual-2"]');
    assert.equal(await tallinn.locator('[data-rests-on="sources"]').count(), 2);
  });

  // -------------------------------------------------------------------------
  // The memo: the user's names for the States and the narrative from the
  // Assess form, the traces picked, the print to A4 PDF and the Word export.

  // The files of a zip archive, by name: read from its central directory,
  // each entry stored or deflated (inflated with node:zlib).
  function unzip(buf) {
    let eocd = -1;
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
      if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
    }
    assert.ok(eocd >= 0, "the zip has an end of central directory record");
    const entries = buf.readUInt16LE(eocd + 10);
    let at = buf.readUInt32LE(eocd + 16);
    const files = {};
    for (let n = 0; n < entries; n++) {
      assert.equal(buf.readUInt32LE(at), 0x02014b50, "a central directory entry");
      const method = buf.readUInt16LE(at + 10);
      const size = buf.readUInt32LE(at + 20);
      const nameLen = buf.readUInt16LE(at + 28);
      const extraLen = buf.readUInt16LE(at + 30);
      const commentLen = buf.readUInt16LE(at + 32);
      const local = buf.readUInt32LE(at + 42);
      const name = buf.toString("utf8", at + 46, at + 46 + nameLen);
      assert.equal(buf.readUInt32LE(local), 0x04034b50, `a local header for ${name}`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      assert.ok(method === 0 || method === 8, `${name}: stored or deflated, not method ${method}`);
      files[name] = method === 8 ? inflateRawSync(data) : data;
      at += 46 + nameLen + extraLen + commentLen;
    }
    return files;
  }

  // The text of a Word document's body: its w:t runs, entities decoded.
  function docxText(buf) {
    const files = unzip(buf);
    assert.ok("word/document.xml" in files, `word/document.xml among ${Object.keys(files)}`);
    const xml = files["word/document.xml"].toString("utf8");
    const runs = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    return runs
      .join("")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  }

  // The number of pages of a PDF: its /Type /Page objects (not /Pages).
  function pdfPages(buf) {
    return (buf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) || []).length;
  }

  const MEMO_NAMES = { ts: "Ruritania <b>", as: "Freedonia & Co" };
  const MEMO_NARRATIVE = "Hospitals in Freedonia were encrypted.\n\nRuritania's CERT was told and did nothing.";

  browserTest("memo with the States' names, a narrative and a trace picked", async ({ page, go, snap }) => {
    const facts = readScenario("ransomware-hospitals-notified").facts;
    await go("/assess?" + factsQuery(facts));
    await page.fill("#title", "Memo test");
    await page.fill("#ts", MEMO_NAMES.ts);
    await page.fill("#as", MEMO_NAMES.as);
    await page.fill("#nar", MEMO_NARRATIVE);
    // Sent without the script, as a form: back at the compact address, the
    // fields kept.
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/assess" && u.searchParams.has("nar") && !u.searchParams.has("from"), { waitUntil: "load" }),
      page.$eval("#assess-form", (f) => f.submit()),
    ]);
    const address = new URL(page.url());
    assert.equal(address.searchParams.get("ts"), MEMO_NAMES.ts.trim());
    assert.equal(address.searchParams.get("as"), MEMO_NAMES.as);
    assert.equal(address.searchParams.get("nar"), MEMO_NARRATIVE);
    assert.equal(await page.inputValue("#ts"), MEMO_NAMES.ts);
    assert.equal(await page.inputValue("#nar"), MEMO_NARRATIVE);
    await Promise.all([page.waitForURL(/\/assess\/report\?/), page.click('a[data-export="/assess/report"]')]);
    assert.equal(await page.locator("h1").innerText(), "Memo test");
    assert.deepEqual(await page.locator("#memo-parties dd").allInnerTexts(), [MEMO_NAMES.ts, MEMO_NAMES.as]);
    assert.equal(await page.locator("#memo-parties b").count(), 0, "a name is text, not markup");
    assert.deepEqual(await page.locator("#memo-narrative p").allInnerTexts(), MEMO_NARRATIVE.split("\n\n"));
    assert.match(await page.locator('#memo-facts li[data-fact="knowledge"]').innerText(), /^The territorial State \(Ruritania <b>\) was only notified\.$/);
    assert.match(await page.locator('#memo-facts li[data-fact="contrary_to_rights"]').innerText(), /the victim State's \(Freedonia & Co's\) rights/);
    assert.equal(await page.locator("section.memo-trace").count(), 0, "no trace by default");
    assert.equal(await page.locator("#memo-summary li[data-when]").count(), 0, "definite facts: no conditions");
    // Pick one reading's trace.
    await page.check("#pick-tallinn-manual-2");
    await Promise.all([page.waitForURL(/trace=tallinn-manual-2/), page.click('#trace-picker button[type="submit"]')]);
    assert.deepEqual(await page.$$eval("section.memo-trace", (ss) => ss.map((s) => s.dataset.profile)), ["tallinn-manual-2"]);
    assert.ok((await page.locator("section.memo-trace .citation").count()) > 0, "the trace cites its authorities");
    const permalink = await page.locator("a.permalink").getAttribute("href");
    for (const want of ["ts=", "as=", "nar=", "trace=tallinn-manual-2"]) assert.ok(permalink.includes(want), `the permalink keeps ${want}`);
    await go(permalink);
    assert.equal(await page.locator("section.memo-trace").count(), 1, "the permalink gives the same memo");
    assert.deepEqual(await page.locator("#memo-parties dd").allInnerTexts(), [MEMO_NAMES.ts, MEMO_NAMES.as]);
    await snap("memo");
  }, {}, { fullPage: false });

  browserTest("memo of the ransomware case prints on at most two A4 pages", async ({ page, go }) => {
    const facts = readScenario("ransomware-hospitals-notified").facts;
    await go("/assess?" + factsQuery(facts));
    await Promise.all([page.waitForURL(/\/assess\/report\?/), page.click('a[data-export="/assess/report"]')]);
    assert.equal(await page.locator("section.memo-trace").count(), 0, "the default: no trace picked");
    const pdf = await page.pdf({ format: "A4" });
    writeFileSync(path.join(ARTIFACTS, "memo-ransomware.pdf"), pdf);
    const pages = pdfPages(pdf);
    assert.ok(pages >= 1 && pages <= 2, `the memo's summary fills ${pages} A4 pages (at most 2)`);
    // In print: no form, no button, no link bar.
    await page.emulateMedia({ media: "print" });
    for (const sel of ["#trace-picker", "main .toolbar", "button"]) {
      const shown = await page.$$eval(sel, (els) => els.filter((e) => getComputedStyle(e).display !== "none").length);
      assert.equal(shown, 0, `${sel} is hidden in print`);
    }
    await page.emulateMedia({ media: "screen" });
    // A trace picked starts on a page of its own.
    await go(new URL(page.url()).pathname + new URL(page.url()).search + "&trace=tallinn-manual-2");
    const withTrace = await page.pdf({ format: "A4" });
    writeFileSync(path.join(ARTIFACTS, "memo-ransomware-tallinn.pdf"), withTrace);
    assert.ok(pdfPages(withTrace) > pages, `a trace adds pages (${pdfPages(withTrace)} against ${pages})`);
  }, {}, { fullPage: false, timeout: 60_000 });

  browserTest("memo as a Word document", async ({ page, go }) => {
    const facts = readScenario("ransomware-hospitals-notified").facts;
    const qs = factsQuery(facts) + "&title=" + encodeURIComponent("Word memo") + "&ts=Ruritania&as=" + encodeURIComponent(MEMO_NAMES.as) + "&trace=tallinn-manual-2";
    await go("/assess/report?" + qs);
    const heading = (await page.locator("#memo-summary > li strong").first().innerText()).replace(/:\s*$/, "");
    const citation = (await page.locator("section.memo-trace .citation").first().innerText()).trim();
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#memo-docx")]);
    assert.equal(download.suggestedFilename(), "word-memo.docx");
    const file = await download.path();
    const bytes = readFileSync(file);
    writeFileSync(path.join(ARTIFACTS, "memo-ransomware.docx"), bytes);
    assert.equal(bytes.readUInt32LE(0), 0x04034b50, "a zip archive");
    const text = docxText(bytes);
    for (const want of ["Word memo", "Ruritania", MEMO_NAMES.as, "territorial State (Ruritania)", heading.charAt(0).toUpperCase() + heading.slice(1), citation]) {
      assert.ok(text.includes(want), `the Word document says "${want}"`);
    }
    const res = await page.request.get(at("/assess/report.docx?" + qs));
    assert.equal(res.status(), 200);
    assert.equal(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert.match(res.headers()["content-disposition"], /filename="word-memo\.docx"/);
  });

  browserTest("saved scenario keeps the States' names and the narrative", async ({ page, go }) => {
    const facts = readScenario("botnet-transit").facts;
    const res = await page.request.post(at("/scenarios"), {
      form: { title: "Named", ...facts, ts: "Ruritania", as: "Freedonia", nar: MEMO_NARRATIVE },
      maxRedirects: 0,
    });
    assert.equal(res.status(), 303);
    await go(res.headers()["location"]);
    assert.deepEqual(await page.locator("#saved-states dd").allInnerTexts(), ["Ruritania", "Freedonia"]);
    assert.deepEqual(await page.locator("#saved-narrative p").allInnerTexts(), MEMO_NARRATIVE.split("\n\n"));
    const open = new URL(await page.getByRole("link", { name: "Open in Assess" }).getAttribute("href"), at("/"));
    assert.equal(open.searchParams.get("ts"), "Ruritania");
    assert.equal(open.searchParams.get("nar"), MEMO_NARRATIVE);
    // The JSON API keeps them too.
    const api = await page.request.post(at("/api/v1/scenarios"), {
      data: {
        title: "Named",
        notes: "n",
        territorial_state: "Ruritania",
        affected_state: "Freedonia",
        facts: Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, v === "true" ? true : v === "false" ? false : v])),
      },
    });
    assert.equal(api.status(), 201);
    const saved = await api.json();
    assert.equal(saved.territorial_state, "Ruritania");
    assert.equal(saved.affected_state, "Freedonia");
    const again = await (await page.request.get(at(`/api/v1/scenarios/${saved.id}`))).json();
    assert.equal(again.territorial_state, "Ruritania");
  });

  browserTest("compare from uncertain facts", async ({ page, go }) => {
    await go("/compare?profile=corfu-channel-literal&profile=gge-2021&knowledge=notified,actual");
    assert.match(await page.locator('#starting-facts dd[data-fact="knowledge"]').textContent(), /^one of:/);
    assert.equal(await page.locator("section.card").count(), 1, "a card for the pair");
    assert.equal(await page.inputValue('#compare-form input[type=hidden][name="knowledge"]'), "notified,actual", "the picker keeps the facts");
  });

  // -------------------------------------------------------------------------
  // Saving a scenario: the title is shown as text, never run; the saved
  // page, at an unguessable address, survives a reload, is listed in the
  // browser that saved it, opens read-only in another browser (which
  // neither lists nor deletes it), and opens back in Assess.

  const SAVE_TITLE = "<script>alert(1)</script> test";

  // The checks of a saved scenario: its page shows the title as text and
  // survives a reload, the list links to it, and "Open in Assess" brings its
  // facts and title back into the form.
  async function checkSaved({ page, go, snap }, savedUrl, title, facts) {
    assert.match(new URL(savedUrl).pathname, /^\/scenarios\/[0-9a-f]{32}$/, `saved at ${savedUrl}`);
    const heading = page.locator("h1#saved-title");
    assert.equal(await heading.textContent(), title, "the saved title, as text");
    assert.equal(await page.locator("h1#saved-title script").count(), 0, "no script element in the title");
    const before = await statuses(page);
    assert.equal(Object.keys(before).length, 34, "the saved page shows every reading's result");
    assert.equal(await page.getByRole("button", { name: "Delete" }).count(), 1, "the browser that saved it may delete it");
    await snap("saved");

    await page.reload();
    assert.equal(page.url(), savedUrl);
    assert.equal(await heading.textContent(), title, "the title after a reload");
    assert.deepEqual(await statuses(page), before, "the results after a reload");

    await go("/scenarios");
    const savedPath = new URL(savedUrl).pathname;
    const row = page.locator("#saved-table tbody tr", { has: page.locator(`a[href="${savedPath}"]`) });
    assert.equal(await row.count(), 1, `the list has a row for ${savedPath}`);
    assert.equal(await row.locator(`a[href="${savedPath}"]`).textContent(), title, "the listed title");
    await snap("list");

    // Another browser: the shared link opens read-only; the list and the
    // delete are not its.
    const other = await browser.newContext();
    try {
      await other.route((u) => u.origin !== ORIGIN, (route) => route.abort("blockedbyclient"));
      const visitor = await other.newPage();
      await visitor.goto(savedUrl);
      assert.equal(await visitor.locator("h1#saved-title").textContent(), title, "another browser opens the link");
      assert.equal(await visitor.getByRole("button", { name: "Delete" }).count(), 0, "no delete button for another browser");
      assert.match(await visitor.locator("#saved-meta").innerText(), /Read-only/);
      const refused = await visitor.request.post(savedUrl + "/delete", { maxRedirects: 0, headers: { "sec-fetch-site": "same-origin" } });
      assert.equal(refused.status(), 403, "another browser cannot delete it");
      await visitor.goto(at("/scenarios"));
      assert.equal(await visitor.locator(`a[href="${savedPath}"]`).count(), 0, "another browser does not list it");
      assert.match(
        await visitor.locator("main").innerText(),
        /Scenarios you save in this browser are listed here; a shared link opens a scenario read-only\./,
      );
    } finally {
      await other.close();
    }
    await page.goto(savedUrl);
    assert.equal(await heading.textContent(), title, "still there for its owner");
    await go("/scenarios");

    await Promise.all([page.waitForURL(/\/assess\?/), row.getByRole("link", { name: "Open in Assess" }).click()]);
    for (const f of FACTS) {
      assert.equal(await factValue(page, f), facts[f], `Open in Assess restores ${f}`);
    }
    assert.equal(await page.inputValue("#title"), title, "Open in Assess restores the title");
  }

  // The whole flow as a person does it: the Save scenario button.
  browserTest("save and reload a scenario", async (h) => {
    const { page, go } = h;
    const facts = readScenario("transboundary-smelter").facts;
    await go("/assess");
    await setFacts(page, facts);
    await page.fill("#title", SAVE_TITLE);
    const [post] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/scenarios"),
      page.click("button[data-save]"),
    ]);
    await page.waitForLoadState("load");
    if (post.status() !== 303) {
      const sent = await post.request().allHeaders();
      const shown = (await page.locator("main").innerText().catch(() => "")).replace(/\s+/g, " ").trim();
      assert.fail(
        `POST /scenarios from the Save scenario button answered ${post.status()} (expected 303 to /scenarios/ID); ` +
          `request header origin: ${sent.origin}; page: "${shown.slice(0, 160)}"`,
      );
    }
    await page.waitForURL(/\/scenarios\/[0-9a-f]{32}$/);
    await checkSaved(h, page.url(), SAVE_TITLE, facts);
  });

  // The saved scenario's pages on their own, whatever the button does: the
  // scenario is posted as the form would post it, then browsed.
  browserTest("saved scenario page list and reopen", async (h) => {
    const { page, go } = h;
    const facts = readScenario("botnet-transit").facts;
    const res = await page.request.post(at("/scenarios"), {
      form: { title: SAVE_TITLE, ...facts },
      maxRedirects: 0,
    });
    assert.equal(res.status(), 303, "POST /scenarios redirects to the saved scenario");
    const location = res.headers()["location"];
    assert.match(location || "", /^\/scenarios\/[0-9a-f]{32}$/, `location ${location}`);
    await go(location);
    await checkSaved(h, page.url(), SAVE_TITLE, facts);
  });

  // -------------------------------------------------------------------------
  // Positions: the map, the question selector, the profile table's filter
  // and sorting, and a profile page with copyable citations.

  browserTest("positions map table and profile", async ({ page, go, snap }) => {
    await go("/");
    await page.waitForSelector("svg.map");
    for (const state of ["FRA", "DEU", "EST"]) {
      assert.equal(await page.locator(`svg.map path.coded[data-state="${state}"]`).count(), 1, `map codes ${state}`);
    }
    assert.ok((await page.locator("svg.map path.coded").count()) >= 20, "many States coded on the map");

    // Choosing does not navigate (WCAG 3.2.2): the form is submitted.
    await page.selectOption("select#question", "knowledge");
    assert.doesNotMatch(page.url(), /question=knowledge/, "a choice alone does not reload the page");
    await Promise.all([page.waitForURL(/[?&]question=knowledge(&|$)/), page.click("#question-form button[type=submit]")]);
    await page.waitForSelector("svg.map");
    assert.equal(await page.inputValue("select#question"), "knowledge");

    const rows = page.locator("#profiles-table tbody tr");
    const visible = page.locator("#profiles-table tbody tr:not([hidden])");
    assert.equal(await rows.count(), 34, "34 profiles in the table");
    await page.fill("#filter", "tallinn");
    assert.equal(await visible.count(), 1, "the filter leaves one row for tallinn");
    assert.match(await visible.first().innerText(), /Tallinn/);
    assert.match(await page.locator("[data-count-for='profiles-table']").innerText(), /^1 shown/);
    await page.fill("#filter", "");
    assert.equal(await visible.count(), 34, "clearing the filter shows every row");

    // The date column reads in words ("21 July 2023") and sorts by the date
    // as the data writes it (2023-07-21).
    const dateHeader = page.locator("#profiles-table thead th", { has: page.locator("button.sort", { hasText: "Date" }) });
    const dates = () =>
      page.$$eval("#profiles-table tbody tr", (trs) => trs.map((tr) => tr.cells[2].dataset.sort));
    const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    await dateHeader.locator("button.sort").click();
    assert.equal(await dateHeader.getAttribute("aria-sort"), "ascending");
    const up = await dates();
    assert.deepEqual(up, [...up].sort(byText), "sorted by date, ascending");
    await dateHeader.locator("button.sort").click();
    assert.equal(await dateHeader.getAttribute("aria-sort"), "descending");
    const down = await dates();
    assert.deepEqual(down, [...down].sort(byText).reverse(), "sorted by date, descending");
    assert.notDeepEqual(up, down, "the order changes");
    await snap("sorted");

    await Promise.all([
      page.waitForURL(/\/profiles\/fra-2019$/),
      page.locator('#profiles-table a[href="/profiles/fra-2019"]').click(),
    ]);
    assert.match(await page.locator("h1").innerText(), /France/);
    const copy = page.locator("button.copy[data-copy]").first();
    const citation = await copy.getAttribute("data-copy");
    assert.ok(citation && citation.length > 10, "a copy button carries a citation");
    assert.equal(
      (await copy.evaluate((b) => b.previousElementSibling && b.previousElementSibling.textContent)).trim(),
      citation,
      "the copy button carries the citation shown beside it",
    );
    await copy.click();
    await page.waitForFunction((b) => b.textContent === "Copied", await copy.elementHandle(), { timeout: 1_400 });
  });

  // -------------------------------------------------------------------------
  // Authorities: a search finds cards and counts them; a search for nothing
  // finds none.

  browserTest("authorities search", async ({ page, go, snap }) => {
    await go("/authorities");
    await page.fill("#q", "corfu");
    await Promise.all([page.waitForURL(/[?&]q=corfu/), page.click("form[role=search] button[type=submit]")]);
    const cards = await page.locator("section.card").count();
    assert.ok(cards >= 1, "corfu finds at least one authority");
    const found = await page.locator("p#found").innerText();
    assert.ok(found.startsWith(`${cards} `), `"${found}" gives the count ${cards}`);
    assert.match(found, /corfu/);
    await snap("corfu");

    await page.fill("#q", "zzqxv nothing matches this");
    await Promise.all([page.waitForURL(/[?&]q=zzqxv/), page.press("#q", "Enter")]);
    assert.equal(await page.locator("section.card").count(), 0, "no authority matches");
    assert.match(await page.locator("p#found").innerText(), /^0 /);
  });

  // -------------------------------------------------------------------------
  // An authority's page and a position's page on a 390 px phone: nothing
  // wider than the screen, one h1, every link and table header named; the
  // authority links to the readings that cite it, the superseded US
  // statement to the later one and back.

  browserTest(
    "authority and position pages on a phone",
    async ({ page, go, snap }) => {
      for (const p of ["/authorities/corfu-channel-1949", "/profiles/usa-2016"]) {
        await go(p);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${p} is ${width}px wide on a 390px screen`);
        assert.equal(await page.locator("h1").count(), 1, `${p}: one h1`);
        const unnamed = await page.$$eval(
          "a",
          (as) => as.filter((a) => !a.textContent.trim() && !a.getAttribute("aria-label")).map((a) => a.outerHTML),
        );
        assert.deepEqual(unnamed, [], `${p}: every link has text`);
        const unscoped = await page.$$eval("th", (ths) => ths.filter((th) => !th.getAttribute("scope")).length);
        assert.equal(unscoped, 0, `${p}: every table header has a scope`);
        await snap(p);
      }

      await go("/authorities/corfu-channel-1949");
      const rows = page.locator("#citing-values tbody tr");
      assert.ok((await rows.count()) > 10, "the codings that cite Corfu Channel");
      await Promise.all([
        page.waitForURL(/\/profiles\/corfu-channel-literal$/),
        rows.first().locator('a[href="/profiles/corfu-channel-literal"]').click(),
      ]);

      await go("/profiles/usa-2016");
      assert.match(await page.locator("#statement-date").innerText(), /2016/);
      await Promise.all([
        page.waitForURL(/\/profiles\/usa-2021$/),
        page.locator('#superseded-by a[href="/profiles/usa-2021"]').click(),
      ]);
      assert.match(await page.locator("#earlier-statement").innerText(), /United States, 2016/);
    },
    { viewport: { width: 390, height: 844 } },
  );

  // -------------------------------------------------------------------------
  // Compare: three readings side by side, the disagreement table, the heat
  // map and one card per pair.

  browserTest("compare three readings", async ({ page, go }) => {
    const ids = ["tallinn-manual-2", "gge-2021", "fra-2019"];
    await go("/compare?" + ids.map((p) => "profile=" + p).join("&"));
    await page.locator("#side-by-side").waitFor();
    assert.equal(await page.locator("#side-by-side thead th[scope=col]").count(), ids.length, "a column per reading");
    await page.locator("#disagreements").waitFor();
    for (const id of ids) {
      assert.equal(await page.locator("#disagreements tbody th", { hasText: id }).count(), 1, `a row for ${id}`);
    }
    assert.equal(await page.locator(".heat svg").count(), 1, "a heat map");
    assert.ok(await page.locator(".heat svg").isVisible(), "the heat map is visible");
    const pairs = await page.$$eval("section.card", (cs) => cs.map((c) => c.dataset.pair));
    assert.equal(pairs.length, 3, "a card per pair");
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        assert.ok(pairs.includes(`${ids[i]} ${ids[j]}`), `a card for ${ids[i]} and ${ids[j]}`);
      }
    }
  });

  // -------------------------------------------------------------------------
  // Debate: the semantics and audience apply when the form is submitted
  // (never on a mere change of a select); every argument is labelled; the
  // summary agrees with the labels.

  browserTest("debate semantics and audience", async ({ page, go }) => {
    await go("/debate");
    await page.selectOption("select#semantics", "PR");
    assert.doesNotMatch(page.url(), /semantics=PR/, "a choice alone does not reload the page");
    await Promise.all([page.waitForURL(/[?&]semantics=PR(&|$)/), page.click("#debate-form button[type=submit]")]);
    const audience = await page.$eval("select#audience", (s) =>
      Array.from(s.options)
        .map((o) => o.value)
        .find((v) => v !== "none"),
    );
    assert.ok(audience, "an audience to choose");
    await page.selectOption("select#audience", audience);
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get("audience") === audience && u.searchParams.get("semantics") === "PR"),
      page.click("#debate-form button[type=submit]"),
    ]);
    assert.equal(await page.inputValue("select#semantics"), "PR");
    assert.equal(await page.inputValue("select#audience"), audience);
    const labels = await page.$$eval("#arguments-table td[data-label]", (tds) => tds.map((td) => td.dataset.label));
    assert.ok(labels.length > 0, "labelled arguments");
    for (const l of labels) assert.ok(["in", "out", "undecided"].includes(l), `label ${l}`);
    const summary = await page.locator("p#debate-summary").innerText();
    const m = summary.match(/(\d+) in, (\d+) out, (\d+) undecided/);
    assert.ok(m, `summary "${summary}"`);
    const count = (l) => labels.filter((x) => x === l).length;
    assert.deepEqual([Number(m[1]), Number(m[2]), Number(m[3])], [count("in"), count("out"), count("undecided")], "the summary counts the labels");
  });

  // -------------------------------------------------------------------------
  // Implications: the catalogue table has a row per reading.

  browserTest("implications table", async ({ page, go }) => {
    await go("/implications");
    assert.equal(await page.locator("#implications-table tbody tr").count(), 34, "34 readings");
    assert.ok((await page.locator("#implications-table thead th").count()) > 1, "catalogue columns");
  });

  // -------------------------------------------------------------------------
  // Accessibility, measured: axe-core on every page, at desktop and phone
  // widths; any violation of impact serious or critical fails the test.
  // axe runs through the browser's evaluation channel, which the pages'
  // content security policy does not govern.

  const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

  function axePages() {
    const facts = readScenario("banking-collapse").facts;
    return [
      "/",
      "/profiles/fra-2019",
      "/profiles/usa-2016",
      "/assess",
      "/assess?" + factsQuery(facts),
      "/assess/report?" + factsQuery(facts),
      "/assess/report?" + factsQuery(facts) + "&ts=Ruritania&as=Freedonia&nar=What%20happened.&trace=tallinn-manual-2&trace=fra-2019",
      "/assess/interview",
      "/compare?profile=tallinn-manual-2&profile=fra-2019",
      "/debate",
      "/implications",
      "/authorities",
      "/authorities/corfu-channel-1949",
      "/scenarios",
    ];
  }

  async function axeViolations(page) {
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { resultTypes: ["violations"] }),
    );
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
  }

  for (const [width, height] of [[1280, 900], [390, 844]]) {
    browserTest(
      `axe-core finds no serious violation, and no page scrolls sideways, at ${width} px`,
      async ({ page, go }) => {
        const found = [];
        const shots = path.join(ARTIFACTS, "pages");
        mkdirSync(shots, { recursive: true });
        for (const [i, p] of axePages().entries()) {
          await go(p);
          // A screenshot of every page at both widths, for review.
          const name = `${String(i + 1).padStart(2, "0")}-${slug(p.split("?")[0]) || "positions"}${p.includes("?") ? "-with-facts" : ""}`;
          await page.screenshot({ path: path.join(shots, `${name}--${width}px.png`), timeout: 20_000 });
          for (const v of await axeViolations(page)) found.push(`${p.split("?")[0]}: ${v}`);
          const wide = await page.evaluate(() => document.documentElement.scrollWidth);
          if (wide > width) found.push(`${p.split("?")[0]}: the page is ${wide} px wide on a ${width} px screen`);
        }
        assert.deepEqual(found, [], found.join("\n"));
      },
      { viewport: { width, height } },
      { fullPage: false, timeout: 120_000 },
    );
  }

  // -------------------------------------------------------------------------
  // The keyboard: a skip link first, every control reachable with Tab, the
  // focus always visible, and no select that navigates without a submit.

  // The visible controls a keyboard user should reach on the page.
  function focusableControls(page) {
    return page.evaluate(() => {
      const selector =
        'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
        'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
      // Shown: drawn with a size, and not inside a closed <details> (its
      // summary excepted).
      const visible = (el) => {
        const box = el.getBoundingClientRect();
        const shut = el.closest("details:not([open])");
        const folded = shut !== null && el !== shut.querySelector(":scope > summary");
        return (
          (box.width > 0 || box.height > 0) &&
          el.checkVisibility({ visibilityProperty: true }) &&
          !folded &&
          !el.closest("[inert]")
        );
      };
      return [...document.querySelectorAll(selector)]
        .filter((el) => visible(el) && !el.classList.contains("skip"))
        .map((el, i) => el.dataset.kbIndex ?? (el.dataset.kbIndex = String(i)));
    });
  }

  // Presses Tab until the focus leaves the page or comes back to the
  // start; returns, for each control reached, its index and whether its
  // focus ring is visible (an outline of at least 2 px, on the control or,
  // for a link drawn in SVG, on its shape).
  async function tabThrough(page, limit) {
    const reached = [];
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press("Tab");
      const seen = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const ring = (e) => {
          const s = getComputedStyle(e);
          return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
        };
        const shape = el.closest("svg") && el.tagName.toLowerCase() === "a" ? el.querySelector("path, circle, rect") : null;
        return {
          index: el.dataset.kbIndex ?? null,
          name: (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || el.tagName).trim().slice(0, 60),
          visible: ring(el) || (shape !== null && ring(shape)),
        };
      });
      if (!seen || (reached.length > 0 && seen.index !== null && seen.index === reached[0].index)) break;
      reached.push(seen);
    }
    return reached;
  }

  browserTest("keyboard: skip link first, then to the content", async ({ page, go }) => {
    await go("/assess");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "skip", "the first Tab reaches the skip link");
    const box = await page.locator("a.skip").boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 0, "the skip link is on screen when focused");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "main", "Enter on the skip link moves the focus to the content");
    await page.keyboard.press("Tab");
    const next = await page.evaluate(() => document.activeElement.closest("main") !== null);
    assert.ok(next, "the next Tab stays in the content, past the navigation");
  });

  for (const p of ["/", "/assess?knowledge=unknown", "/compare?profile=tallinn-manual-2&profile=fra-2019", "/debate", "/implications", "/authorities"]) {
    browserTest(
      `keyboard: every control of ${p.split("?")[0]} is reached with Tab, its focus visible`,
      async ({ page, go }) => {
        await go(p);
        const controls = await focusableControls(page);
        await page.evaluate(() => document.activeElement && document.activeElement.blur());
        const reached = await tabThrough(page, controls.length + 40);
        const hidden = reached.filter((r) => !r.visible).map((r) => r.name);
        assert.deepEqual(hidden, [], `controls whose focus is not visible on ${p}`);
        const seen = new Set(reached.map((r) => r.index));
        const missed = controls.filter((c) => !seen.has(c));
        assert.equal(missed.length, 0, `${missed.length} of ${controls.length} controls on ${p} are not reached by Tab`);
      },
      {},
      { fullPage: false, timeout: 120_000 },
    );
  }

  browserTest("keyboard: choosing in a select does not leave the page", async ({ page, go }) => {
    for (const p of ["/", "/debate"]) {
      await go(p);
      const selects = await page.locator("main select").count();
      assert.ok(selects > 0, `${p} has a select`);
      for (let i = 0; i < selects; i++) {
        const before = page.url();
        await page.locator("main select").nth(i).focus();
        await page.keyboard.press("ArrowDown");
        await page.waitForTimeout(300);
        assert.equal(page.url(), before, `an arrow key in select ${i + 1} of ${p} navigated`);
        const focused = await page.evaluate(() => document.activeElement.tagName);
        assert.equal(focused, "SELECT", `the focus stays on select ${i + 1} of ${p}`);
      }
    }
  });

  browserTest(
    "phone: the results come before the facts on Assess",
    async ({ page, go }) => {
      await go("/assess?knowledge=notified&harm=serious");
      const results = await page.locator("#results").boundingBox();
      const form = await page.locator("#assess-form").boundingBox();
      assert.ok(results && form && results.y < form.y, "the results are above the form at 390 px");
      await page.click("text=Change the facts");
      await page.waitForFunction(() => location.hash === "#assess-form");
    },
    { viewport: { width: 390, height: 844 } },
    { fullPage: false },
  );

  // The map and the debate, for lawyers: at phone and desktop widths a small
  // State's marker and an African Union member drawn through the Common
  // African Position open the right profile; the legend is in words; the
  // debate's graph scrolls in its own box, with the list of arguments by
  // title beside it.

  for (const [width, height] of [[390, 844], [1280, 900]]) {
    browserTest(
      `map markers, the African Union and the legend at ${width} px`,
      async ({ page, go }) => {
        await go("/?question=knowledge");
        const legend = await page.locator("#map-legend").innerText();
        for (const words of [
          "Not stated in its position",
          "No statement in the knowledge base",
          "Through the Common African Position (hatched)",
          "Small States: a circle",
        ]) {
          assert.ok(legend.includes(words), `legend: ${words}`);
        }
        // Singapore is a marker (too small to tap as an outline) that opens its profile.
        const singapore = page.locator('svg.map a path.marker[data-state="SGP"]');
        assert.equal(await singapore.count(), 1, "Singapore has a marker");
        const href = await page.locator('svg.map a:has(path.marker[data-state="SGP"])').getAttribute("href");
        assert.match(href, /^\/profiles\/sgp-/);
        await Promise.all([page.waitForURL(new RegExp(href + "$")), singapore.click({ force: true })]);
        assert.match(await page.locator("h1").innerText(), /Singapore/);

        // Kenya has no statement of its own: hatched, through the AU's position.
        await go("/?question=legal_status");
        const kenya = page.locator('svg.map a:has(path[data-state="KEN"])');
        assert.equal(await kenya.getAttribute("data-mark"), "through");
        assert.match(await kenya.getAttribute("aria-label"), /^Kenya: through the Common African Position — /);
        await Promise.all([
          page.waitForURL(/\/profiles\/african-union-2024$/),
          page.locator('svg.map path[data-state="KEN"]').click({ force: true }),
        ]);
        assert.match(await page.locator("h1").innerText(), /African Union/);

        // A State with no statement is no link, and says so.
        await go("/");
        const none = page.locator('svg.map g[data-mark="none"]:has(path[data-state="BRA"])');
        assert.equal(await none.count(), 1);
        assert.equal(await none.getAttribute("aria-label"), "Brazil: no statement in the knowledge base");
      },
      { viewport: { width, height }, hasTouch: width < 500 },
    );
  }

  browserTest(
    "debate on a phone: the graph scrolls in its box, the list gives titles",
    async ({ page, go }) => {
      await go("/debate");
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `the page is ${wide} px wide`);
      const box = await page.locator(".debate-svg").evaluate((d) => ({ client: d.clientWidth, scroll: d.scrollWidth }));
      assert.ok(box.client <= 390, "the graph's box fits the screen");
      const items = page.locator("#argument-list > li");
      const rows = await page.locator("#arguments-table tbody tr").count();
      assert.equal(await items.count(), rows, "one list item per argument");
      const first = await items.first().innerText();
      assert.match(first, /(accepted \(in\)|rejected \(out\)|undecided)/, "the status in words");
      assert.match(first, /Attacked by/, "what attacks it");
      // The titles in the list are the titles on the graph.
      const listTitles = await page.$$eval("#argument-list > li strong", (s) => s.map((x) => x.textContent));
      const graphTitles = await page.$$eval(".debate-svg g[data-argument] text:last-of-type", (s) => s.map((x) => x.textContent));
      assert.deepEqual([...graphTitles].sort(), [...listTitles].sort());
      for (const t of listTitles) assert.ok(t.length > 0 && t.length <= 40, `title "${t}"`);
      const tooltip = await page.locator('select#semantics option[value="GR"]').getAttribute("title");
      assert.match(tooltip, /grounded/);
    },
    { viewport: { width: 390, height: 844 }, hasTouch: true },
  );

  // -------------------------------------------------------------------------
  // Compare for lawyers: the readings grouped by kind with a live count;
  // each reading's own answer beside the coding the engine uses, with the
  // reason where they differ (taken from the coding's provenance); shares
  // of situations in figures, percentages and words.

  browserTest("compare: the count of readings chosen follows the boxes", async ({ page, go, snap }) => {
    await go("/compare");
    const legends = await page.$$eval("#compare-form fieldset legend", (ls) => ls.map((l) => l.textContent.trim()));
    for (const kind of ["Doctrines", "States", "Organisations"]) {
      assert.ok(legends.some((l) => l.startsWith(kind)), `a group of ${kind}: ${legends}`);
    }
    const count = page.locator("#chosen-count");
    assert.equal(await count.getAttribute("aria-live"), "polite");
    assert.equal((await count.textContent()).trim(), "0 chosen");
    const boxes = page.locator('#compare-form input[type=checkbox][name="profile"]');
    await boxes.nth(0).check();
    assert.equal((await count.textContent()).trim(), "1 chosen");
    await boxes.nth(3).check();
    await boxes.last().check();
    assert.equal((await count.textContent()).trim(), "3 chosen");
    await boxes.nth(3).uncheck();
    assert.equal((await count.textContent()).trim(), "2 chosen");
    await snap("two chosen");
  });

  browserTest(
    "compare: without script the count is the server's",
    async ({ page, go }) => {
      await go("/compare?profile=tallinn-manual-2&profile=fra-2019&profile=che-2021");
      assert.equal((await page.locator("#chosen-count").textContent()).trim(), "3 chosen");
    },
    { javaScriptEnabled: false },
  );

  browserTest("compare: an answer the State leaves open beside the value its coding uses", async ({ page, go, snap }) => {
    const ids = ["che-2021", "tallinn-manual-2"];
    await go("/compare?" + ids.map((p) => "profile=" + p).join("&"));
    const profiles = {};
    for (const id of ids) profiles[id] = await (await fetch(at("/api/v1/profiles/" + id))).json();
    const questions = [
      ["Harm threshold", "harm_threshold", "harm_threshold"],
      ["Knowledge", "knowledge", "knowledge_standard"],
      ["Conduct required", "scope_of_conduct", "conduct"],
    ];
    let differing = 0;
    for (const [row, answer, parameter] of questions) {
      const cells = page.locator("#side-by-side tr.question", { has: page.locator("th", { hasText: row }) }).locator("td");
      assert.equal(await cells.count(), ids.length, `${row}: a cell per reading`);
      for (let i = 0; i < ids.length; i++) {
        const p = profiles[ids[i]];
        const cell = cells.nth(i);
        const text = (await cell.innerText()).replace(/\s+/g, " ");
        assert.match(text, /Own answer: /, `${ids[i]} ${row}: the own answer`);
        assert.match(text, /Coding used: /, `${ids[i]} ${row}: the coding`);
        const own = p[answer];
        const coded = p.obligations.map((o) => o[parameter]);
        const agree = coded.every((v) => JSON.stringify(v) === JSON.stringify(own));
        const lines = await cell.locator("p.differ").allInnerTexts();
        if (agree) {
          assert.equal(lines.length, 0, `${ids[i]} ${row}: no line where answer and coding agree`);
          continue;
        }
        differing++;
        assert.ok(lines.length >= 1, `${ids[i]} ${row}: a line says why they differ`);
        const line = lines.join(" ").replace(/\s+/g, " ");
        if (own === "unspecified") {
          assert.match(text, /Own answer: not specified/);
          assert.match(line, /does not state/, `${ids[i]} ${row}: the answer is left open`);
        }
        for (const o of p.obligations) {
          const prov = o.provenance[parameter];
          if (JSON.stringify(o[parameter]) === JSON.stringify(own)) continue;
          if (prov.provenance === "inferred" && prov.reason) {
            assert.ok(line.includes(prov.reason.replace(/\s+/g, " ")), `${ids[i]} ${row}: the editors' reason is given`);
          } else {
            assert.match(line, /stated by/, `${ids[i]} ${row}: the source stating it`);
          }
        }
      }
    }
    assert.ok(differing >= 1, "Switzerland leaves some answer open while its coding uses a value");
    await page.locator("#side-by-side").scrollIntoViewIfNeeded();
    await snap("answers and codings");
  });

  browserTest("compare: shares of situations in figures, percentages and words", async ({ page, go }) => {
    const ids = ["tallinn-manual-2", "gge-2021", "fra-2019"];
    await go("/compare?" + ids.map((p) => "profile=" + p).join("&"));
    const d = await (await fetch(at("/api/v1/divergence?" + ids.map((p) => "profile=" + p).join("&")))).json();
    const sentences = await page.locator("#disagreement-sentences li").allInnerTexts();
    assert.equal(sentences.length, 3, "a sentence per pair");
    const grouped = (n) => n.toLocaleString("en-GB");
    for (let i = 0; i < d.profiles.length; i++) {
      for (let j = i + 1; j < d.profiles.length; j++) {
        const n = d.disagreements[i][j];
        const pct = Math.round((n * 100) / d.situations);
        const want = `in ${grouped(n)} of the ${grouped(d.situations)} situations (`;
        const s = sentences.find((t) => t.includes(want));
        assert.ok(s, `a sentence says ${want}: ${sentences.join(" | ")}`);
        if (pct > 0 && pct < 100) assert.ok(s.includes(`(${pct}%)`), `${s} gives ${pct}%`);
        assert.match(s, /%\), (about )?[a-z0-9, ]+ in [a-z0-9 ]+\.$|%\), (none|all)\.$/, `${s} says it in words`);
      }
    }
    const cells = await page.$$eval("#disagreements tbody td", (tds) => tds.map((t) => t.textContent));
    assert.ok(cells.filter((t) => t.includes("%")).length >= 6, "the matrix shows percentages");
  });

  browserTest(
    "compare: no sideways scroll at 390 px with three readings",
    async ({ page, go, snap }) => {
      await go("/compare?profile=tallinn-manual-2&profile=che-2021&profile=fra-2019");
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `the page is ${wide} px wide`);
      await snap("narrow");
    },
    { viewport: { width: 390, height: 844 } },
    { fullPage: false },
  );

  // -------------------------------------------------------------------------
  // The ledger's pages: two States exchange a whole case, signing every
  // entry in the browser (WebCrypto Ed25519) with the key files that
  // scripts/test-web made and registered (LEDGER_A_* for France, LEDGER_B_*
  // for Germany); the server's strict verification is the judge.

  const LEDGER = Object.fromEntries(
    ["A", "B"].map((p) => [
      p,
      {
        state: process.env[`LEDGER_${p}_STATE`],
        contact: process.env[`LEDGER_${p}_CONTACT`],
        token: process.env[`LEDGER_${p}_TOKEN`],
        key: process.env[`LEDGER_${p}_KEY`],
      },
    ]),
  );

  function ledgerParty(p) {
    const party = LEDGER[p];
    assert.ok(
      party.state && party.contact && party.token && party.key,
      `LEDGER_${p}_STATE, _CONTACT, _TOKEN and _KEY must be set (scripts/test-web registers two States)`,
    );
    return party;
  }

  // Signs in on /ledger with the party's token, by keyboard: Tab to the
  // token field, type it, Enter.
  async function ledgerSignIn(page, party) {
    const res = await page.goto(at("/ledger"));
    assert.equal(res.status(), 200);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement && document.activeElement.id === "ledger-token")) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement.id), "ledger-token", "Tab reaches the token field");
    await page.keyboard.type(party.token);
    await Promise.all([page.waitForURL(/\/ledger\/cases$/), page.keyboard.press("Enter")]);
  }

  async function ledgerLoadKey(page, party) {
    await page.setInputFiles("#ledger-key-file", party.key);
    const status = await page.waitForFunction(() => {
      const m = document.getElementById("ledger-key-status").textContent.match(/public key ([A-Za-z0-9+/=]{44})/);
      return m && m[1];
    });
    assert.equal(await status.jsonValue(), ledgerPublicKey(party), "the page reads the key file's public key");
  }

  // The public key of a key file (its 32-byte seed in base64), by node's
  // own crypto.
  function ledgerPublicKey(party) {
    const seed = Buffer.from(readFileSync(party.key, "utf8").trim(), "base64");
    const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
    const jwk = createPublicKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" })).export({ format: "jwk" });
    return Buffer.from(jwk.x, "base64url").toString("base64");
  }

  // The case as the JSON API gives it to the signed-in browser (the cookie,
  // same origin).
  async function ledgerCaseJson(page, id) {
    return page.evaluate(async (id) => {
      const r = await fetch("/api/v1/ledger/cases/" + id);
      return { status: r.status, body: await r.json() };
    }, id);
  }

  async function ledgerSubmit(page, formId) {
    const before = await page.locator("li.ledger-entry").count().catch(() => 0);
    await Promise.all([page.waitForEvent("load"), page.locator(`#${formId} button[type=submit]`).click()]);
    await page.waitForFunction((n) => document.querySelectorAll("li.ledger-entry").length > n, before);
  }

  let ledgerCase = null;

  browserTest(
    "ledger: two States exchange a whole case through the pages",
    async ({ page, snap }) => {
      const a = ledgerParty("A");
      const b = ledgerParty("B");
      // France signs in, loads its key file and notifies Germany.
      await ledgerSignIn(page, a);
      await ledgerLoadKey(page, a);
      await page.selectOption("#notify-to", b.state);
      await page.fill("#notify-summary", "Ransomware run from servers on your territory against our hospitals.");
      await page.fill("#notify-action_requested", "Take the servers down and tell us what you find.");
      await page.selectOption("#notify-urgency", "immediate");
      // The facts asserted, two of them uncertain: knowledge left unknown,
      // capacity one of two values.
      const facts = {
        domain: "cyber", conduct_by: "non_state_actor", territorial_link: "originates",
        contrary_to_rights: "true", harm: "serious", timing: "ongoing",
        capacity: "feasible,limited", measures: "none", continuing: "true",
      };
      for (const [fact, value] of Object.entries(facts)) {
        for (const v of value.split(",")) await page.check(`#f-${fact}-${v}`);
      }
      await Promise.all([
        page.waitForURL(/\/ledger\/cases\/[A-Za-z0-9_-]+/),
        page.locator("#notify-form button[type=submit]").click(),
      ]);
      ledgerCase = decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
      assert.match(ledgerCase, new RegExp(`^${a.state}-${b.state}-\\d{8}-[0-9a-f]{6}$`));
      await page.waitForSelector("li.ledger-entry[data-kind=notification]");
      assert.match(await page.textContent("[data-fact=knowledge]"), /^unknown/);
      assert.match(await page.textContent("[data-fact=capacity]"), /^unknown: one of /);
      // Then a routine notification: a later case, not yet due.
      await page.goto(at("/ledger/cases"));
      await page.selectOption("#notify-to", b.state);
      await page.fill("#notify-summary", "Phishing pages hosted on your territory imitate our tax office.");
      await page.selectOption("#notify-urgency", "routine");
      await Promise.all([
        page.waitForURL(/\/ledger\/cases\/[A-Za-z0-9_-]+/),
        page.locator("#notify-form button[type=submit]").click(),
      ]);
      const routineCase = decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
      assert.notEqual(routineCase, ledgerCase);

      // Germany, in another browser, sees it in its inbox, acknowledges it,
      // reports a step and replies.
      const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const problems = watch(other);
      try {
        await other.route((u) => u.origin !== ORIGIN, (route) => route.abort("blockedbyclient"));
        const pb = await other.newPage();
        pb.setDefaultTimeout(10_000);
        await ledgerSignIn(pb, b);
        // The immediate notification falls overdue (3 s here: scripts/test-web
        // serves with --ack-period immediate=3s) and goes to the top, above
        // the more recent routine one.
        const order = () => pb.$$eval("#ledger-cases tbody tr", (rows) => rows.map((r) => [r.dataset.case, r.dataset.overdue]));
        for (let i = 0; i < 20 && (await order())[0][1] !== "true"; i++) {
          await pb.waitForTimeout(500);
          await pb.reload();
        }
        assert.deepEqual(await order(), [[ledgerCase, "true"], [routineCase, "false"]], "overdue first, then the most recent");
        assert.match(await pb.textContent(`tr[data-case="${ledgerCase}"]`), /Overdue: the acknowledgement was due/);
        assert.match(await pb.textContent(`tr[data-case="${routineCase}"]`), /Awaiting acknowledgement, due/);
        await ledgerLoadKey(pb, b);
        await Promise.all([pb.waitForURL(/\/ledger\/cases\/.+/), pb.click(`a[href="/ledger/cases/${ledgerCase}"]`)]);
        await pb.fill("#ack-note", "Received; our CERT is on it.");
        // Germany declares the reading it reads the case under.
        await pb.selectOption("#ack-reading", "tallinn-manual-2");
        await ledgerSubmit(pb, "ack-form");
        assert.equal(await pb.locator("#ack-form").count(), 0, "acknowledged once: the form is gone");
        await pb.selectOption("#step-step", "detect");
        await pb.fill("#step-account", "Found the command servers at a hosting company.");
        await ledgerSubmit(pb, "step-form");
        // A refusal is shown next to the field the API names (the browser
        // logs the 422 in its console: the one console error allowed).
        await pb.fill("#reply-text", "x".repeat(4001));
        await pb.locator("#reply-form button[type=submit]").click();
        await pb.waitForFunction(() => document.getElementById("reply-text-error").textContent.includes("text"));
        assert.equal(await pb.getAttribute("#reply-text", "aria-invalid"), "true");
        const refused = problems.findIndex((p) => /console error .* status of 422/.test(p));
        assert.ok(refused >= 0, "the refusal was a 422");
        problems.splice(refused, 1);
        await pb.fill("#reply-text", "The hosting company has been ordered to keep the logs.");
        await ledgerSubmit(pb, "reply-form");
        await pb.screenshot({ path: path.join(ARTIFACTS, "ledger-receiver-timeline.png"), fullPage: false });
      } finally {
        await other.close();
      }
      assert.deepEqual(problems, [], "problems seen on Germany's pages");

      // France sees the whole timeline: four entries, each with its proof,
      // and both readings after each entry and now.
      await page.goto(at(`/ledger/cases/${ledgerCase}`));
      const kinds = await page.$$eval("li.ledger-entry", (ls) => ls.map((l) => l.dataset.kind));
      assert.deepEqual(kinds, ["notification", "acknowledgement", "step", "reply"]);
      assert.equal(await page.locator("li.ledger-entry details.proof").count(), 4);
      assert.equal(await page.locator("#ledger-changes tbody tr").count(), 5, "the facts as notified, then after each entry");
      for (const party of ["notifier", "receiver"]) {
        const card = page.locator(`section.reading[data-party=${party}]`);
        assert.equal(await card.count(), 1, `the ${party}'s reading`);
        assert.ok((await card.locator("ol.trace li").count()) > 0, `the ${party}'s trace`);
        assert.ok((await card.locator("[data-rests-on]").count()) > 0, `what the ${party}'s result rests on`);
      }
      assert.match(await page.textContent("[data-fact=knowledge]"), /notified/);
      const declared = page.locator("section.reading[data-party=receiver] [data-source=declared] a");
      assert.equal(await declared.getAttribute("href"), "/profiles/tallinn-manual-2", "the reading Germany declared");
      // What the server accepted is what the browsers signed, with the key
      // files' keys; each proof verifies against the checkpoint's root.
      const { status, body } = await ledgerCaseJson(page, ledgerCase);
      assert.equal(status, 200);
      assert.deepEqual(body.entries.map((e) => e.entry.record.from_state), [a.state, b.state, b.state, b.state]);
      assert.deepEqual(
        body.entries.map((e) => e.entry.public_key),
        [a, b, b, b].map(ledgerPublicKey),
        "each entry signed with its sender's key file",
      );
      const sha = (...parts) => createHash("sha256").update(Buffer.concat(parts)).digest();
      const canonical = (v) =>
        Array.isArray(v) ? "[" + v.map(canonical).join(",") + "]"
        : v !== null && typeof v === "object" ? "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}"
        : JSON.stringify(v);
      const root = Buffer.from(body.checkpoint.split("\n")[2], "base64");
      for (const e of body.entries) {
        const leaf = sha(Buffer.from([0]), Buffer.from(canonical(e.entry)));
        assert.equal(createHash("sha256").update(canonical(e.entry)).digest("hex"), e.hash, "the entry hash");
        // RFC 9162 section 2.1.3.2: the root from the leaf and its proof.
        let fn = e.index, sn = body.tree_size - 1, r = leaf;
        for (const p of e.inclusion_proof.map((h) => Buffer.from(h, "base64"))) {
          if (sn === 0) assert.fail("the proof is too long");
          if (fn % 2 === 1 || fn === sn) {
            r = sha(Buffer.from([1]), p, r);
            if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
          } else {
            r = sha(Buffer.from([1]), r, p);
          }
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
        assert.equal(sn, 0);
        assert.ok(r.equals(root), `the inclusion proof of leaf ${e.index} gives the checkpoint's root`);
      }
      await page.locator("li.ledger-entry details.proof summary").first().click();
      assert.match(await page.textContent("#verify"), /diligence ledger verify --server/);
      await snap("timeline");
    },
    {},
    { fullPage: false, timeout: 120_000 },
  );

  browserTest(
    "ledger: a key pair made in the page; the server refuses what an unregistered key signs",
    async ({ snap }) => {
      assert.ok(ledgerCase, "the exchange above made a case");
      const a = ledgerParty("A");
      // Its own context: the refusal below is logged in the console, and
      // that one error is expected.
      const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const problems = watch(own);
      try {
        await own.route((u) => u.origin !== ORIGIN, (route) => route.abort("blockedbyclient"));
        const page = await own.newPage();
        page.setDefaultTimeout(10_000);
        await ledgerSignIn(page, a);
        await page.click("#ledger-key-generate");
        const made = await page.waitForFunction(() => {
          const m = document.getElementById("ledger-key-status").textContent.match(/public key ([A-Za-z0-9+/=]{44})/);
          return m && m[1];
        });
        const publicKey = await made.jsonValue();
        assert.notEqual(publicKey, ledgerPublicKey(a), "a new key, not the key file's");
        assert.equal(
          (await page.textContent("#ledger-key-command")).trim(),
          `diligence ledger state add ${a.state} --contact '${a.contact}' --public-key ${publicKey} --data-dir DIR`,
        );
        // The private key stays in this browser, and cannot be exported.
        const kept = await page.evaluate(
          (id) =>
            new Promise((resolve) => {
              const req = indexedDB.open("diligence-ledger", 1);
              req.onsuccess = () => {
                const get = req.result.transaction("keys").objectStore("keys").get(id);
                get.onsuccess = () => resolve({ extractable: get.result.privateKey.extractable, type: get.result.privateKey.type });
              };
            }),
          `${a.state}/${a.contact}`,
        );
        assert.deepEqual(kept, { extractable: false, type: "private" });
        // Kept across pages.
        await page.goto(at(`/ledger/cases/${ledgerCase}`));
        await page.waitForFunction((k) => document.getElementById("ledger-key-status").textContent.includes(k), publicKey);
        // Signed with a key the operator has not registered: the server's
        // check refuses it, and the page says why.
        await page.fill("#reply-text", "Signed with a key nobody registered.");
        const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/ledger/entries"));
        await page.locator("#reply-form button[type=submit]").click();
        assert.equal((await answer).status(), 409);
        await page.waitForFunction(() => /registered/.test(document.querySelector("#reply-form .form-error").textContent));
        await page.screenshot({ path: path.join(ARTIFACTS, "ledger-unregistered-key-refused.png"), fullPage: false });
        const refused = problems.findIndex((p) => /console error .* status of 409/.test(p));
        assert.ok(refused >= 0, "the refusal was a 409");
        problems.splice(refused, 1);
        // Forgetting the key leaves none.
        await page.click("#ledger-key-forget");
        await page.waitForFunction(() => /No key is loaded/.test(document.getElementById("ledger-key-status").textContent));
      } finally {
        await own.close();
      }
      assert.deepEqual(problems, [], "problems seen on the pages");
      await snap().catch(() => {});
    },
  );

  for (const [width, height] of [[1280, 900], [390, 844]]) {
    browserTest(
      `ledger pages: axe-core finds no serious violation, and none scrolls sideways, at ${width} px`,
      async ({ page }) => {
        assert.ok(ledgerCase, "the exchange above made a case");
        const found = [];
        const check = async (where) => {
          for (const v of await axeViolations(page)) found.push(`${where}: ${v}`);
          const wide = await page.evaluate(() => document.documentElement.scrollWidth);
          if (wide > width) found.push(`${where}: the page is ${wide} px wide on a ${width} px screen`);
          await page.screenshot({ path: path.join(ARTIFACTS, `ledger-${slug(where)}--${width}px.png`), timeout: 20_000 });
        };
        await page.goto(at("/ledger"));
        await check("/ledger");
        await ledgerSignIn(page, ledgerParty("B"));
        await check("/ledger/cases");
        await page.goto(at(`/ledger/cases/${ledgerCase}`));
        await page.$$eval("details", (ds) => ds.forEach((d) => (d.open = true)));
        await check("/ledger/cases/CASE");
        assert.deepEqual(found, [], found.join("\n"));
      },
      { viewport: { width, height } },
      { fullPage: false, timeout: 120_000 },
    );
  }

  browserTest(
    "ledger pages without JavaScript: sign in, read, and the command line to write",
    async ({ page, snap }) => {
      assert.ok(ledgerCase, "the exchange above made a case");
      const a = ledgerParty("A");
      await page.goto(at("/ledger"));
      await page.fill("#ledger-token", a.token);
      await Promise.all([page.waitForURL(/\/ledger\/cases$/), page.click("form.ledger-sign-in button[type=submit]")]);
      assert.equal(await page.locator(`tr[data-case="${ledgerCase}"]`).count(), 1);
      await page.goto(at(`/ledger/cases/${ledgerCase}`));
      assert.equal(await page.locator("li.ledger-entry").count(), 4);
      assert.ok(await page.locator("#reply-form button[type=submit]").isDisabled(), "no signing without the script");
      assert.match(await page.textContent("#reply-form"), /diligence ledger reply .* --text TEXT/);
      // Signing out forgets the cookie.
      await page.goto(at("/ledger/cases"));
      await Promise.all([page.waitForURL(/\/ledger$/), page.click("form.ledger-sign-out button")]);
      assert.equal(await page.locator("#ledger-token").count(), 1);
      await snap();
    },
    { javaScriptEnabled: false },
  );

  // -------------------------------------------------------------------------
  // Citations in OSCOLA style: the case name or book title in italics on the
  // authority's page and card, one button copying the OSCOLA citation and a
  // second its short form, as the API gives both.

  browserTest("authority pages: OSCOLA citation in italics, the two copy buttons copy the two forms", async ({ page, go, snap }) => {
    const read = () => page.evaluate(() => navigator.clipboard.readText());
    for (const id of ["corfu-channel-1949", "tallinn-manual-2"]) {
      const a = await (await fetch(at("/api/v1/authorities/" + id))).json();
      assert.ok(a.citation && a.citation_short, `${id}: the API gives both forms`);
      for (const [where, scope] of [
        [`/authorities/${id}`, "main"],
        [`/authorities?q=${encodeURIComponent(a.title)}`, `section.card#a-${id}`],
      ]) {
        await go(where);
        const box = page.locator(scope).locator("span.citation").first();
        assert.equal((await box.textContent()).trim(), a.citation, `${where}: the OSCOLA citation is shown`);
        assert.deepEqual(await box.locator("i").allTextContents(), [a.title], `${where}: the title is in italics`);
        const copy = box.locator("xpath=following-sibling::button[contains(@class, 'copy')][1]");
        const short = box.locator("xpath=following-sibling::button[contains(@class, 'copy-short')][1]");
        assert.equal(await copy.getAttribute("data-copy"), a.citation);
        assert.equal(await short.getAttribute("data-copy"), a.citation_short);
        assert.equal(await short.getAttribute("aria-label"), `Copy the short form of the citation: ${a.citation_short}`);
        assert.notEqual(await copy.getAttribute("aria-label"), await short.getAttribute("aria-label"));
        await copy.click();
        await page.waitForFunction((b) => b.textContent === "Copied", await copy.elementHandle(), { timeout: 1_400 });
        assert.equal(await read(), a.citation, `${where}: Copy copies the OSCOLA citation`);
        await short.click();
        await page.waitForFunction((b) => b.textContent === "Copied", await short.elementHandle(), { timeout: 1_400 });
        assert.equal(await read(), a.citation_short, `${where}: Copy the short form copies it`);
      }
      if (id === "tallinn-manual-2") {
        assert.notEqual(a.citation, a.citation_short, "the book's two forms differ");
        assert.ok(!a.citation.includes("'Tallinn"), "OSCOLA sets a book title in italics, not in quotes");
      }
      await snap(id);
    }
  });
}
