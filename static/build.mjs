// Builds static/dist: compiles the Sass and copies GOV.UK Frontend's script and
// images (no fonts: the council uses a system font stack). Run with `npm run build`.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const frontend = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/dist", { recursive: true });
const result = sass.compile("static/scss/main.scss", {
  loadPaths: ["node_modules/govuk-frontend/dist"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions"],
});
writeFileSync("static/dist/main.css", result.css);
cpSync(`${frontend}/govuk-frontend.min.js`, "static/dist/govuk-frontend.min.js");
cpSync(`${frontend}/assets/images`, "static/dist/assets/images", { recursive: true });
console.log("static/dist built");
