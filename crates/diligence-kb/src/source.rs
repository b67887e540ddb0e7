//! Positions in source files: byte offsets turned into 1-based lines and
//! columns, and the text of a line for error snippets.

/// A 1-based line and column (counted in characters) in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The position of byte `offset` in `text` (clamped to the text).
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    Position { line, column }
}

/// The text of 1-based `line`, without its line ending.
pub fn line_text(text: &str, line: usize) -> &str {
    text.split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim_end_matches('\r')
}

/// The position of the first occurrence of `needle` in `text`, if any.
pub fn find(text: &str, needle: &str) -> Option<Position> {
    text.find(needle).map(|at| position(text, at))
}
