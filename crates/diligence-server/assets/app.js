// diligence: the little behaviour the pages need. Every page works without
// it; with it, tables sort and filter, citations copy, the Assess page
// updates as facts change, and selectors apply at once.
"use strict";

function sortTable(table, col, th) {
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const asc = th.getAttribute("aria-sort") !== "ascending";
  table.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  const key = (r) => (r.cells[col] ? r.cells[col].dataset.sort || r.cells[col].textContent.trim() : "");
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const nx = Number(x), ny = Number(y);
    const c = x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
    return asc ? c : -c;
  });
  rows.forEach((r) => body.appendChild(r));
}

function setUpTables() {
  document.querySelectorAll("table.sortable").forEach((table) => {
    table.querySelectorAll("thead th").forEach((th, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.textContent = th.textContent;
      b.title = "Sort by " + th.textContent;
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", () => sortTable(table, i, th));
    });
  });
  document.querySelectorAll("input[data-filter]").forEach((input) => {
    const table = document.getElementById(input.dataset.filter);
    if (!table) return;
    const apply = () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      Array.from(table.tBodies[0].rows).forEach((r) => {
        const text = r.textContent.toLowerCase();
        const ok = words.every((w) => text.includes(w));
        r.hidden = !ok;
        if (ok) shown++;
      });
      const count = document.querySelector("[data-count-for='" + table.id + "']");
      if (count) count.textContent = shown + " shown";
    };
    input.addEventListener("input", apply);
  });
}

function setUpCopy() {
  document.addEventListener("click", (e) => {
    const b = e.target.closest("button.copy");
    if (!b) return;
    const text = b.dataset.copy;
    const done = () => {
      const old = b.textContent;
      b.textContent = "Copied";
      setTimeout(() => (b.textContent = old), 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
    } else {
      fallbackCopy(text, done);
    }
  });
}

function fallbackCopy(text, done) {
  const t = document.createElement("textarea");
  t.value = text;
  t.setAttribute("readonly", "");
  t.className = "offscreen";
  document.body.appendChild(t);
  t.select();
  try {
    document.execCommand("copy");
    done();
  } finally {
    t.remove();
  }
}

// The value of one fact's fieldset in the compact form of a shareable
// address: `notified`, `notified,actual`, or `unknown` when Unknown, every
// value or no value is ticked.
function factValue(fieldset) {
  const boxes = Array.from(fieldset.querySelectorAll("input[type=checkbox]"));
  const values = boxes.filter((b) => b.value !== "unknown");
  const unknown = boxes.find((b) => b.value === "unknown");
  const ticked = values.filter((b) => b.checked).map((b) => b.value);
  if ((unknown && unknown.checked) || ticked.length === 0 || ticked.length === values.length) return "unknown";
  return ticked.join(",");
}

// The compact query string of the Assess form: each fact once (a
// `continuing` at its default left out, as the server writes it), then the
// title.
function assessQuery(form) {
  const parts = [];
  form.querySelectorAll("fieldset[data-fact]").forEach((fs) => {
    const v = factValue(fs);
    if (fs.dataset.default !== undefined && v === fs.dataset.default) return;
    parts.push(fs.dataset.fact + "=" + v);
  });
  const title = form.querySelector("input[name=title]");
  if (title) parts.push("title=" + encodeURIComponent(title.value));
  // The memo's fields: the names of the States and the narrative, when given.
  for (const key of ["ts", "as", "nar"]) {
    const field = form.querySelector(`[name=${key}]`);
    if (field && field.value.trim() !== "") parts.push(key + "=" + encodeURIComponent(field.value.trim()));
  }
  return parts.join("&");
}

// Keeps a fact's boxes coherent: ticking Unknown clears the values, ticking
// a value clears Unknown, and clearing every box ticks Unknown.
function tidyFact(box) {
  const fs = box.closest("fieldset[data-fact]");
  if (!fs) return;
  const boxes = Array.from(fs.querySelectorAll("input[type=checkbox]"));
  const unknown = boxes.find((b) => b.value === "unknown");
  if (!unknown) return;
  if (box === unknown && unknown.checked) {
    boxes.forEach((b) => { if (b !== unknown) b.checked = false; });
  } else if (box !== unknown && box.checked) {
    unknown.checked = false;
  }
  if (!boxes.some((b) => b.checked)) unknown.checked = true;
}

function setUpAssess() {
  const form = document.getElementById("assess-form");
  const results = document.getElementById("results");
  if (!form || !results) return;
  const announce = document.getElementById("results-announce");
  let pending = null;
  const update = () => {
    const qs = assessQuery(form);
    history.replaceState(null, "", "/assess?" + qs);
    document.querySelectorAll("a[data-export]").forEach((a) => {
      a.href = a.dataset.export + "?" + qs;
    });
    if (pending) pending.abort();
    const mine = new AbortController();
    pending = mine;
    results.setAttribute("aria-busy", "true");
    fetch("/assess/results?" + qs, { signal: mine.signal })
      .then((r) => r.text())
      .then((html) => {
        if (pending !== mine) return;
        results.innerHTML = html;
        results.removeAttribute("aria-busy");
        const summary = document.getElementById("summary");
        if (announce && summary) announce.textContent = summary.textContent.replace(/\s+/g, " ").trim();
      })
      .catch(() => {});
  };
  form.addEventListener("change", (e) => {
    if (e.target && e.target.type === "checkbox") tidyFact(e.target);
    update();
  });
  form.addEventListener("submit", (e) => {
    if (e.submitter && e.submitter.dataset.save !== undefined) return;
    e.preventDefault();
    update();
  });
  const live = document.getElementById("live-note");
  if (live) live.hidden = false;
}

// Compare: the count of readings chosen follows the boxes as they are
// ticked (without script it is the server's count at load).
function setUpChosenCount() {
  document.querySelectorAll("form[data-chosen-count]").forEach((form) => {
    const count = document.getElementById(form.dataset.chosenCount);
    if (!count) return;
    const boxes = () => form.querySelectorAll("input[type=checkbox][name=profile]");
    const update = () => {
      const n = Array.from(boxes()).filter((b) => b.checked).length;
      count.textContent = n + " chosen";
    };
    form.addEventListener("change", (e) => {
      if (e.target && e.target.name === "profile") update();
    });
    update();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpTables();
  setUpCopy();
  setUpAssess();
  setUpChosenCount();
});

// ---------------------------------------------------------------------------
// The ledger: entries signed in this browser with the point of contact's
// Ed25519 key (WebCrypto), which never leaves it. A record is built as the
// ledger's pure crate reads it; its canonical form (RFC 8785: keys sorted,
// no white space; the records hold only strings, booleans, arrays and
// objects, which JSON.stringify writes as RFC 8785 does) is signed after
// the signing context, and the signed entry is sent to the JSON API with
// the sign-in cookie (same origin).

const LEDGER_CONTEXT = "diligence-ledger-entry-v1\n";
// PKCS#8 of an Ed25519 private key, before its 32-byte seed (RFC 8410).
const PKCS8_ED25519_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

function canonicalJson(value) {
  if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalJson(value[k])).join(",") + "}";
  }
  if (typeof value === "number" && !Number.isInteger(value)) throw new Error("only integers are written");
  return JSON.stringify(value);
}

function bytesToBase64(bytes) {
  let s = "";
  new Uint8Array(bytes).forEach((b) => (s += String.fromCharCode(b)));
  return btoa(s);
}

function base64ToBytes(text) {
  const s = atob(text.trim());
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

// The key store: one key per State and point of contact, in IndexedDB.
function keyDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open("diligence-ledger", 1);
    req.onupgradeneeded = () => req.result.createObjectStore("keys");
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function keyOp(mode, fn) {
  const db = await keyDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("keys", mode);
    const req = fn(tx.objectStore("keys"));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
  });
}

const loadKey = (id) => keyOp("readonly", (s) => s.get(id));
const saveKey = (id, key) => keyOp("readwrite", (s) => s.put(key, id));
const forgetKey = (id) => keyOp("readwrite", (s) => s.delete(id));

// A key file of `diligence ledger keygen`: one line, the 32-byte seed in
// base64. Imported once to read its public key, then kept non-extractable.
async function importKeyFile(text) {
  const seed = base64ToBytes(text);
  if (seed.length !== 32) throw new Error("this is not a key file: it must hold a 32-byte Ed25519 private key in base64");
  const der = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32);
  der.set(PKCS8_ED25519_PREFIX);
  der.set(seed, PKCS8_ED25519_PREFIX.length);
  const readable = await crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, true, ["sign"]);
  const jwk = await crypto.subtle.exportKey("jwk", readable);
  const publicKey = bytesToBase64(base64ToBytes(jwk.x.replace(/-/g, "+").replace(/_/g, "/") + "="));
  const privateKey = await crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, false, ["sign"]);
  return { privateKey, publicKey };
}

async function generateKeyPair() {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
  const raw = await crypto.subtle.exportKey("raw", pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: bytesToBase64(raw) };
}

async function signRecord(key, record) {
  const message = new TextEncoder().encode(LEDGER_CONTEXT + canonicalJson(record));
  const signature = await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, message);
  return { record, signature: bytesToBase64(signature), public_key: key.publicKey };
}

function nowRfc3339() {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

function newCaseId(from, to) {
  const d = new Date().toISOString().slice(0, 10).replace(/-/g, "");
  const r = crypto.getRandomValues(new Uint8Array(3));
  return `${from}-${to}-${d}-` + Array.from(r, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The facts of the notification form, as the spec's facts object: a value,
// a list of values, or "unknown" (booleans as booleans).
function formFacts(form) {
  const facts = {};
  form.querySelectorAll("fieldset[data-fact]").forEach((fs) => {
    const v = factValue(fs);
    const boolean = fs.querySelector("input[value=true]") !== null;
    const one = (x) => (boolean ? x === "true" : x);
    if (v === "unknown") facts[fs.dataset.fact] = "unknown";
    else if (!v.includes(",")) facts[fs.dataset.fact] = one(v);
    else facts[fs.dataset.fact] = v.split(",").map(one);
  });
  return facts;
}

function formBody(form) {
  const val = (name) => {
    const el = form.elements.namedItem(name);
    return el ? el.value : "";
  };
  switch (form.dataset.kind) {
    case "notification":
      return { to: val("to"), facts: formFacts(form), summary: val("summary").trim(), action_requested: val("action_requested").trim(), urgency: val("urgency"), reading: val("reading") || undefined };
    case "acknowledgement":
      return { note: val("note").trim(), reading: val("reading") || undefined };
    case "request":
      return { request: val("request"), text: val("text").trim() };
    case "step":
      return { step: val("step"), date: val("date"), account: val("account").trim() };
    case "reply":
      return { text: val("text").trim() };
    case "closure":
      return { reason: val("reason").trim() };
  }
  return {};
}

function clearErrors(form) {
  form.querySelectorAll("[data-error-for]").forEach((p) => (p.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
}

// Shows a refusal next to the field the API named (its closest enclosing
// field: `record.body.facts.harm` goes to the facts), else at the top.
function showError(form, field, detail) {
  let name = field || "";
  let place = null;
  while (name && !place) {
    place = form.querySelector(`[data-error-for="${name}"]`);
    if (!place) name = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : "";
  }
  place = place || form.querySelector('[data-error-for=""]');
  if (place) place.textContent = detail;
  const input = name ? form.querySelector(`[data-field="${name}"]`) : null;
  if (input) {
    input.setAttribute("aria-invalid", "true");
    if (input.focus) input.focus();
  }
}

async function submitEntry(form, keyId) {
  clearErrors(form);
  const key = await loadKey(keyId).catch(() => undefined);
  if (!key) {
    showError(form, "", "Load your key file or make a key pair first (Your signing key).");
    return;
  }
  const kind = form.dataset.kind;
  const from = form.dataset.state;
  const body = formBody(form);
  if (kind === "notification" && !body.to) {
    showError(form, "record.body.to", "Choose the State to notify.");
    return;
  }
  const record = {
    case: kind === "notification" ? newCaseId(from, body.to) : form.dataset.case,
    kind,
    from_state: from,
    from_contact: form.dataset.contact,
    claimed_time: nowRfc3339(),
    body,
  };
  if (kind !== "notification") record.previous = form.dataset.previous;
  let entry;
  try {
    entry = await signRecord(key, record);
  } catch (e) {
    showError(form, "", "Signing failed in this browser: " + e.message);
    return;
  }
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  try {
    const res = await fetch("/api/v1/ledger/entries", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(entry),
    });
    const answer = await res.json().catch(() => ({}));
    if (res.ok) {
      // The case's page, anew: with the entry, its proof and the readings.
      const target = "/ledger/cases/" + encodeURIComponent(answer.case);
      if (window.location.pathname === target) window.location.reload();
      else window.location.assign(target);
      return;
    }
    showError(form, answer.field, answer.detail || `refused (${res.status})`);
  } catch (e) {
    showError(form, "", "The server could not be reached: " + e.message);
  } finally {
    if (button) button.disabled = false;
  }
}

function setUpLedger() {
  const section = document.getElementById("ledger-key");
  if (!section || !window.crypto || !crypto.subtle || !window.indexedDB) return;
  const keyId = section.dataset.state + "/" + section.dataset.contact;
  const status = document.getElementById("ledger-key-status");
  const tools = section.querySelector(".ledger-key-tools");
  const pub = document.getElementById("ledger-key-public");
  const command = document.getElementById("ledger-key-command");
  const show = (key) => {
    if (key) {
      status.textContent = "A key is loaded in this browser for " + section.dataset.contact + ": public key " + key.publicKey + ".";
      command.textContent = `diligence ledger state add ${section.dataset.state} --contact '${section.dataset.contact}' --public-key ${key.publicKey} --data-dir DIR`;
      pub.hidden = false;
    } else {
      status.textContent = "No key is loaded in this browser: load your key file, or make a key pair and have the operator register its public key.";
      pub.hidden = true;
    }
  };
  tools.hidden = false;
  document.querySelectorAll(".needs-script").forEach((el) => (el.hidden = true));
  loadKey(keyId).then(show, () => show(undefined));
  document.getElementById("ledger-key-file").addEventListener("change", async (e) => {
    const file = e.target.files && e.target.files[0];
    if (!file) return;
    try {
      const key = await importKeyFile(await file.text());
      await saveKey(keyId, key);
      show(key);
    } catch (err) {
      status.textContent = "This file could not be loaded: " + err.message;
    }
  });
  document.getElementById("ledger-key-generate").addEventListener("click", async () => {
    const key = await generateKeyPair();
    await saveKey(keyId, key);
    show(key);
  });
  document.getElementById("ledger-key-forget").addEventListener("click", async () => {
    await forgetKey(keyId);
    show(undefined);
  });
  document.querySelectorAll("form.ledger-form").forEach((form) => {
    form.querySelectorAll("button[type=submit]").forEach((b) => (b.disabled = false));
    form.addEventListener("change", (e) => {
      if (e.target && e.target.type === "checkbox") tidyFact(e.target);
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      submitEntry(form, keyId);
    });
  });
}

document.addEventListener("DOMContentLoaded", setUpLedger);
