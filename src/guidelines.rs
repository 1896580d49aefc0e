//! The team's guidelines as the app shows them: plain text in which a line
//! starting with "- " or "* " is a list item, a blank line ends a paragraph,
//! and `*words*` are emphasised. It is read into blocks of text runs here
//! (pure), and the components make each run a text node: nothing in it is
//! ever parsed as HTML.

/// A run of text, emphasised or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub emphasis: bool,
}

/// A paragraph, or a list of items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Run>),
    List(Vec<Vec<Run>>),
}

/// The blocks of `text`.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<Vec<Run>> = Vec::new();
    let flush_paragraph = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(runs(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim();
        let item = line.strip_prefix("- ").or_else(|| line.strip_prefix("* "));
        if let Some(item) = item {
            flush_paragraph(&mut paragraph, &mut blocks);
            items.push(runs(item.trim()));
            continue;
        }
        if !items.is_empty() {
            blocks.push(Block::List(std::mem::take(&mut items)));
        }
        if line.is_empty() {
            flush_paragraph(&mut paragraph, &mut blocks);
        } else {
            paragraph.push(line);
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    if !items.is_empty() {
        blocks.push(Block::List(items));
    }
    blocks
}

/// The runs of one paragraph or item: `*…*` emphasised when closed on the
/// same line and not empty; a lone `*` stays as it is.
pub fn runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('*') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('*').filter(|&c| c > 0) else {
            break;
        };
        if open > 0 {
            runs.push(Run {
                text: rest[..open].to_string(),
                emphasis: false,
            });
        }
        runs.push(Run {
            text: after[..close].to_string(),
            emphasis: true,
        });
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        runs.push(Run {
            text: rest.to_string(),
            emphasis: false,
        });
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Run {
        Run {
            text: text.into(),
            emphasis: false,
        }
    }

    #[test]
    fn paragraphs_lists_and_emphasis() {
        let text = "Tag *people* and groups.\nNot places.\n\n- a person\n* a <b>state</b>\nAfter the list.";
        assert_eq!(
            blocks(text),
            vec![
                Block::Paragraph(vec![
                    plain("Tag "),
                    Run {
                        text: "people".into(),
                        emphasis: true
                    },
                    plain(" and groups. Not places."),
                ]),
                Block::List(vec![vec![plain("a person")], vec![plain("a <b>state</b>")]]),
                Block::Paragraph(vec![plain("After the list.")]),
            ]
        );
    }

    #[test]
    fn unclosed_or_empty_emphasis_stays_text() {
        assert_eq!(runs("2 * 3"), vec![plain("2 * 3")]);
        assert_eq!(runs("a ** b"), vec![plain("a ** b")]);
        assert!(blocks("  \n\n").is_empty());
    }
}
