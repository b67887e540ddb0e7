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
