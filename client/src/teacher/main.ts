// The teacher page: one bundle, four views chosen by the address.
//   /teacher                       create a session, my past sessions
//   /teacher#s=ID&host=TOKEN       the live dashboard (the private host link)
//   /teacher/projector?session=ID  the class screen (public view)
//   /teacher/report#s=ID&host=..   the report and CSV
//   /teacher/replay?round=ID       a recorded classroom round, with a timeline (public)
import "@fontsource/atkinson-hyperlegible/400.css";
import "@fontsource/atkinson-hyperlegible/700.css";
import "@fontsource/atkinson-hyperlegible-mono/400.css";
import "@fontsource/atkinson-hyperlegible-mono/700.css";
import "@fontsource/pixelify-sans/700.css";
import "./teacher.css";

import { linkFromHash } from "./api.ts";
import { showDashboard } from "./dashboard.ts";
import { showHome } from "./home.ts";
import { showProjector } from "./projector.ts";
import { showReport } from "./report.ts";
import { showReplay } from "./replay.ts";
import { h, mount } from "./ui.ts";

function route(): void {
  const path = location.pathname.replace(/\/+$/, "");
  const link = linkFromHash();
  if (path === "/teacher/projector") return showProjector(new URLSearchParams(location.search).get("session"));
  if (path === "/teacher/replay") return void showReplay(new URLSearchParams(location.search).get("round"));
  if (path === "/teacher/report") {
    if (!link) return void mount(h("p", { class: "error big" }, "A report needs the session's host link."));
    return void showReport(link.id, link.host);
  }
  if (link) return showDashboard(link.id, link.host);
  void showHome();
}

// A different host link in the same tab (pasted, or picked from past sessions): start over.
window.addEventListener("hashchange", () => location.reload());
route();
