//! A character-level Aho–Corasick automaton over folded text, with bounded noise skipping.
//!
//! Why not the `aho-corasick` crate over UTF-8 bytes: our terms must match through folding
//! (width, case, 繁→简) and through noise characters interleaved by writers and evaders
//! (`内 部 资 料`). A byte automaton would need the text rewritten first (a second buffer,
//! an offset table) and sees three states per CJK character. Here each character is decoded
//! once, mapped through a dense 64 K table straight to a symbol of the dictionary's own
//! alphabet (`BREAK` for characters in no term, `NOISE` for skippable ones), and the
//! automaton steps once per character. In administrative text most characters either are
//! outside the alphabet or fail at the root, which costs one table load and one compare.
//! Measured against the crate in `benches/detect.rs` and BENCHMARKS.md.
//!
//! Matches are reported overlapping (audit semantics: every term that occurs is reported),
//! with byte offsets into the original, unfolded text.

use std::collections::BTreeMap;

use crate::normalize::{fold_char, is_noise};

/// Symbol for characters that occur in no term: resets the automaton.
const BREAK: u16 = 0;
/// Symbol for skippable noise characters.
const NOISE: u16 = 1;
const FIRST_SYMBOL: u16 = 2;
/// Longest term, in characters; the ring of start offsets has this many slots.
pub const MAX_TERM_CHARS: usize = 64;
/// Noise characters tolerated between two characters of a term.
const MAX_GAP: u32 = 3;

/// Errors building an automaton.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BuildError {
    #[error("term {index} is empty after removing noise characters")]
    Empty { index: usize },
    #[error("term {index} is longer than {MAX_TERM_CHARS} characters")]
    TooLong { index: usize },
    #[error("term {index} uses a character outside the Basic Multilingual Plane")]
    NonBmp { index: usize },
    #[error("more than 65,000 distinct characters in the dictionary")]
    AlphabetFull,
}

/// The compiled automaton. Pattern ids are indexes into the slice given to [`CharAutomaton::new`].
pub struct CharAutomaton {
    sym_of: Vec<u16>,
    root_next: Vec<u32>,
    trans_start: Vec<u32>,
    trans_sym: Vec<u16>,
    trans_to: Vec<u32>,
    fail: Vec<u32>,
    /// Pattern id + 1 ending at this state, 0 for none.
    out: Vec<u32>,
    /// Nearest state on the fail chain that has an output, 0 for none.
    out_link: Vec<u32>,
    pattern_chars: Vec<u16>,
}

impl CharAutomaton {
    /// Builds from already-normalized terms (see [`crate::normalize::normalize_term`]).
    /// Duplicate terms keep the first id; callers dedupe before building.
    pub fn new(terms: &[String]) -> Result<Self, BuildError> {
        let mut sym_of = vec![BREAK; 0x10000];
        for cp in 0..0x10000u32 {
            if let Some(c) = char::from_u32(cp) {
                if is_noise(c) {
                    sym_of[cp as usize] = NOISE;
                }
            }
        }
        let mut alphabet: BTreeMap<char, u16> = BTreeMap::new();
        let mut encoded: Vec<Vec<u16>> = Vec::with_capacity(terms.len());
        for (index, term) in terms.iter().enumerate() {
            let mut syms = Vec::new();
            for c in term.chars() {
                if (c as u32) >= 0x10000 {
                    return Err(BuildError::NonBmp { index });
                }
                let next = FIRST_SYMBOL as usize + alphabet.len();
                let sym = match alphabet.get(&c) {
                    Some(&s) => s,
                    None => {
                        let s = u16::try_from(next).map_err(|_| BuildError::AlphabetFull)?;
                        alphabet.insert(c, s);
                        s
                    }
                };
                syms.push(sym);
            }
            if syms.is_empty() {
                return Err(BuildError::Empty { index });
            }
            if syms.len() > MAX_TERM_CHARS {
                return Err(BuildError::TooLong { index });
            }
            encoded.push(syms);
        }
        // Every source character that folds to an alphabet character gets its symbol.
        for cp in 0..0x10000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if is_noise(c) {
                continue;
            }
            if let Some(&s) = alphabet.get(&fold_char(c)) {
                sym_of[cp as usize] = s;
            }
        }
        let alphabet_len = FIRST_SYMBOL as usize + alphabet.len();
        Ok(Self::from_trie(sym_of, alphabet_len, &encoded))
    }

    fn from_trie(sym_of: Vec<u16>, alphabet_len: usize, encoded: &[Vec<u16>]) -> Self {
        let mut trie: Vec<BTreeMap<u16, u32>> = vec![BTreeMap::new()];
        let mut out = vec![0u32];
        for (id, syms) in encoded.iter().enumerate() {
            let mut s = 0usize;
            for &sym in syms {
                let next_id = trie.len() as u32;
                let next = *trie[s].entry(sym).or_insert(next_id);
                if next == next_id {
                    trie.push(BTreeMap::new());
                    out.push(0);
                }
                s = next as usize;
            }
            if out[s] == 0 {
                out[s] = id as u32 + 1;
            }
        }
        let n = trie.len();
        let mut fail = vec![0u32; n];
        let mut out_link = vec![0u32; n];
        let mut queue = std::collections::VecDeque::new();
        for &child in trie[0].values() {
            queue.push_back(child);
        }
        while let Some(s) = queue.pop_front() {
            let s = s as usize;
            for (&sym, &child) in &trie[s] {
                let mut f = fail[s] as usize;
                let target = loop {
                    if let Some(&t) = trie[f].get(&sym) {
                        break t;
                    }
                    if f == 0 {
                        break 0;
                    }
                    f = fail[f] as usize;
                };
                let c = child as usize;
                fail[c] = target;
                out_link[c] = if out[target as usize] != 0 {
                    target
                } else {
                    out_link[target as usize]
                };
                queue.push_back(child);
            }
        }
        let mut root_next = vec![0u32; alphabet_len];
        for (&sym, &child) in &trie[0] {
            root_next[sym as usize] = child;
        }
        let mut trans_start = Vec::with_capacity(n + 1);
        let mut trans_sym = Vec::new();
        let mut trans_to = Vec::new();
        for node in &trie {
            trans_start.push(trans_sym.len() as u32);
            for (&sym, &to) in node {
                trans_sym.push(sym);
                trans_to.push(to);
            }
        }
        trans_start.push(trans_sym.len() as u32);
        let pattern_chars = encoded.iter().map(|e| e.len() as u16).collect();
        CharAutomaton {
            sym_of,
            root_next,
            trans_start,
            trans_sym,
            trans_to,
            fail,
            out,
            out_link,
            pattern_chars,
        }
    }

    pub fn pattern_count(&self) -> usize {
        self.pattern_chars.len()
    }

    pub fn state_count(&self) -> usize {
        self.fail.len()
    }

    #[inline]
    fn symbol(&self, c: char) -> u16 {
        self.sym_of.get(c as usize).copied().unwrap_or(BREAK)
    }

    #[inline]
    fn step(&self, mut s: u32, sym: u16) -> u32 {
        loop {
            if s == 0 {
                return self.root_next.get(sym as usize).copied().unwrap_or(0);
            }
            let lo = self.trans_start[s as usize] as usize;
            let hi = self.trans_start[s as usize + 1] as usize;
            let syms = &self.trans_sym[lo..hi];
            let found = if syms.len() <= 8 {
                syms.iter().position(|&x| x == sym)
            } else {
                syms.binary_search(&sym).ok()
            };
            if let Some(k) = found {
                return self.trans_to[lo + k];
            }
            s = self.fail[s as usize];
        }
    }

    /// Calls `on_match(pattern_id, start, end)` for every occurrence, overlapping, with byte
    /// offsets into `text`. Matches are emitted in order of their end offset.
    pub fn find_overlapping(&self, text: &str, mut on_match: impl FnMut(usize, usize, usize)) {
        let mut state = 0u32;
        let mut ring = [0usize; MAX_TERM_CHARS];
        let mut consumed = 0usize;
        let mut gap = 0u32;
        for (i, c) in text.char_indices() {
            let sym = self.symbol(c);
            if sym == BREAK {
                state = 0;
                continue;
            }
            if sym == NOISE {
                if state != 0 {
                    gap += 1;
                    if gap > MAX_GAP {
                        state = 0;
                    }
                }
                continue;
            }
            gap = 0;
            state = self.step(state, sym);
            if state == 0 {
                continue;
            }
            ring[consumed % MAX_TERM_CHARS] = i;
            consumed += 1;
            let end = i + c.len_utf8();
            let mut s = state as usize;
            if self.out[s] == 0 {
                s = self.out_link[s] as usize;
            }
            while s != 0 {
                let id = self.out[s] as usize - 1;
                let len = usize::from(self.pattern_chars[id]);
                let start = ring[(consumed - len) % MAX_TERM_CHARS];
                on_match(id, start, end);
                s = self.out_link[s] as usize;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_term;

    fn build(terms: &[&str]) -> CharAutomaton {
        let norm: Vec<String> = terms.iter().map(|t| normalize_term(t)).collect();
        match CharAutomaton::new(&norm) {
            Ok(a) => a,
            Err(e) => panic!("build failed: {e}"),
        }
    }

    fn matches(a: &CharAutomaton, text: &str) -> Vec<(usize, String)> {
        let mut v = Vec::new();
        a.find_overlapping(text, |id, s, e| v.push((id, text[s..e].to_string())));
        v
    }

    #[test]
    fn overlapping_and_nested() {
        let a = build(&["he", "she", "his", "hers"]);
        let got = matches(&a, "ushers");
        assert_eq!(
            got,
            vec![(1, "she".into()), (0, "he".into()), (3, "hers".into())]
        );
    }

    #[test]
    fn noise_width_case_script() {
        let a = build(&["内部资料", "TopSecret"]);
        for text in [
            "这是内部资料。",
            "内 部 资 料",
            "内*部*资*料",
            "內部資料",
            "内\u{200B}部资\n料",
            "ＴＯＰ ＳＥＣＲＥＴ",
        ] {
            assert_eq!(matches(&a, text).len(), 1, "{text}");
        }
        // Too much noise, or a sentence break, stops the match.
        assert!(matches(&a, "内    部资料").is_empty());
        assert!(matches(&a, "内部。资料").is_empty());
    }

    #[test]
    fn offsets_are_original_bytes() {
        let a = build(&["机密"]);
        let text = "ab機 密cd";
        let got = matches(&a, text);
        assert_eq!(got, vec![(0, "機 密".into())]);
    }

    #[test]
    fn fail_links_find_suffix_terms() {
        let a = build(&["保密工作", "密工"]);
        let got = matches(&a, "保密保密工作");
        assert_eq!(got, vec![(1, "密工".into()), (0, "保密工作".into())]);
    }

    #[test]
    fn build_errors() {
        assert_eq!(
            CharAutomaton::new(&[String::new()]).err(),
            Some(BuildError::Empty { index: 0 })
        );
        let long = "字".repeat(MAX_TERM_CHARS + 1);
        assert_eq!(
            CharAutomaton::new(&[long]).err(),
            Some(BuildError::TooLong { index: 0 })
        );
    }
}
