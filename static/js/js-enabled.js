// Loaded at the top of <body>, so GOV.UK Frontend's JavaScript-only styles apply
// before the page paints. A file rather than inline script, for the CSP.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
