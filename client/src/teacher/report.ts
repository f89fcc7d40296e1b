// The report page of a session (needs its host link): per-student results and the CSV download.

import { sum, teamName, type RosterRow } from "../../../shared/hosting.ts";
import { downloadCsv, fetchReport, hostUrl } from "./api.ts";
import { button, chips, fmtTime, h, mount, statusPill, teamTag, toast } from "./ui.ts";

export async function showReport(id: string, host: string): Promise<void> {
  mount(h("p", { class: "loading" }, "Loading the report..."));
  try {
    const r = await fetchReport(id, host);
    const s = r.session;
    const students = [...r.students].sort((a, b) => b.counts.score - a.counts.score || a.nick.localeCompare(b.nick));
    const totals = (f: (x: RosterRow) => number) => students.reduce((a, x) => a + f(x), 0);
    const csv = button("Download CSV", () => void downloadCsv(id, host).then(() => toast("CSV downloaded.")).catch((e: Error) => toast(e.message, "error")), { id: "download-csv", class: "btn big" });
    mount(
      h("header", { class: "top" }, h("h1", {}, h("a", { href: "/teacher", class: "home-link" }, "Ring Zero"), " \u00b7 Report: ", s.name), h("div", { class: "top-actions" }, statusPill(s.status))),
      h(
        "div",
        { class: "report" },
        h(
          "section",
          { class: "card summary" },
          h("p", {}, `Code ${s.code} \u00b7 ${s.mode} \u00b7 created ${fmtTime(s.createdAt)}${s.startedAt ? ` \u00b7 started ${fmtTime(s.startedAt)}` : ""}${s.endedAt ? ` \u00b7 ended ${fmtTime(s.endedAt)}` : ""}`),
          h("p", { class: "big" }, `${students.filter((x) => !x.kicked).length} students \u00b7 ${totals((x) => x.counts.granted)} syscalls granted \u00b7 ${totals((x) => sum(x.counts.denied))} denied \u00b7 ${totals((x) => sum(x.counts.faults))} faults`),
          h("div", { class: "row" }, csv, h("a", { href: hostUrl(id, host), class: "btn secondary" }, "Back to the dashboard")),
        ),
        h(
          "section",
          { class: "card" },
          h(
            "table",
            { class: "table", id: "report-table" },
            h("thead", {}, h("tr", {}, ...["Student", "Team", "Levels", "Score", "Granted", "Denied (by errno)", "Faults", "Joined", "Last seen"].map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", {}, ...students.map((x) => h("tr", { class: x.kicked ? "kicked" : "" }, h("td", {}, x.nick, x.kicked ? h("span", { class: "muted" }, " (removed)") : ""), h("td", { title: teamName(x.team) }, teamTag(x.team)), h("td", { class: "num", title: x.counts.levels.join(", ") }, String(x.counts.levels.length)), h("td", { class: "num" }, String(x.counts.score)), h("td", { class: "num" }, String(x.counts.granted)), h("td", {}, chips(x.counts.denied, "errno")), h("td", {}, chips(x.counts.faults, "fault")), h("td", {}, fmtTime(x.joinedAt)), h("td", {}, fmtTime(x.lastSeenAt))))),
          ),
          students.length === 0 ? h("p", { class: "muted" }, "Nobody joined this session.") : "",
        ),
      ),
    );
  } catch (e) {
    mount(h("section", { class: "card denied" }, h("h2", {}, "Cannot open this report"), h("p", {}, (e as Error).message), h("p", {}, h("a", { href: "/teacher" }, "Back to the teacher page"))));
  }
}
