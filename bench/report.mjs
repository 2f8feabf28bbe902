// Turns bench/bench.sh's samples into bench/results.md: medians, ratios to the baseline and
// the targets of issue 9, with the machine noted.
// Usage: node bench/report.mjs SAMPLES APP_BYTES BASE_BYTES UI_GZ_BYTES RUNS [KEYSTROKES]
// KEYSTROKES: bench/keystrokes.mjs's output ("FIELD n median p95 p99 max" per line).
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import os from "node:os";

const [samplesFile, appBytes, baseBytes, uiGz, runs, keysFile] = process.argv.slice(2);
const rows = readFileSync(samplesFile, "utf8").trim().split("\n").map((l) => l.split(/\s+/));
const by = {};
for (const [kind, map, ready, rss, pss] of rows) {
  (by[kind] ??= []).push({ map: +map, ready: ready === "NA" ? Infinity : +ready, rss: +rss, pss: +pss });
}
const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const med = (kind, key) => median((by[kind] ?? []).map((r) => r[key]));
const sh = (cmd) => {
  try {
    return execSync(cmd, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "?";
  }
};
const ratio = (a, b) => (b ? (a / b).toFixed(2) : "–");
const verdict = (r, limit) => (Number.isFinite(+r) ? (+r <= limit ? "meets" : "misses") : "–");
const mib = (b) => (b / 1048576).toFixed(1);

const base = "baseline";
const lines = [];
lines.push("# `make bench` results", "");
lines.push(
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`make bench\` (bench/bench.sh), ${runs} runs of each kind, alternating in one run, under Xvfb (1280×800, \`WEBKIT_DISABLE_DMABUF_RENDERER=1\`), each launch in its own dbus session; warm starts (each home had one first start before).`,
  "",
);
lines.push("Machine:", "");
lines.push(`- CPU: ${os.cpus()[0]?.model ?? "?"}, ${os.cpus().length} cores; RAM ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
lines.push(`- ${sh("sed -n 's/^PRETTY_NAME=//p' /etc/os-release | tr -d '\"'")}, kernel ${os.release()}; WebKitGTK ${sh("dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0")}; ${sh("rustc -V")}`);
lines.push(`- app: \`socialmine-setup\` ${sh("git rev-parse --short HEAD")}; baseline: bench/baseline (tauri ${sh("awk '/^name = \"tauri\"$/{getline; print $3}' Cargo.lock | tr -d '\"'")}, same release profile)`, "");

lines.push("| measure | app | baseline | ratio | target | |", "|---|---|---|---|---|---|");
for (const [kind, label] of [
  ["app-unlocked", "unlocked keyring"],
  ["app-locked", "locked keyring"],
  ["app-none", "no keyring"],
]) {
  const r = med(kind, "ready");
  const b = med(base, "ready");
  const rr = ratio(r, b);
  const rs = by[kind] ?? [];
  const over = rs.filter((x) => !(x.ready <= 2000)).length;
  const never = rs.filter((x) => x.ready === Infinity).length;
  lines.push(
    `| start → first screen, ${label} (median ms) | ${r} | ${b} | ${rr} | ≤ 1.2× | ${verdict(rr, 1.2)} |`,
    `| start → first screen, ${label}: slowest / runs over 2 s | ${Math.max(...rs.map((x) => x.ready))} ms / ${over} of ${rs.length} | ${Math.max(...(by[base] ?? []).map((x) => x.ready))} ms | | none over 2 s | ${over ? "misses" : "meets"}${never ? ` (${never} not within 30 s)` : ""} |`,
  );
}
lines.push(
  `| start → window mapped, unlocked keyring (median ms) | ${med("app-unlocked", "map")} | ${med(base, "map")} | ${ratio(med("app-unlocked", "map"), med(base, "map"))} | | |`,
);
const rr = ratio(med("app-unlocked", "rss"), med(base, "rss"));
lines.push(
  `| idle RSS 5 s after start, app + WebKit processes (median MiB) | ${med("app-unlocked", "rss")} | ${med(base, "rss")} | ${rr} | ≤ 1.25× | ${verdict(rr, 1.25)} |`,
  `| idle PSS 5 s after start (median MiB) | ${med("app-unlocked", "pss")} | ${med(base, "pss")} | ${ratio(med("app-unlocked", "pss"), med(base, "pss"))} | | |`,
);
const br = ratio(+appBytes, +baseBytes);
lines.push(`| stripped release binary (MiB) | ${mib(+appBytes)} | ${mib(+baseBytes)} | ${br} | ≤ 1.6× | ${verdict(br, 1.6)} |`);
lines.push(`| UI bundle, JS + CSS gzipped (KB) | ${(+uiGz / 1000).toFixed(1)} | | | ≤ 80 KB | ${+uiGz <= 80000 ? "meets" : "misses"} |`);
const fieldLabel = { api_public_url: "API_PUBLIC_URL", facebook_client_secret: "Facebook client secret" };
let keys = [];
try {
  keys = keysFile ? readFileSync(keysFile, "utf8").trim().split("\n").filter(Boolean).map((l) => l.split(/\s+/)) : [];
} catch {
  keys = [];
}
if (keysFile && keys.length === 0) {
  lines.push("| keystroke → its findings on screen, unlocked keyring (p99 ms) | not measured (see bench output) | | | < 16 ms | misses |");
}
for (const [field, n, p50, p95, p99, max] of keys) {
  const name = fieldLabel[field] ?? field;
  lines.push(
    `| keystroke → its findings on screen, ${name}, unlocked keyring: p99 ms over ${n} keystrokes (median / p95 / max) | ${p99} (${p50} / ${p95} / ${max}) | | | < 16 ms | ${+p99 < 16 ? "meets" : "misses"} |`,
  );
}
lines.push("");
lines.push(
  "First screen: the time until the window (polled with xwd every ~20 ms) first shows content below its top bar — the app's start screen with its six platforms (its \"Loading…\" line does not count), the baseline's page; at most 30 s. Idle memory: at 5 s after start, or when the first screen came if later. Locked keyring: a login keyring with the app's secrets that nobody unlocks (no prompter on the bus); no keyring: no Secret Service on the bus. Idle memory is measured with the unlocked keyring. Raw samples and a screenshot of each kind's first screen: `$CARGO_TARGET_DIR/bench/`. Keystroke → findings: bench/keystrokes.mjs drives the release build through tauri-driver (WebKitWebDriver) with an unlocked gnome-keyring, sends single keys into the field one every 80 ms, and the UI's measuring hook (ui/src/lib/latency.ts, on only when WebDriver sets it) records per keystroke the time from its input event to the animation frame that paints the backend's answer with its findings.",
);
console.log(lines.join("\n"));
