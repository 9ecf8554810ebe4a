//! Splitting a command line into commands and words as bash does, for the
//! subset the terminal supports: 'single' and "double" quotes, backslash
//! escapes, `$NAME`, `${NAME}`, `$?`, `$(command)` and backquotes, `#`
//! comments, `;`, `&&` and `||` between pipelines, `|` between the
//! commands of a pipeline, and `>`, `>>`, `2>`, `2>>` redirections into
//! files. Background jobs and input redirection are refused with a clear
//! message. Expansion happens when a
//! command runs (see `expand.rs`), so a variable set earlier on the line is
//! seen by the commands after it.

/// When a command runs, given how the previous one ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    /// First command, or after `;`.
    Always,
    /// After `&&`: only if the previous command succeeded.
    IfSucceeded,
    /// After `||`: only if it failed.
    IfFailed,
}

/// A piece of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Literal text; `quoted` when it came from quotes or escapes.
    Text { text: String, quoted: bool },
    /// `$NAME`, `${NAME}` or `$?`.
    Variable { name: String, quoted: bool },
    /// `$(command)` or `` `command` ``: the command's output.
    Substitution { line: String, quoted: bool },
}

/// One word, before expansion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// Its pieces, in order.
    pub parts: Vec<Part>,
}

impl Word {
    /// `NAME=value` with an unquoted `NAME=` at the start: the name and the
    /// parts of the value.
    pub fn assignment(&self) -> Option<(String, Vec<Part>)> {
        let Some(Part::Text {
            text,
            quoted: false,
        }) = self.parts.first()
        else {
            return None;
        };
        let (name, rest) = super::vars::split_assignment(text)?;
        let mut value = vec![Part::Text {
            text: rest.to_string(),
            quoted: true,
        }];
        value.extend(self.parts[1..].iter().cloned());
        Some((name.to_string(), value))
    }

    /// The word's text when it has no expansions.
    #[cfg(test)]
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text { text, .. } => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }
}

/// An output redirection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The file.
    pub path: Word,
    /// `>>` rather than `>`.
    pub append: bool,
}

/// One command with its redirections.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    /// The words.
    pub words: Vec<Word>,
    /// Where stdout goes (`>`), in order of appearance; the last one receives
    /// the output, as in bash, and the others are still created or emptied.
    pub stdout: Vec<Redirect>,
    /// Where stderr goes (`2>`).
    pub stderr: Vec<Redirect>,
}

/// Commands joined by `|`: each one's stdout is the next one's stdin.
pub type Pipeline = Vec<Command>;

/// A bash syntax error, worded as bash words it (without the `bash: ` prefix).
pub type SyntaxError = String;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Stdout,
    Stderr,
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    commands: Vec<(Connector, Pipeline)>,
    connector: Connector,
    /// The commands of the current pipeline before the current one.
    pipeline: Pipeline,
    command: Command,
    word: Option<Word>,
    pending: Option<(Target, bool)>,
}

/// Parses a line into pipelines. An empty line or a comment gives none.
pub fn parse(line: &str) -> Result<Vec<(Connector, Pipeline)>, SyntaxError> {
    let mut lexer = Lexer {
        chars: line.chars().collect(),
        pos: 0,
        commands: Vec::new(),
        connector: Connector::Always,
        pipeline: Vec::new(),
        command: Command::default(),
        word: None,
        pending: None,
    };
    lexer.run()?;
    Ok(lexer.commands)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Lexer {
    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    /// Makes sure the current word exists (so that `''` is an empty word).
    fn start_word(&mut self) -> &mut Word {
        self.word.get_or_insert_with(Word::default)
    }

    fn push_char(&mut self, c: char, quoted: bool) {
        let word = self.start_word();
        match word.parts.last_mut() {
            Some(Part::Text { text, quoted: q }) if *q == quoted => text.push(c),
            _ => word.parts.push(Part::Text {
                text: c.to_string(),
                quoted,
            }),
        }
    }

    fn push_part(&mut self, part: Part) {
        self.start_word().parts.push(part);
    }

    fn end_word(&mut self) {
        let Some(word) = self.word.take() else {
            return;
        };
        match self.pending.take() {
            Some((target, append)) => {
                let redirect = Redirect { path: word, append };
                match target {
                    Target::Stdout => self.command.stdout.push(redirect),
                    Target::Stderr => self.command.stderr.push(redirect),
                }
            }
            None => self.command.words.push(word),
        }
    }

    fn unexpected(token: &str) -> SyntaxError {
        format!("syntax error near unexpected token `{token}'")
    }

    /// Ends the current command at `token` (`|`, `;`, `&&`, `||`) and adds
    /// it to the pipeline.
    fn end_command(&mut self, token: &str) -> Result<(), SyntaxError> {
        self.end_word();
        if self.pending.is_some() {
            return Err(Self::unexpected(token));
        }
        let command = std::mem::take(&mut self.command);
        if command.words.is_empty() && command.stdout.is_empty() && command.stderr.is_empty() {
            return Err(Self::unexpected(token));
        }
        self.pipeline.push(command);
        Ok(())
    }

    /// Ends the current pipeline at `token`; `next` says when the one after runs.
    fn end_pipeline(&mut self, next: Connector, token: &str) -> Result<(), SyntaxError> {
        self.end_command(token)?;
        let pipeline = std::mem::take(&mut self.pipeline);
        self.commands.push((self.connector, pipeline));
        self.connector = next;
        Ok(())
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' | '\n' | '\r' => {
                    self.end_word();
                    self.pos += 1;
                }
                '#' if self.word.is_none() => break,
                '\'' => self.single_quoted()?,
                '"' => self.double_quoted()?,
                '\\' => {
                    if let Some(next) = self.peek(1) {
                        self.push_char(next, true);
                    }
                    self.pos += 2;
                }
                '$' => self.dollar(false)?,
                '`' => self.backquoted(false)?,
                ';' => {
                    self.end_pipeline(Connector::Always, ";")?;
                    self.pos += 1;
                }
                '&' if self.peek(1) == Some('&') => {
                    self.end_pipeline(Connector::IfSucceeded, "&&")?;
                    self.pos += 2;
                }
                '|' if self.peek(1) == Some('|') => {
                    self.end_pipeline(Connector::IfFailed, "||")?;
                    self.pos += 2;
                }
                '|' => {
                    self.end_command("|")?;
                    self.pos += 1;
                }
                '&' => {
                    return Err("background jobs (&) are not supported in this terminal".to_string())
                }
                '<' => {
                    return Err(
                        "input redirection (<) is not supported in this terminal".to_string()
                    )
                }
                '>' => self.redirect()?,
                c => {
                    self.push_char(c, false);
                    self.pos += 1;
                }
            }
        }
        self.end_word();
        if self.pending.is_some() {
            return Err(Self::unexpected("newline"));
        }
        let command = std::mem::take(&mut self.command);
        let empty =
            command.words.is_empty() && command.stdout.is_empty() && command.stderr.is_empty();
        let mut pipeline = std::mem::take(&mut self.pipeline);
        match (
            empty,
            pipeline.is_empty(),
            self.commands.is_empty(),
            self.connector,
        ) {
            (false, ..) => {
                pipeline.push(command);
                self.commands.push((self.connector, pipeline));
            }
            // `ls;` is fine; `ls &&` and `ls |` wait for more input in bash.
            (true, false, ..) | (true, _, false, Connector::IfSucceeded | Connector::IfFailed) => {
                return Err("syntax error: unexpected end of file".to_string())
            }
            _ => {}
        }
        Ok(())
    }

    fn redirect(&mut self) -> Result<(), SyntaxError> {
        let bare_two = self.word.as_ref().is_some_and(|w| {
            w.parts
                == [Part::Text {
                    text: "2".to_string(),
                    quoted: false,
                }]
        });
        let target = if bare_two {
            self.word = None;
            Target::Stderr
        } else {
            self.end_word();
            Target::Stdout
        };
        if self.pending.is_some() {
            return Err(Self::unexpected(">"));
        }
        let append = self.peek(1) == Some('>');
        self.pos += if append { 2 } else { 1 };
        if self.peek(0) == Some('&') {
            return Err(
                "redirections to other file descriptors (>&) are not supported in this terminal"
                    .to_string(),
            );
        }
        self.pending = Some((target, append));
        Ok(())
    }

    fn single_quoted(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos + 1;
        let end = (start..self.chars.len())
            .find(|&i| self.chars[i] == '\'')
            .ok_or_else(|| "unexpected EOF while looking for matching `''".to_string())?;
        let text: String = self.chars[start..end].iter().collect();
        self.push_part(Part::Text { text, quoted: true });
        self.pos = end + 1;
        Ok(())
    }

    fn double_quoted(&mut self) -> Result<(), SyntaxError> {
        self.push_part(Part::Text {
            text: String::new(),
            quoted: true,
        });
        self.pos += 1;
        loop {
            match self.peek(0) {
                None => return Err("unexpected EOF while looking for matching `\"'".to_string()),
                Some('"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some('\\') => match self.peek(1) {
                    Some(next @ ('$' | '`' | '"' | '\\')) => {
                        self.push_char(next, true);
                        self.pos += 2;
                    }
                    Some('\n') => self.pos += 2,
                    _ => {
                        self.push_char('\\', true);
                        self.pos += 1;
                    }
                },
                Some('$') => self.dollar(true)?,
                Some('`') => self.backquoted(true)?,
                Some(c) => {
                    self.push_char(c, true);
                    self.pos += 1;
                }
            }
        }
    }

    /// `$NAME`, `${NAME}`, `$?`, `$(command)`; a lone `$` is literal.
    fn dollar(&mut self, quoted: bool) -> Result<(), SyntaxError> {
        match self.peek(1) {
            Some('(') => {
                let start = self.pos + 2;
                let end = self
                    .closing_paren(start)
                    .ok_or_else(|| "unexpected EOF while looking for matching `)'".to_string())?;
                let line = self.chars[start..end].iter().collect();
                self.push_part(Part::Substitution { line, quoted });
                self.pos = end + 1;
            }
            Some('{') => {
                let start = self.pos + 2;
                let end = (start..self.chars.len())
                    .find(|&i| self.chars[i] == '}')
                    .ok_or_else(|| "unexpected EOF while looking for matching `}'".to_string())?;
                let name = self.chars[start..end].iter().collect();
                self.push_part(Part::Variable { name, quoted });
                self.pos = end + 1;
            }
            Some('?') => {
                self.push_part(Part::Variable {
                    name: "?".to_string(),
                    quoted,
                });
                self.pos += 2;
            }
            Some(c) if is_name_char(c) => {
                let start = self.pos + 1;
                let end = (start..self.chars.len())
                    .find(|&i| !is_name_char(self.chars[i]))
                    .unwrap_or(self.chars.len());
                let name = self.chars[start..end].iter().collect();
                self.push_part(Part::Variable { name, quoted });
                self.pos = end;
            }
            _ => {
                self.push_char('$', quoted);
                self.pos += 1;
            }
        }
        Ok(())
    }

    fn backquoted(&mut self, quoted: bool) -> Result<(), SyntaxError> {
        let start = self.pos + 1;
        let end = (start..self.chars.len())
            .find(|&i| self.chars[i] == '`')
            .ok_or_else(|| "unexpected EOF while looking for matching ``'".to_string())?;
        let line = self.chars[start..end].iter().collect();
        self.push_part(Part::Substitution { line, quoted });
        self.pos = end + 1;
        Ok(())
    }

    /// The `)` closing a `$(` whose text starts at `from`, skipping quotes
    /// and nested parentheses.
    fn closing_paren(&self, from: usize) -> Option<usize> {
        let mut depth = 1;
        let mut i = from;
        while i < self.chars.len() {
            match self.chars[i] {
                '\\' => i += 1,
                '\'' => i = (i + 1..self.chars.len()).find(|&j| self.chars[j] == '\'')?,
                '"' => {
                    i += 1;
                    while i < self.chars.len() && self.chars[i] != '"' {
                        if self.chars[i] == '\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Part {
        Part::Text {
            text: t.into(),
            quoted: false,
        }
    }

    fn words(line: &str) -> Vec<String> {
        let commands = parse(line).unwrap();
        assert_eq!(commands.len(), 1, "{line}");
        commands[0].1[0]
            .words
            .iter()
            .map(|w| w.literal().expect("literal"))
            .collect()
    }

    fn path(redirect: &Redirect) -> String {
        redirect.path.literal().unwrap()
    }

    #[test]
    fn quoting_and_escapes() {
        assert_eq!(
            words("aws ec2 describe-instances"),
            ["aws", "ec2", "describe-instances"]
        );
        assert_eq!(
            words(r#"echo 'a  b' "c \"d\" \$e \x" f\ g"#),
            ["echo", "a  b", r#"c "d" $e \x"#, "f g"]
        );
        assert_eq!(
            words(r#"--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]'"#),
            [
                "--tag-specifications",
                "ResourceType=instance,Tags=[{Key=Name,Value=web}]"
            ]
        );
        assert_eq!(
            words(r#"--tags '[{"Key":"Name","Value":"web"}]'"#),
            ["--tags", r#"[{"Key":"Name","Value":"web"}]"#]
        );
        assert_eq!(words("echo '' x"), ["echo", "", "x"]);
        assert_eq!(words("a'b'\"c\"d"), ["abcd"]);
        assert_eq!(words("echo $ 5$"), ["echo", "$", "5$"]);
    }

    #[test]
    fn variables_and_substitutions_are_kept_for_expansion() {
        let commands = parse(r#"ID=$(aws ec2 run-instances --query 'Instances[0].InstanceId' --output text) && echo "$ID" ${ID}x $?"#).unwrap();
        let assignment = &commands[0].1[0].words[0];
        let (name, value) = assignment.assignment().unwrap();
        assert_eq!(name, "ID");
        assert_eq!(
            value[1],
            Part::Substitution {
                line: "aws ec2 run-instances --query 'Instances[0].InstanceId' --output text"
                    .into(),
                quoted: false
            }
        );
        let echo = &commands[1].1[0].words;
        assert_eq!(
            echo[1].parts[1],
            Part::Variable {
                name: "ID".into(),
                quoted: true
            }
        );
        assert_eq!(
            echo[2].parts,
            [
                Part::Variable {
                    name: "ID".into(),
                    quoted: false
                },
                text("x")
            ]
        );
        assert_eq!(
            echo[3].parts,
            [Part::Variable {
                name: "?".into(),
                quoted: false
            }]
        );
        let nested = parse("echo $(echo $(echo ')' \"(\"))").unwrap();
        assert_eq!(
            nested[0].1[0].words[1].parts,
            [Part::Substitution {
                line: "echo $(echo ')' \"(\")".into(),
                quoted: false
            }]
        );
        assert_eq!(words("echo '$ID'"), ["echo", "$ID"]);
        assert!(parse("echo `date`").unwrap()[0].1[0].words[1]
            .literal()
            .is_none());
        assert!(parse("--ids=x").unwrap()[0].1[0].words[0]
            .assignment()
            .is_none());
    }

    #[test]
    fn comments_and_empty_lines() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("   ").unwrap().is_empty());
        assert!(parse("# just a note").unwrap().is_empty());
        assert_eq!(words("echo hi # note"), ["echo", "hi"]);
        assert_eq!(words("echo a#b"), ["echo", "a#b"]);
    }

    #[test]
    fn redirections() {
        let commands = parse(
            "aws ec2 create-key-pair --key-name k --query KeyMaterial --output text > key.pem",
        )
        .unwrap();
        let command = &commands[0].1[0];
        assert_eq!(command.words.last().unwrap().literal().unwrap(), "text");
        assert_eq!(command.stdout.len(), 1);
        assert_eq!(
            (path(&command.stdout[0]), command.stdout[0].append),
            ("key.pem".to_string(), false)
        );
        let command = &parse("echo more >>notes.txt 2> err.txt").unwrap()[0].1[0];
        assert_eq!(command.words.len(), 2);
        assert_eq!(
            (path(&command.stdout[0]), command.stdout[0].append),
            ("notes.txt".to_string(), true)
        );
        assert_eq!(path(&command.stderr[0]), "err.txt");
        assert_eq!(
            parse("echo '2'>x").unwrap()[0].1[0].words[1]
                .literal()
                .unwrap(),
            "2"
        );
    }

    #[test]
    fn chaining() {
        let commands = parse("chmod 400 key.pem && ls -l; echo done || echo failed").unwrap();
        let connectors: Vec<Connector> = commands.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            connectors,
            [
                Connector::Always,
                Connector::IfSucceeded,
                Connector::Always,
                Connector::IfFailed
            ]
        );
        assert_eq!(parse("ls;").unwrap().len(), 1);
    }

    #[test]
    fn syntax_errors_are_worded_as_bash() {
        assert_eq!(
            parse("echo 'oops").unwrap_err(),
            "unexpected EOF while looking for matching `''"
        );
        assert_eq!(
            parse("echo \"oops").unwrap_err(),
            "unexpected EOF while looking for matching `\"'"
        );
        assert_eq!(
            parse("echo $(date").unwrap_err(),
            "unexpected EOF while looking for matching `)'"
        );
        assert_eq!(
            parse("echo hi >").unwrap_err(),
            "syntax error near unexpected token `newline'"
        );
        assert_eq!(
            parse("; ls").unwrap_err(),
            "syntax error near unexpected token `;'"
        );
        assert_eq!(
            parse("ls && && ls").unwrap_err(),
            "syntax error near unexpected token `&&'"
        );
        assert_eq!(
            parse("ls |").unwrap_err(),
            "syntax error: unexpected end of file"
        );
        assert_eq!(
            parse("| ls").unwrap_err(),
            "syntax error near unexpected token `|'"
        );
        assert_eq!(
            parse("ls | | wc").unwrap_err(),
            "syntax error near unexpected token `|'"
        );
        assert_eq!(
            parse("ls > | wc").unwrap_err(),
            "syntax error near unexpected token `|'"
        );
    }

    #[test]
    fn pipes_bind_tighter_than_and_or() {
        let commands = parse("echo a | tee -a x.txt | wc -l && echo 'b|c' || grep \\| f").unwrap();
        let shape: Vec<(Connector, usize)> = commands.iter().map(|(c, p)| (*c, p.len())).collect();
        assert_eq!(
            shape,
            [
                (Connector::Always, 3),
                (Connector::IfSucceeded, 1),
                (Connector::IfFailed, 1)
            ]
        );
        let tee: Vec<String> = commands[0].1[1]
            .words
            .iter()
            .map(|w| w.literal().unwrap())
            .collect();
        assert_eq!(tee, ["tee", "-a", "x.txt"]);
        assert_eq!(words("echo 'b|c'"), ["echo", "b|c"]);
        assert_eq!(commands[2].1[0].words[1].literal().unwrap(), "|");
    }
}
