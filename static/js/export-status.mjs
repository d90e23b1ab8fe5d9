// Keeps an export's page up to date while its file is being made. Every few
// seconds it fetches the page again and swaps in the new status section; when
// the state changes it tells screen readers through a polite live region.
// Without JavaScript the page has a plain "Refresh" link instead.
const INTERVAL_MS = 2000;
const WAITING = new Set(["queued", "running"]);

function current() {
  return document.querySelector("[data-export-status]");
}

async function refresh() {
  const section = current();
  const response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) return true;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.querySelector("[data-export-status]");
  if (!fresh) return true;
  const changed = fresh.dataset.exportStatus !== section.dataset.exportStatus;
  section.replaceWith(document.importNode(fresh, true));
  if (changed) {
    document.querySelector("[data-export-announcement]").textContent = fresh.dataset.exportStatusText;
  }
  return WAITING.has(fresh.dataset.exportStatus);
}

function schedule() {
  window.setTimeout(async () => {
    let again = true;
    try {
      again = await refresh();
    } catch {
      again = true; // a dropped connection: try again next time
    }
    if (again) schedule();
  }, INTERVAL_MS);
}

if (current() && WAITING.has(current().dataset.exportStatus)) schedule();
