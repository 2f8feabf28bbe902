// A small POSIX-shell reader for check-tools: finds the command names a piece of shell text runs
// (recipes printed by `make -n`, scripts). It follows `;`, `&&`, `||`, `|`, `( )`, `{ }`,
// `$( )`, backticks, `sh -c '…'`, `if/then/do`, leading `NAME=value` assignments and the
// wrappers env, exec, nice, nohup, timeout, xvfb-run and dbus-run-session. `cargo SUB` is
// reported as "cargo SUB" so that a cargo plugin (cargo-SUB) is checked too.

const KEYWORDS_BEFORE_COMMAND = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"]);
const KEYWORDS_ALONE = new Set(["fi", "done", "esac", "}", "in"]);

// Returns the list of command names (strings) that `text` runs.
export function lexCommands(text) {
  const out = [];
  for (const cmd of simpleCommands(text, out)) analyse(cmd, out);
  return out;
}

// Splits text into simple commands (arrays of words). Command substitutions found anywhere
// are lexed recursively into `sink`.
function simpleCommands(text, sink) {
  const cmds = [];
  let words = [];
  let word = null; // {text, quoted}
  const endWord = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  // case … in: each clause's pattern (up to its ")") is not a command.
  const cases = []; // "pattern" | "body" per open case
  const endCmd = () => {
    endWord();
    const first = words[0]?.text;
    if (first === "esac" && cases.length) cases.pop();
    else if (cases.at(-1) === "pattern" && words.length) {
      // a pattern spread over words, before its ")": dropped when the ")" comes
      return;
    } else if (words.length) cmds.push(words);
    if (first === "case") cases.push("pattern");
    words = [];
  };
  const add = (s, quoted = false) => {
    if (word === null) word = { text: "", quoted: false };
    word.text += s;
    word.quoted ||= quoted;
  };
  const heredocs = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "\\") {
      if (text[i + 1] === "\n") i += 2; // line continuation
      else {
        add(text[i + 1] ?? "");
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const j = text.indexOf("'", i + 1);
      const end = j < 0 ? n : j;
      add(text.slice(i + 1, end), true);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = "";
      while (j < n && text[j] !== '"') {
        if (text[j] === "\\") {
          s += text[j + 1] ?? "";
          j += 2;
        } else if (text[j] === "$" && text[j + 1] === "(" && text[j + 2] !== "(") {
          const end = matching(text, j + 1);
          for (const c2 of lexCommands(text.slice(j + 2, end))) sink.push(c2);
          s += "$(…)";
          j = end + 1;
        } else if (text[j] === "`") {
          const end = text.indexOf("`", j + 1);
          for (const c2 of lexCommands(text.slice(j + 1, end))) sink.push(c2);
          j = end + 1;
        } else s += text[j++];
      }
      add(s, true);
      i = j + 1;
      continue;
    }
    if (c === "$" && text[i + 1] === "(" && text[i + 2] !== "(") {
      const end = matching(text, i + 1);
      for (const c2 of lexCommands(text.slice(i + 2, end))) sink.push(c2);
      add("$(…)");
      i = end + 1;
      continue;
    }
    if (c === "$" && text[i + 1] === "{") {
      const end = text.indexOf("}", i);
      add(text.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      for (const c2 of lexCommands(text.slice(i + 1, end))) sink.push(c2);
      i = end + 1;
      continue;
    }
    if (c === "#" && word === null) {
      const j = text.indexOf("\n", i);
      i = j < 0 ? n : j;
      continue;
    }
    if (c === "\n" && heredocs.length) {
      endCmd();
      i++;
      for (const h of heredocs) {
        while (i < n) {
          const j = text.indexOf("\n", i);
          const line = text.slice(i, j < 0 ? n : j);
          i = j < 0 ? n : j + 1;
          if ((h.strip ? line.replace(/^\t+/, "") : line) === h.delim) break;
        }
      }
      heredocs.length = 0;
      continue;
    }
    if (c === "$" && text[i + 1] === "(" && text[i + 2] === "(") {
      // Arithmetic: only the command substitutions inside run something.
      const end = matching(text, i + 1);
      substitutionsIn(text.slice(i + 3, end - 1), sink);
      add("$((…))");
      i = end + 1;
      continue;
    }
    if (c === "(" && word !== null && word.text.endsWith("=")) {
      // An array assignment NAME=( … ): words, not a subshell.
      const end = matching(text, i);
      substitutionsIn(text.slice(i + 1, end), sink);
      add("(…)");
      i = end + 1;
      continue;
    }
    if (c === "[" && text[i + 1] === "[" && word === null) {
      // [[ … ]]: a test, whose && and || are not command separators.
      const end = text.indexOf("]]", i + 2);
      substitutionsIn(text.slice(i + 2, end < 0 ? n : end), sink);
      words.push({ text: "[[", quoted: false });
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === ")" && cases.at(-1) === "pattern") {
      word = null;
      words = [];
      cases[cases.length - 1] = "body";
      i++;
      continue;
    }
    if (c === ";" && text[i + 1] === ";" && cases.length) {
      endCmd();
      cases[cases.length - 1] = "pattern";
      i += 2;
      continue;
    }
    if (cases.at(-1) === "pattern" && (c === "\n" || c === ";")) {
      // between clauses: only "esac" matters
      endWord();
      if (words.length && words[0].text === "esac") {
        cases.pop();
        words = [];
      }
      i++;
      continue;
    }
    if (c === ";" || c === "\n" || c === "&" || c === "|" || c === "(" || c === ")") {
      endCmd();
      i++;
      continue;
    }
    if (c === "<" && text[i + 1] === "<" && text[i + 2] !== "<") {
      // A here-document: its body is data, not commands (skipped when the line ends).
      endWord();
      i += 2;
      const strip = text[i] === "-";
      if (strip) i++;
      while (text[i] === " ") i++;
      let delim = "";
      while (i < n && !/[\s;&|()<>]/.test(text[i])) delim += text[i++];
      heredocs.push({ delim: delim.replace(/['"\\]/g, ""), strip });
      continue;
    }
    if (c === "<" || c === ">") {
      // A redirection: its target is not a command.
      endWord();
      i++;
      while (text[i] === ">" || text[i] === "&" || text[i] === "<") i++;
      while (text[i] === " ") i++;
      while (i < n && !/[\s;&|()]/.test(text[i])) i++;
      continue;
    }
    if (c === " " || c === "\t") {
      endWord();
      i++;
      continue;
    }
    add(c);
    i++;
  }
  endCmd();
  return cmds;
}

// Lexes the command substitutions $( … ) found in text (arithmetic, test or array words).
function substitutionsIn(text, sink) {
  for (let j = text.indexOf("$("); j >= 0; j = text.indexOf("$(", j + 1)) {
    if (text[j + 2] === "(") continue;
    const end = matching(text, j + 1);
    for (const c of lexCommands(text.slice(j + 2, end))) sink.push(c);
    j = end;
  }
}

function matching(text, open) {
  // open is the index of "(": returns the index of its ")".
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const c = text[j];
    if (c === "'") j = text.indexOf("'", j + 1);
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j;
  }
  return text.length;
}

const WITH_ARG = {
  "xvfb-run": new Set(["-s", "--server-args", "-n", "--server-num", "-e", "--error-file", "-f", "--auth-file", "-p", "--xauth-protocol", "-w", "--wait"]),
  env: new Set(["-u", "--unset", "-C", "--chdir", "-S", "--split-string"]),
  nice: new Set(["-n", "--adjustment"]),
  timeout: new Set(["-s", "--signal", "-k", "--kill-after"]),
  "dbus-run-session": new Set(["--config-file", "--dbus-daemon"]),
};

function analyse(words, out) {
  let w = words.map((x) => x.text);
  while (w.length) {
    const name = w[0];
    if (KEYWORDS_BEFORE_COMMAND.has(name)) {
      w = w.slice(1);
      continue;
    }
    if (KEYWORDS_ALONE.has(name)) return;
    if (name === "for" || name === "case") return;
    if (/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(name)) {
      w = w.slice(1);
      continue;
    }
    // A case pattern, a test's operand or a command held in a variable: nothing to check here
    // (a tool must be named literally to be checked).
    if (/[*?]/.test(name) || name.startsWith("-") || name.startsWith("$") || name === "[[") return;
    if (name === "command" && (w[1] === "-v" || w[1] === "-V")) return; // a presence check
    out.push(name);
    if (name === "cargo") {
      const sub = w.slice(1).find((a) => !a.startsWith("-") && !a.startsWith("+"));
      if (sub) out.push(`cargo ${sub}`);
      return;
    }
    if ((name === "sh" || name === "bash") && w.includes("-c")) {
      const script = w[w.indexOf("-c") + 1];
      if (script) for (const c of lexCommands(script)) out.push(c);
      return;
    }
    if ((name === "sh" || name === "bash") && w[1] && !w[1].startsWith("-")) {
      out.push(w[1]); // a script: the caller reads it when it is one of the repository's
      return;
    }
    if (name in WITH_ARG || name === "exec" || name === "nohup") {
      const withArg = WITH_ARG[name] ?? new Set();
      let k = 1;
      while (k < w.length) {
        const a = w[k];
        if (a === "--") {
          k++;
          break;
        }
        if (name === "env" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) k++;
        else if (withArg.has(a)) k += 2;
        else if (a.startsWith("-")) k++;
        else if (name === "timeout" && /^[0-9.]+[smhd]?$/.test(a)) k++;
        else break;
      }
      w = w.slice(k);
      continue;
    }
    return;
  }
}
