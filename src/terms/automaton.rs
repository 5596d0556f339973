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
    #[error("empty after removing noise characters")]
    Empty { index: usize },
    #[error("longer than {MAX_TERM_CHARS} characters")]
    TooLong { index: usize },
    #[error("more than 65,000 distinct characters in the dictionary")]
    AlphabetFull,
}

/// The compiled automaton. Pattern ids are indexes into the slice given to [`CharAutomaton::new`].
///
/// Layout choices, each measured in BENCHMARKS.md:
/// * states are numbered in breadth-first order, so the depth-1 states (whose fail link is
///   always the root) are `1..=depth1_end` and a miss there goes straight back to the root
///   table without loading anything;
/// * a state id stored in a transition carries [`REPORTS`] when that state (or its fail
///   chain) ends a term, so the common no-match step never reads per-state data;
/// * a bitset keyed by a hash of `(state, symbol)` answers "is there an edge?" before the
///   edge list is searched: most steps in prose are misses and cost one bit test.
pub struct CharAutomaton {
    /// Bit per BMP code point: can this character start a term? 8 KB, so the test that
    /// rejects most characters at the root stays in L1 cache.
    starts: Vec<u64>,
    sym_of: Vec<u16>,
    /// Symbols of characters beyond the BMP (`𠮷` in names), sorted; rare in text.
    astral: Vec<(char, u16)>,
    root_next: Vec<u32>,
    states: Vec<StateRec>,
    /// Transitions of all states, `(symbol, target)`, sorted by symbol within a state.
    trans: Vec<(u16, u32)>,
    edge_bits: Vec<u64>,
    edge_mask: u64,
    depth1_end: u32,
    /// For each depth-1 state (ids `1..=depth1_end`), a 64-bit filter of its children's
    /// symbols (`sym % 64`): ~14 KB for a 10k dictionary, so the most common miss — a
    /// term's first character followed by anything else — stays in L1.
    depth1_filter: Vec<u64>,
    /// Pattern id + 1 ending at this state, 0 for none (read only on a match).
    out: Vec<u32>,
    /// Nearest state on the fail chain that has an output, 0 for none.
    out_link: Vec<u32>,
    pattern_chars: Vec<u16>,
}

/// Flag bit on a state id: the state reports a match.
const REPORTS: u32 = 1 << 31;
const ID_MASK: u32 = REPORTS - 1;

#[derive(Clone, Copy, Debug, Default)]
struct StateRec {
    first_trans: u32,
    trans_len: u32,
    fail: u32,
    /// The first state to report from here (itself or along `out_link`), 0 for none.
    report: u32,
}

#[inline]
fn edge_hash(state: u32, sym: u16) -> u64 {
    (u64::from(state) << 16 | u64::from(sym)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20
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
        // Every source character that folds to an alphabet character gets its symbol: the
        // character itself, its upper-case and full-width forms, and its traditional forms.
        // (The inverse of `fold_char`, built from the alphabet instead of testing all 64 K
        // code points through it.)
        let mut assign = |c: char, a: char, sym: u16| {
            if let Some(slot) = sym_of.get_mut(c as usize) {
                if *slot != NOISE && fold_char(c) == a {
                    *slot = sym;
                }
            }
        };
        for (&a, &sym) in &alphabet {
            assign(a, a, sym);
            if a.is_ascii() {
                for variant in [a.to_ascii_uppercase(), a.to_ascii_lowercase()] {
                    assign(variant, a, sym);
                    if let Some(wide) =
                        char::from_u32(variant as u32 + 0xFEE0).filter(|_| variant > ' ')
                    {
                        assign(wide, a, sym);
                    }
                }
            }
        }
        for &(traditional, simplified) in crate::normalize::t2s_table::T2S {
            if let Some(&sym) = alphabet.get(&simplified) {
                assign(traditional, simplified, sym);
            }
        }
        let astral: Vec<(char, u16)> = alphabet
            .iter()
            .filter(|(&c, _)| c as u32 >= 0x10000)
            .map(|(&c, &s)| (c, s))
            .collect();
        let alphabet_len = FIRST_SYMBOL as usize + alphabet.len();
        let mut automaton = Self::compile(sym_of, alphabet_len, &encoded);
        automaton.astral = astral;
        Ok(automaton)
    }

    fn compile(sym_of: Vec<u16>, alphabet_len: usize, encoded: &[Vec<u16>]) -> Self {
        let trie = Trie::build(encoded);
        let n = trie.children.len();
        // Breadth-first renumbering: old id → new id.
        let mut order = Vec::with_capacity(n);
        order.push(0u32);
        let mut head = 0;
        while let Some(&s) = order.get(head) {
            order.extend(trie.children[s as usize].values().copied());
            head += 1;
        }
        let mut new_id = vec![0u32; n];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let depth1_end = trie.children[0].len() as u32;
        let flagged = |old: u32| {
            let id = new_id[old as usize];
            if trie.report[old as usize] != 0 {
                id | REPORTS
            } else {
                id
            }
        };
        let mut root_next = vec![0u32; alphabet_len];
        for (&sym, &child) in &trie.children[0] {
            root_next[sym as usize] = flagged(child);
        }
        let mut states = Vec::with_capacity(n);
        let mut trans = Vec::new();
        let mut out = vec![0u32; n];
        let mut out_link = vec![0u32; n];
        for &old in &order {
            let o = old as usize;
            let first_trans = trans.len() as u32;
            trans.extend(
                trie.children[o]
                    .iter()
                    .map(|(&sym, &to)| (sym, flagged(to))),
            );
            let remap = |x: u32| if x == 0 { 0 } else { new_id[x as usize] };
            states.push(StateRec {
                first_trans,
                trans_len: trie.children[o].len() as u32,
                fail: remap(trie.fail[o]),
                report: remap(trie.report[o]),
            });
            out[new_id[o] as usize] = trie.out[o];
            out_link[new_id[o] as usize] = remap(trie.out_link[o]);
        }
        let bits = (trans.len() * 16).next_power_of_two().max(1 << 16);
        let mut edge_bits = vec![0u64; bits / 64];
        let edge_mask = (bits - 1) as u64;
        for (s, rec) in states.iter().enumerate() {
            let lo = rec.first_trans as usize;
            for &(sym, _) in &trans[lo..lo + rec.trans_len as usize] {
                let h = edge_hash(s as u32, sym) & edge_mask;
                edge_bits[(h >> 6) as usize] |= 1 << (h & 63);
            }
        }
        let mut starts = vec![0u64; 0x10000 / 64];
        for (cp, &sym) in sym_of.iter().enumerate() {
            if sym >= FIRST_SYMBOL && root_next.get(sym as usize).is_some_and(|&t| t != 0) {
                starts[cp / 64] |= 1 << (cp % 64);
            }
        }
        let depth1_filter = states
            .iter()
            .skip(1)
            .take(depth1_end as usize)
            .map(|rec| {
                let lo = rec.first_trans as usize;
                trans[lo..lo + rec.trans_len as usize]
                    .iter()
                    .fold(0u64, |m, &(sym, _)| m | 1 << (sym % 64))
            })
            .collect();
        let pattern_chars = encoded.iter().map(|e| e.len() as u16).collect();
        CharAutomaton {
            depth1_filter,
            starts,
            sym_of,
            astral: Vec::new(),
            root_next,
            states,
            trans,
            edge_bits,
            edge_mask,
            depth1_end,
            out,
            out_link,
            pattern_chars,
        }
    }

    pub fn state_count(&self) -> usize {
        self.states.len()
    }

    #[inline]
    fn symbol(&self, c: char) -> u16 {
        match self.sym_of.get(c as usize) {
            Some(&s) => s,
            None => self
                .astral
                .binary_search_by_key(&c, |&(a, _)| a)
                .ok()
                .and_then(|i| self.astral.get(i))
                .map_or(BREAK, |&(_, s)| s),
        }
    }

    #[inline]
    fn has_edge(&self, s: u32, sym: u16) -> bool {
        let h = edge_hash(s, sym) & self.edge_mask;
        self.edge_bits[(h >> 6) as usize] & (1 << (h & 63)) != 0
    }

    /// The next state (with its [`REPORTS`] flag) from state id `s` (no flag) on `sym`.
    #[inline]
    fn step(&self, mut s: u32, sym: u16) -> u32 {
        loop {
            if s == 0 {
                return self.root_next.get(sym as usize).copied().unwrap_or(0);
            }
            let may_have_edge = if s <= self.depth1_end {
                let filter = self
                    .depth1_filter
                    .get(s as usize - 1)
                    .copied()
                    .unwrap_or(!0);
                filter & (1 << (sym % 64)) != 0 && self.has_edge(s, sym)
            } else {
                self.has_edge(s, sym)
            };
            if may_have_edge {
                let rec = self.states[s as usize];
                let lo = rec.first_trans as usize;
                let edges = &self.trans[lo..lo + rec.trans_len as usize];
                let found = if edges.len() <= 8 {
                    edges.iter().find(|e| e.0 == sym)
                } else {
                    edges
                        .binary_search_by_key(&sym, |e| e.0)
                        .ok()
                        .map(|k| &edges[k])
                };
                if let Some(&(_, to)) = found {
                    return to;
                }
            }
            s = if s <= self.depth1_end {
                0
            } else {
                self.states[s as usize].fail
            };
        }
    }

    /// Calls `on_match(pattern_id, start, end)` for every occurrence, overlapping, with byte
    /// offsets into `text`. Matches are emitted in order of their end offset.
    #[inline]
    pub fn find_overlapping(&self, text: &str, mut on_match: impl FnMut(usize, usize, usize)) {
        let mut state = 0u32;
        let mut ring = [0usize; MAX_TERM_CHARS];
        let mut consumed = 0usize;
        let mut gap = 0u32;
        for (i, c) in text.char_indices() {
            if state == 0 {
                let cp = c as usize;
                let can_start = match self.starts.get(cp / 64) {
                    Some(w) => w & (1 << (cp % 64)) != 0,
                    None => !self.astral.is_empty(),
                };
                if !can_start {
                    continue;
                }
            }
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
            let next = self.step(state, sym);
            state = next & ID_MASK;
            if state == 0 {
                continue;
            }
            ring[consumed % MAX_TERM_CHARS] = i;
            consumed += 1;
            if next & REPORTS == 0 {
                continue;
            }
            let mut s = self.states[state as usize].report as usize;
            let end = i + c.len_utf8();
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

/// The pointer-based trie with fail links, before compilation into flat arrays.
struct Trie {
    children: Vec<BTreeMap<u16, u32>>,
    fail: Vec<u32>,
    /// Pattern id + 1 ending here.
    out: Vec<u32>,
    out_link: Vec<u32>,
    /// First reporting state from here: itself or its `out_link`.
    report: Vec<u32>,
}

impl Trie {
    fn build(encoded: &[Vec<u16>]) -> Trie {
        let mut children: Vec<BTreeMap<u16, u32>> = vec![BTreeMap::new()];
        let mut out = vec![0u32];
        for (id, syms) in encoded.iter().enumerate() {
            let mut s = 0usize;
            for &sym in syms {
                let next_id = children.len() as u32;
                let next = *children[s].entry(sym).or_insert(next_id);
                if next == next_id {
                    children.push(BTreeMap::new());
                    out.push(0);
                }
                s = next as usize;
            }
            if out[s] == 0 {
                out[s] = id as u32 + 1;
            }
        }
        let n = children.len();
        let mut fail = vec![0u32; n];
        let mut out_link = vec![0u32; n];
        let mut queue: std::collections::VecDeque<u32> = children[0].values().copied().collect();
        while let Some(s) = queue.pop_front() {
            let s = s as usize;
            for (&sym, &child) in &children[s] {
                let mut f = fail[s] as usize;
                let target = if s == 0 {
                    0
                } else {
                    loop {
                        if let Some(&t) = children[f].get(&sym) {
                            break t;
                        }
                        if f == 0 {
                            break 0;
                        }
                        f = fail[f] as usize;
                    }
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
        let report = (0..n)
            .map(|s| if out[s] != 0 { s as u32 } else { out_link[s] })
            .collect();
        Trie {
            children,
            fail,
            out,
            out_link,
            report,
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
        let astral = build(&["𠮷野家"]);
        assert_eq!(matches(&astral, "去𠮷野家吃饭").len(), 1);
        let long = "字".repeat(MAX_TERM_CHARS + 1);
        assert_eq!(
            CharAutomaton::new(&[long]).err(),
            Some(BuildError::TooLong { index: 0 })
        );
    }
}
