// Live charts of the dashboard (uPlot): CPU share and resident memory per team over time.
// Each series has its team's Okabe-Ito colour AND its own dash pattern and name in the legend,
// so no reader depends on colour.

import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { TEAM_COLORS, TEAM_NAMES, type ChartPoint } from "../../../shared/hosting.ts";
import { h } from "./ui.ts";

const DASHES: (number[] | undefined)[] = [undefined, [10, 5], [2, 4], [12, 4, 2, 4], [6, 6], [2, 8], [14, 6]];
/** Series names the server uses besides team names (server/hosting/binding.ts). */
const STUDENTS = "students";
const SYSTEM = "system";

function seriesNames(teamCount: number): string[] {
  return [...(teamCount > 0 ? TEAM_NAMES.slice(0, teamCount) : [STUDENTS]), SYSTEM];
}

function colorOf(name: string): string {
  const t = (TEAM_NAMES as readonly string[]).indexOf(name);
  return t >= 0 ? TEAM_COLORS[t] : name === STUDENTS ? TEAM_COLORS[1] : "#b8b8c8";
}

class Chart {
  private readonly plot: uPlot;
  private readonly data: number[][];
  private readonly names: string[];
  private readonly pick: (p: ChartPoint, name: string) => number;

  constructor(target: HTMLElement, title: string, unit: string, names: string[], pick: (p: ChartPoint, name: string) => number, yMax?: number) {
    this.names = names;
    this.pick = pick;
    this.data = [[], ...names.map(() => [])];
    const width = Math.max(320, target.clientWidth - 8);
    this.plot = new uPlot(
      {
        title,
        width,
        height: 210,
        scales: { x: { time: true }, y: yMax ? { range: [0, yMax] } : { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
        axes: [
          { stroke: "#d8d8e8", grid: { stroke: "#2d2c42" }, ticks: { stroke: "#45445f" }, font: "14px Atkinson Hyperlegible, sans-serif" },
          { stroke: "#d8d8e8", grid: { stroke: "#2d2c42" }, ticks: { stroke: "#45445f" }, font: "14px Atkinson Hyperlegible, sans-serif", values: (_u, vals) => vals.map((v) => `${v}${unit}`), size: 56 },
        ],
        series: [{ label: "time" }, ...names.map((n, i) => ({ label: n, stroke: colorOf(n), width: 3, dash: DASHES[i % DASHES.length], points: { show: false }, value: (_u: uPlot, v: number | null) => (v == null ? "-" : `${Math.round(v)}${unit}`) }))],
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
      },
      this.data as uPlot.AlignedData,
      target,
    );
  }

  add(points: readonly ChartPoint[]): void {
    for (const p of points) {
      this.data[0].push(p.t);
      this.names.forEach((n, i) => this.data[i + 1].push(this.pick(p, n)));
    }
    const extra = this.data[0].length - 600;
    if (extra > 0) for (const col of this.data) col.splice(0, extra);
    this.plot.setData(this.data as uPlot.AlignedData);
  }

  resize(width: number): void {
    this.plot.setSize({ width: Math.max(320, width - 8), height: 210 });
  }
}

/** Both charts in one panel. */
export class Charts {
  readonly el: HTMLElement;
  private cpu?: Chart;
  private rss?: Chart;
  private readonly pending: ChartPoint[] = [];

  constructor() {
    this.el = h("section", { id: "charts", class: "card charts", "aria-label": "CPU share and resident memory per team" }, h("h2", {}, "CPU and memory per team"));
  }

  /** Build once the panel is in the page (uPlot measures it) and the team count is known. */
  start(teamCount: number, points: readonly ChartPoint[]): void {
    if (this.cpu) return;
    const names = seriesNames(teamCount);
    const a = h("div", { class: "chart", id: "chart-cpu" });
    const b = h("div", { class: "chart", id: "chart-rss" });
    this.el.append(a, b);
    this.cpu = new Chart(a, "CPU share (% of all cores)", "%", names, (p, n) => Math.round((p.cpu[n] ?? 0) * 1000) / 10, 100);
    this.rss = new Chart(b, "Resident memory (pages in frames)", "", names, (p, n) => p.rss[n] ?? 0);
    this.add([...points, ...this.pending.splice(0)]);
    window.addEventListener("resize", () => {
      this.cpu?.resize(a.clientWidth);
      this.rss?.resize(b.clientWidth);
    });
  }

  add(points: readonly ChartPoint[]): void {
    if (!this.cpu || !this.rss) {
      this.pending.push(...points);
      return;
    }
    this.cpu.add(points);
    this.rss.add(points);
  }
}
