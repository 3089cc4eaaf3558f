// NHS.UK frontend's components, started without inline script (the CSP forbids it).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("nhsuk-frontend-supported");
initAll();
