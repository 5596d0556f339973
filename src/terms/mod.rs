//! Restricted-term matching: the character-level automaton that finds every term of every
//! active list (and the classification-mark anchors) in one pass over the text.

pub mod automaton;
