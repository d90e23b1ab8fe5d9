// The GOV.UK timeout warning for staff sessions. Two minutes before the session runs out, a
// modal dialog says so and offers "Stay signed in" (a request that renews the session) and
// "Sign out". When the time is up the page goes to the sign-in page, which says why.
// Without JavaScript the dialog never opens: the session simply ends.
const dialog = document.querySelector("[data-timeout-warning]");

function words(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

if (dialog && typeof dialog.showModal === "function") {
  const sessionMs = Number(dialog.dataset.sessionSeconds) * 1000;
  const warningMs = Math.min(Number(dialog.dataset.warningSeconds) * 1000, sessionMs / 2);
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const extend = dialog.querySelector("[data-timeout-extend]");
  let endsAt = 0;
  let timers = [];

  const stop = () => {
    timers.forEach((timer) => window.clearTimeout(timer) || window.clearInterval(timer));
    timers = [];
  };
  const signedOut = () => window.location.assign(dialog.dataset.timedOutUrl);
  const update = () => {
    countdown.textContent = words(endsAt - Date.now());
  };
  const warn = () => {
    update();
    dialog.showModal();
    timers.push(window.setInterval(update, 1000));
  };
  const start = () => {
    stop();
    endsAt = Date.now() + sessionMs;
    timers.push(window.setTimeout(warn, sessionMs - warningMs), window.setTimeout(signedOut, sessionMs));
  };
  const stayPut = async () => {
    try {
      const response = await fetch(extend.action, {
        method: "POST",
        body: new FormData(extend),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.status !== 204) return signedOut();
    } catch {
      return signedOut();
    }
    dialog.close();
    start();
  };

  extend.addEventListener("submit", (event) => {
    event.preventDefault();
    stayPut();
  });
  // Escape closes the warning, which, as in the GOV.UK pattern, means "stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stayPut();
  });
  if (sessionMs > 0) start();
}
