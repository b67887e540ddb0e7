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

function setUpAutoSubmit() {
  document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
    form.addEventListener("change", () => form.submit());
  });
}

function setUpAssess() {
  const form = document.getElementById("assess-form");
  const results = document.getElementById("results");
  if (!form || !results) return;
  let pending = null;
  const update = () => {
    const params = new URLSearchParams(new FormData(form));
    params.delete("notes");
    const qs = params.toString();
    history.replaceState(null, "", "/assess?" + qs);
    document.querySelectorAll("a[data-export]").forEach((a) => {
      a.href = a.dataset.export + "?" + qs;
    });
    if (pending) pending.abort();
    pending = new AbortController();
    results.setAttribute("aria-busy", "true");
    fetch("/assess/results?" + qs, { signal: pending.signal })
      .then((r) => r.text())
      .then((html) => {
        results.innerHTML = html;
        results.removeAttribute("aria-busy");
      })
      .catch(() => {});
  };
  form.addEventListener("change", update);
  form.addEventListener("submit", (e) => {
    if (e.submitter && e.submitter.dataset.save !== undefined) return;
    e.preventDefault();
    update();
  });
  const live = document.getElementById("live-note");
  if (live) live.hidden = false;
}

document.addEventListener("DOMContentLoaded", () => {
  setUpTables();
  setUpCopy();
  setUpAutoSubmit();
  setUpAssess();
});
