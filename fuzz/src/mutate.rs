//! The mutator: a small, dependency-free random source and the edits applied to corpus entries
//! (bit flips, byte and token insertion, deletion, duplication, splicing with another entry).

/// xorshift64*: fast, seedable, reproducible (the seed is printed with every run).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % (n.max(1) as u64)).unwrap_or(0)
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Text that parsers and validators treat specially: quotes, invisible characters, line
/// breaks, URL and TOML punctuation, very long runs.
pub const INTERESTING: &[&str] = &[
    "\"",
    "'",
    "\u{201c}",
    "\u{201d}",
    "\u{2018}",
    "`",
    "\u{200b}",
    "\u{feff}",
    "\u{00a0}",
    "\u{202e}",
    "\u{2028}",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\0",
    " ",
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ":",
    "/",
    "//",
    "?",
    "#",
    "%",
    "%2F",
    "%00",
    "@",
    "\\",
    "$",
    "${",
    "${A}",
    "..",
    "-",
    "+",
    "1e999",
    "-0",
    "0x",
    "18446744073709551616",
    "\u{10ffff}",
    "é",
    "ß",
    "İ",
    "\u{0301}",
    "xn--",
    "[::1]",
    "127.0.0.1",
    "localhost",
    "https://",
    "http://",
    ":443",
    ":0",
    ":65536",
];

/// One mutation of `input`, using `dict` (target tokens), [`INTERESTING`] and `others` (the rest
/// of the corpus, for splicing).
pub fn mutate(input: &[u8], rng: &mut Rng, dict: &[&str], others: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = out.len();
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = u8::try_from(rng.below(256)).unwrap_or(0);
            }
            2 => {
                let i = rng.below(len + 1);
                let tok = INTERESTING[rng.below(INTERESTING.len())];
                out.splice(i..i, tok.bytes());
            }
            3 if !dict.is_empty() => {
                let i = rng.below(len + 1);
                let tok = dict[rng.below(dict.len())];
                out.splice(i..i, tok.bytes());
            }
            4 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(16.min(len - a))).min(len);
                out.drain(a..b);
            }
            5 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64.min(len - a))).min(len);
                let piece = out[a..b].to_vec();
                let times = if rng.chance(8) { 1 + rng.below(200) } else { 1 };
                let at = rng.below(out.len() + 1);
                for _ in 0..times {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            6 if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + 1 + rng.below(256.min(other.len() - a))).min(other.len());
                    let at = rng.below(out.len() + 1);
                    out.splice(at..at, other[a..b].iter().copied());
                }
            }
            7 if len > 1 => {
                out.truncate(rng.below(len));
            }
            8 if len > 0 => {
                // Swap a line for another line of the same input: reorders keys and sections.
                let text = String::from_utf8_lossy(&out).to_string();
                let mut lines: Vec<&str> = text.split('\n').collect();
                if lines.len() > 1 {
                    let a = rng.below(lines.len());
                    let b = rng.below(lines.len());
                    lines.swap(a, b);
                    out = lines.join("\n").into_bytes();
                }
            }
            _ => {
                let i = rng.below(len + 1);
                let c = u8::try_from(rng.below(128)).unwrap_or(b' ');
                out.insert(i, c);
            }
        }
    }
    if out.len() > 64 * 1024 {
        out.truncate(64 * 1024);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_mutations() {
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..50)
                .map(|_| mutate(b"name = \"x\"", &mut rng, &["api_public_url"], &[]))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }
}
