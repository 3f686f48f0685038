//! The one source of randomness of the generators: a byte string read as a series of choices.
//! A fuzzer's input and a proptest byte vector drive the same generator; an exhausted input
//! reads as zeros, so shorter inputs (and proptest's shrinking towards zeros) give simpler cases,
//! because every list of options puts its simplest one first.

/// Choices read from the front of a byte string.
#[derive(Debug, Clone)]
pub struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Choices { data, at: 0 }
    }

    fn byte(&mut self) -> u8 {
        let byte = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        byte
    }

    /// A number in `0..n` (0 when `n` is 0 or 1); two bytes when one cannot span `n`.
    pub fn below(&mut self, n: usize) -> usize {
        match n {
            0 | 1 => 0,
            2..=256 => usize::from(self.byte()) % n,
            _ => (usize::from(self.byte()) << 8 | usize::from(self.byte())) % n,
        }
    }

    /// True about `percent` times in a hundred: an option that is off when the input runs out.
    pub fn chance(&mut self, percent: u8) -> bool {
        self.below(100) + usize::from(percent) >= 100
    }

    pub fn pick<T: Copy>(&mut self, options: &[T]) -> T {
        options[self.below(options.len())]
    }

    /// A count in `0..=max`, small counts likelier: most lists are short.
    pub fn count(&mut self, max: usize) -> usize {
        let a = self.below(max + 1);
        let b = self.below(max + 1);
        a.min(b)
    }

    /// Whether the input still has unread bytes.
    pub fn is_exhausted(&self) -> bool {
        self.at >= self.data.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exhausted_input_chooses_the_first_option() {
        let mut choices = Choices::new(&[]);
        assert_eq!(choices.below(10), 0);
        assert_eq!(choices.pick(&["simple", "odd"]), "simple");
        assert!(!choices.chance(50));
    }

    #[test]
    fn large_ranges_read_two_bytes() {
        let mut choices = Choices::new(&[1, 2]);
        assert_eq!(choices.below(1000), 258);
        assert!(choices.is_exhausted());
    }
}
