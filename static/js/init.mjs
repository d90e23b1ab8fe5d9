// GOV.UK Frontend's JavaScript-only styles, then its components. A deferred module, so no
// script holds up the first paint (issue 17); a file, not inline script, for the CSP.
import { initAll } from "../dist/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
