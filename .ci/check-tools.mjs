#!/usr/bin/env node
// Proves that `make test` installs every tool it calls, or that the tool is a documented
// prerequisite. It reads the recipes `make test` would run (`make -n -B test`), the scripts they
// call and the programs the tests start (`Command::new("…")` in Rust test code), finds each
// command, and accepts it only when it is
//   - a shell builtin or keyword,
//   - a documented prerequisite (Rust with cargo, rustfmt and clippy; Node.js with npm),
//   - installed by the Makefile from crates.io (CARGO_TOOLS, `make tools`),
//   - provided by a Debian package in APT_PACKAGES, one of their dependencies, or an
//     Essential/required package every Debian 12 system has.
// A command found only in /usr/local/bin or ~/.cargo/bin without the Makefile installing it
// (how cargo-nextest once slipped through) fails the check.
//
// Usage: node .ci/check-tools.mjs [MAKEFILE] [TARGET]   (defaults: Makefile, test)
// Run after `make deps tools` (as `make check-tools` does) so that dpkg can say which package
// owns each command.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { lexCommands } from "./shell-lex.mjs";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const makefile = resolve(process.argv[2] ?? join(root, "Makefile"));
const target = process.argv[3] ?? "test";

const BUILTINS = new Set(
  ("cd echo printf test [ exit set eval export true false read command : . source local return " +
    "shift unset trap wait type hash pwd umask alias break continue exec shopt declare typeset mapfile readarray pushd popd let getopts").split(" "),
);
const PREREQUISITES = new Map([
  ["cargo", "Rust 1.95 (rustup's default profile)"],
  ["rustc", "Rust 1.95"],
  ["cargo fmt", "Rust 1.95 (rustfmt, in rustup's default profile)"],
  ["cargo clippy", "Rust 1.95 (clippy, in rustup's default profile)"],
  ["node", "Node.js 20.19+"],
  ["npm", "Node.js 20.19+ (npm)"],
]);
// Subcommands built into cargo itself.
const CARGO_BUILTIN = new Set(
  "build b check c clean doc d new init add remove run r test t bench update search publish install uninstall tree metadata fetch locate-project pkgid vendor verify-project version yank package fix report info help".split(
    " ",
  ),
);
// Programs started by other programs rather than by a recipe or a test (what starts them).
const INDIRECT = new Map([["WebKitWebDriver", "tauri-driver"]]);

function makeVar(name) {
  const out = execFileSync(
    "make",
    ["-s", "-f", makefile, "--no-print-directory", `--eval=print-var-%: ; @echo $($*)`, `print-var-${name}`],
    { cwd: root, encoding: "utf8" },
  );
  return out.trim().split(/\s+/).filter(Boolean);
}

function recipes() {
  const r = spawnSync("make", ["-s", "-n", "-B", "-f", makefile, "--no-print-directory", target], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CARGO: "cargo" },
  });
  if (r.status !== 0) throw new Error(`make -n ${target} failed:\n${r.stderr}`);
  return r.stdout;
}

// Rust test code: every Command::new("literal") under tests/, crates/*/tests, src-tauri/tests.
function testPrograms() {
  const found = new Map();
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir)) {
      if (e === "node_modules" || e === "target" || e.startsWith(".")) continue;
      const p = join(dir, e);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (p.endsWith(".rs") && /(^|\/)tests\//.test(relative(root, p))) {
        for (const m of readFileSync(p, "utf8").matchAll(/Command::new\(\s*"([^"]+)"\s*\)/g)) {
          found.set(m[1], relative(root, p));
        }
      }
    }
  };
  walk(root);
  return found;
}

// Every place on PATH (and the sbin folders) the command is found, first one first.
function whichAll(cmd) {
  const found = [];
  for (const d of (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/sbin"])) {
    const p = join(d || ".", cmd);
    try {
      if (statSync(p).isFile() && !found.includes(p)) found.push(p);
    } catch {}
  }
  return found;
}
const which = (cmd) => whichAll(cmd)[0] ?? null;

function owner(path) {
  const candidates = new Set([path, realpathSync(path)]);
  for (const p of [...candidates]) {
    // Debian 12 merges /bin into /usr/bin: dpkg knows a file under one of the two names.
    if (p.startsWith("/usr/bin/")) candidates.add(p.replace("/usr/bin/", "/bin/"));
    if (p.startsWith("/bin/")) candidates.add(p.replace("/bin/", "/usr/bin/"));
    if (p.startsWith("/usr/sbin/")) candidates.add(p.replace("/usr/sbin/", "/sbin/"));
    if (p.startsWith("/sbin/")) candidates.add(p.replace("/sbin/", "/usr/sbin/"));
  }
  for (const p of candidates) {
    const r = spawnSync("dpkg-query", ["-S", p], { encoding: "utf8" });
    const line = (r.stdout ?? "").split("\n").find((l) => l.endsWith(`: ${p}`) && !l.startsWith("diversion by"));
    if (r.status === 0 && line) return line.split(":")[0].split(",")[0].trim();
  }
  return null;
}

function basePackages() {
  const out = execFileSync("dpkg-query", ["-W", "-f=${Package} ${Essential} ${Priority}\n"], { encoding: "utf8" });
  const s = new Set();
  for (const l of out.split("\n")) {
    const [p, ess, prio] = l.split(" ");
    if (p && (ess === "yes" || prio === "required")) s.add(p);
  }
  return s;
}

function dependencyClosure(pkgs) {
  // `apt-cache depends --recurse` prints every package it reaches on a line of its own.
  const r = spawnSync(
    "apt-cache",
    ["depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", ...pkgs],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const s = new Set(pkgs);
  for (const l of (r.stdout ?? "").split("\n")) {
    const m = l.match(/^([a-z0-9][a-z0-9+.-]+)$/) ?? l.match(/^\s+\|?(?:Pre)?Depends: ([a-z0-9][a-z0-9+.-]+)/);
    if (m) s.add(m[1]);
  }
  return s;
}

// ---- collect the commands ----------------------------------------------------------------
const used = new Map(); // command -> where it was seen
const seenScripts = new Set();
function collect(text, where) {
  // Functions a script defines are not tools.
  const functions = new Set([...text.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\(\)\s*\{/gm)].map((m) => m[1]));
  for (const c of lexCommands(text)) {
    if (functions.has(c)) continue;
    if (c.includes("/")) {
      // A path: a script of this repository is read too (also when named from the scripts' own
      // $root variable); built artifacts are not tools.
      const p = resolve(root, c.replace(/^\$\{?root\}?\//, ""));
      if (p.startsWith(root + "/") && existsSync(p) && statSync(p).isFile() && !seenScripts.has(p)) {
        seenScripts.add(p);
        const body = readFileSync(p, "utf8");
        if (/\.sh$/.test(p) || /^#!.*\b(ba|da)?sh\b/.test(body)) collect(body, relative(root, p));
      }
      continue;
    }
    if (!used.has(c)) used.set(c, where);
  }
}
collect(recipes(), `make ${target}`);
for (const [c, file] of testPrograms()) if (!used.has(c)) used.set(c, file);
for (const [c, by] of INDIRECT) if (used.has(by) && !used.has(c)) used.set(c, `started by ${by}`);

const apt = makeVar("APT_PACKAGES");
const cargoTools = new Map(
  makeVar("CARGO_TOOLS").map((t) => {
    const [bin, spec] = t.split("=");
    return [bin, spec];
  }),
);
const closure = dependencyClosure(apt);
const base = basePackages();

// ---- judge each one ----------------------------------------------------------------------
const problems = [];
const report = [];
for (const [cmd, where] of [...used].sort()) {
  if (/[$`]/.test(cmd)) {
    problems.push(`${cmd} (${where}): a command name made of a variable cannot be checked; name the tool`);
    continue;
  }
  const [head, sub] = cmd.split(" ");
  if (BUILTINS.has(cmd)) continue;
  if (PREREQUISITES.has(cmd)) {
    if (!which(head)) problems.push(`${cmd} (${where}): the prerequisite ${PREREQUISITES.get(cmd)} is missing`);
    report.push(`${cmd.padEnd(26)} prerequisite: ${PREREQUISITES.get(cmd)}`);
    continue;
  }
  if (head === "cargo" && sub) {
    if (CARGO_BUILTIN.has(sub)) continue;
    const bin = `cargo-${sub}`;
    if (cargoTools.has(bin)) report.push(`${cmd.padEnd(26)} installed by make tools: ${cargoTools.get(bin)}`);
    else problems.push(`${cmd} (${where}): needs ${bin}, which neither CARGO_TOOLS installs nor the prerequisites list`);
    continue;
  }
  if (cargoTools.has(cmd)) {
    report.push(`${cmd.padEnd(26)} installed by make tools: ${cargoTools.get(cmd)}`);
    continue;
  }
  const paths = whichAll(cmd);
  if (!paths.length) {
    problems.push(`${cmd} (${where}): not installed, and nothing in the Makefile installs it (add its Debian package to APT_PACKAGES or its crate to CARGO_TOOLS)`);
    continue;
  }
  // The command may sit in several places (a hand-installed copy in /usr/local/bin first):
  // what counts is whether a fresh machine gets one from the packages make installs.
  const owners = paths.map((p) => [p, owner(p)]);
  const why = (pkg) =>
    apt.includes(pkg) ? "APT_PACKAGES" : closure.has(pkg) ? "a dependency of APT_PACKAGES" : base.has(pkg) ? "essential, on every Debian system" : null;
  const good = owners.find(([, pkg]) => pkg && why(pkg));
  if (good) {
    report.push(`${cmd.padEnd(26)} Debian package ${good[1]} (${why(good[1])})`);
    continue;
  }
  const packaged = owners.find(([, pkg]) => pkg);
  if (packaged) problems.push(`${cmd} (${where}): comes from the Debian package ${packaged[1]}, which is not in APT_PACKAGES`);
  else problems.push(`${cmd} (${where}): found at ${paths.join(", ")}, which no Debian package owns and the Makefile does not install (a fresh machine will not have it)`);
}

if (process.env.VERBOSE) console.log(report.join("\n"));
if (problems.length) {
  console.error(`check-tools: ${problems.length} tool(s) that \`make ${target}\` uses would be missing on a fresh machine:`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`check-tools: all ${used.size} commands \`make ${target}\` uses are installed by it or documented prerequisites`);
