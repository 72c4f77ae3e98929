// Runs only in browsers that support ES modules, which is what GOV.UK Frontend needs.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
